package org.linli.config.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code linli-config}: the installers' command line. From a site inventory to checked, flash-ready
 * boot files for each gateway.
 *
 * <p>Exit codes, the same for every subcommand: {@link #OK} 0, {@link #INVALID} 1 (the input was read
 * and is wrong, every problem is listed), {@link #UNUSABLE} 2 (the input cannot be read at all, or the
 * command line is wrong).
 */
@Command(name = "linli-config", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Linli installers' tool: validate a site inventory, render per-gateway boot bundles, flash them.",
        subcommands = {ValidateCommand.class, SchemaCommand.class, RenderCommand.class, FlashCommand.class})
public final class LinliConfigCli implements Runnable {
    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int UNUSABLE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: validate, render or flash");
    }

    /** The command line with Linli's exit codes, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LinliConfigCli());
        cli.setExitCodeExceptionMapper(e -> UNUSABLE);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("linli-config: " + e.getMessage());
            e.getCommandLine().getErr().println("Try 'linli-config " + e.getCommandLine().getCommandName() + " --help'.");
            return UNUSABLE;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
