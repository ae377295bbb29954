package org.linli.config.cli;

import org.linli.config.flash.BootTarget;
import org.linli.config.flash.Bundle;
import org.linli.config.flash.DirectoryBootTarget;
import org.linli.config.flash.FileCheck;
import org.linli.config.flash.FlashException;
import org.linli.config.flash.FlashReport;
import org.linli.config.flash.Flasher;
import org.linli.config.flash.ImageBootTarget;
import org.linli.config.flash.Mtools;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code linli-config flash}: puts one gateway's bundle onto a boot partition, in an image file (mtools,
 * no root) or a mounted card, and reads every file back. Exit 1 when the read-back differs, 2 when the
 * bundle, the target or mtools cannot be used (nothing or not everything was written).
 */
@Command(name = "flash", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Write a gateway bundle (from 'linli-config render') onto a Raspberry Pi OS boot partition,"
                        + " append cmdline-append.txt to cmdline.txt, read every file back and compare.",
                "Exit codes: 0 written and verified; 1 written but the read-back differs (files named);"
                        + " 2 bundle, image, boot directory or mtools unusable (missing, not an image, no FAT"
                        + " partition, GPT, too small, a tool failed)."},
        footer = {"", "Examples:",
                "  linli-config flash out/gateways/gw-01 --image raspios-lite.img",
                "  linli-config flash out/gateways/gw-01 --boot-dir /media/$USER/bootfs"})
final class FlashCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "the gateway's bundle directory, OUT/gateways/<gateway-id>")
    Path bundle;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--image", paramLabel = "FILE.img", required = true,
                description = "an unpacked Raspberry Pi OS image; its first FAT partition is written with mtools, no root needed")
        Path image;

        @Option(names = "--boot-dir", paramLabel = "DIR", required = true,
                description = "a mounted boot partition, e.g. /media/$USER/bootfs")
        Path bootDir;
    }

    @Option(names = "--mtools-dir", paramLabel = "DIR",
            description = "where mcopy, mmd, mtype and mdir are (default: PATH)")
    Path mtoolsDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Bundle b = Bundle.read(bundle);
            BootTarget boot = target.image != null
                    ? ImageBootTarget.open(Mtools.locate(Optional.ofNullable(mtoolsDir)), target.image)
                    : new DirectoryBootTarget(target.bootDir);
            out.println("flashing " + bundle + " onto " + boot.describe());
            FlashReport report = new Flasher().flash(b, boot);
            print(report, out);
            if (!report.ok()) {
                err.println("linli-config flash: read-back differs for " + String.join(", ", report.failed())
                        + "; flash again, and if it persists the image or card is faulty");
                return LinliConfigCli.INVALID;
            }
            return LinliConfigCli.OK;
        } catch (FlashException e) {
            err.println("linli-config flash: " + e.getMessage());
            return LinliConfigCli.UNUSABLE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    // Names, sizes and results only: the bundle holds passwords and a private key.
    private static void print(FlashReport report, PrintWriter out) {
        int width = Math.max(4, report.files().stream().mapToInt(f -> f.path().length()).max().orElse(0));
        out.printf("%-" + width + "s  %10s  %s%n", "file", "bytes", "check");
        for (FileCheck f : report.files()) {
            out.printf("%-" + width + "s  %10d  %s%n", f.path(), f.size(), f.status().label());
        }
        report.notes().forEach(n -> out.println("note: " + n));
    }
}
