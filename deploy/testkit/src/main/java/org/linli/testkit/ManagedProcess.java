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
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-running service process: started from a fixed command line with its output appended to a
 * file in its work directory, waited on until a probe says it is ready, and stopped, killed or
 * started again. The pid is written to {@code NAME.pid} in the work directory so that
 * {@link WorkDirs#reset} can end a process left behind by a test JVM that was itself killed.
 */
final class ManagedProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);
    private static final Duration POLL = Duration.ofMillis(50);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final List<String> command;
    private final Path workDir;
    private final Path output;
    private Process process;

    ManagedProcess(String name, List<String> command, Path workDir, Path output) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.output = output;
    }

    /** Starts the command; the caller then waits with {@link #awaitReady}. */
    synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        try {
            Files.writeString(output, System.lineSeparator() + "=== " + Instant.now() + " " + String.join(" ", command)
                    + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(output.toFile()))
                    .start();
            Files.writeString(pidFile(), Long.toString(process.pid()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
        LOG.debug("started {} (pid {}): {}", name, process.pid(), command);
    }

    /**
     * Polls {@code probe} until it answers true. Fails with the tail of {@code logs} when the process
     * exits first or {@code timeout} passes; in the latter case the process is killed.
     */
    void awaitReady(BooleanSupplier probe, Duration timeout, List<Path> logs) {
        Instant deadline = Instant.now().plus(timeout);
        while (!probe.getAsBoolean()) {
            Process current = current();
            if (!current.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + current.exitValue()
                        + " during start-up" + LogTail.of(logs));
            }
            if (Instant.now().isAfter(deadline)) {
                kill();
                throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s"
                        + LogTail.of(logs));
            }
            sleep(POLL);
        }
    }

    /** SIGTERM, then waits; SIGKILL if it has not exited after {@link #STOP_TIMEOUT}. No-op if not running. */
    void stop() {
        Process current = runningOrNull();
        if (current != null) {
            current.destroy();
            awaitExit(current);
        }
    }

    /**
     * Sends {@code signal} (a name such as {@code INT}) instead of SIGTERM. Java can only send TERM and
     * KILL itself, so the shell's kill does it; as root that reaches processes of other users too.
     */
    void stop(String signal) {
        Process current = runningOrNull();
        if (current != null) {
            Commands.run(List.of("/bin/sh", "-c", "kill -s \"$1\" \"$2\"", "sh", signal, Long.toString(current.pid())),
                    workDir, output, Duration.ofSeconds(10));
            awaitExit(current);
        }
    }

    /** SIGKILL, then waits for the exit. No-op if not running. */
    void kill() {
        Process current = runningOrNull();
        if (current != null) {
            current.destroyForcibly();
            waitFor(current, STOP_TIMEOUT);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    String name() {
        return name;
    }

    private void awaitExit(Process current) {
        if (!waitFor(current, STOP_TIMEOUT)) {
            LOG.warn("{} (pid {}) did not exit {} s after the stop signal; killing it", name, current.pid(),
                    STOP_TIMEOUT.toSeconds());
            current.destroyForcibly();
            waitFor(current, STOP_TIMEOUT);
        }
        LOG.debug("{} (pid {}) exited with code {}", name, current.pid(), current.isAlive() ? "?" : current.exitValue());
    }

    private synchronized Process runningOrNull() {
        return isAlive() ? process : null;
    }

    private synchronized Process current() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process;
    }

    private Path pidFile() {
        return workDir.resolve(name + ".pid");
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pid " + process.pid() + " to exit", e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
