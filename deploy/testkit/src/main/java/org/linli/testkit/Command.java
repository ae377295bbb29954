package org.linli.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to its end with a time limit and keeps its exit code, stdout and stderr; for tests of
 * scripts and tools (dpkg-deb, systemd-analyze, backup scripts).
 */
public record Command(List<String> command, int exitCode, String stdout, String stderr) {

    public static Command run(Path dir, Duration timeout, String... command) {
        return run(dir, timeout, Map.of(), command);
    }

    public static Command run(Path dir, Duration timeout, Map<String, String> env, String... command) {
        try {
            Path out = Files.createTempFile("cmd", ".out");
            Path err = Files.createTempFile("cmd", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout);
            }
            Command result = new Command(List.of(command), process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Fails with the command's output unless it exited with 0. */
    public Command ok() {
        if (exitCode != 0) {
            throw new AssertionError(this.toString());
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " -> exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
}
