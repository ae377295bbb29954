package org.linli.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short-lived helper commands (initdb, createdb, pg_isready, kill) with their output sent to a log file. */
final class Commands {

    private Commands() {
    }

    /** Runs {@code command} to completion and returns its exit code; a timeout kills it and fails. */
    static int run(List<String> command, Path workDir, Path log, Duration timeout) {
        try {
            Files.writeString(log, "=== " + Instant.now() + " " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s" + LogTail.of(List.of(log)));
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Like {@link #run}, but a non-zero exit code fails with the tail of the log. */
    static void require(List<String> command, Path workDir, Path log, Duration timeout) {
        int exitCode = run(command, workDir, log, timeout);
        if (exitCode != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + exitCode
                    + LogTail.of(List.of(log)));
        }
    }
}
