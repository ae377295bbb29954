package org.linli.config.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder while being written. */
@Command(name = "flash")
final class FlashCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return LinliConfigCli.UNUSABLE;
    }
}
