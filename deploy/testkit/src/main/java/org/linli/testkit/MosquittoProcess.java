package org.linli.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Mosquitto broker on 127.0.0.1 and a free port, configured from
 * {@code deploy/local/conf/mosquitto.conf.tmpl}: anonymous clients allowed, persistence on under the
 * work directory (so a restart keeps persistent sessions and their queued QoS 1 messages), broker log in {@code mosquitto.log} and process output in {@code stdout.log}.
 *
 * <p>All methods throw unchecked exceptions; a failed start names the cause and shows the log tail.
 */
public final class MosquittoProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MosquittoProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path workDir;
    private final ManagedProcess process;

    private MosquittoProcess(int port, Path workDir, ManagedProcess process) {
        this.port = port;
        this.workDir = workDir;
        this.process = process;
    }

    /** Writes the configuration into {@code workDir} (created if missing), starts the broker and waits until it accepts TCP connections. */
    public static MosquittoProcess start(Path workDir) {
        return start(workDir, "");
    }

    /**
     * As {@link #start(Path)}, with {@code extraConfig} appended after the template's lines, e.g.
     * {@code allow_anonymous false}, {@code password_file ...} and {@code acl_file ...} to test rendered
     * broker files. Mosquitto takes the last value of a repeated global option, so the extra lines win.
     * A {@code per_listener_settings} line of {@code extraConfig} goes first, where Mosquitto wants it (the
     * template's listener then keeps its own {@code allow_anonymous true}).
     */
    public static MosquittoProcess start(Path workDir, String extraConfig) {
        Path binary = Binaries.mosquitto();
        Path dir = workDir.toAbsolutePath();
        int port = Ports.free();
        try {
            Files.createDirectories(dir.resolve("data"));
            // Mosquitto wants per_listener_settings before any security setting, the template's included.
            String first = extraConfig.lines().filter(MosquittoProcess::goesFirst)
                    .map(l -> l + System.lineSeparator()).collect(java.util.stream.Collectors.joining());
            String rest = extraConfig.lines().filter(l -> !goesFirst(l))
                    .collect(java.util.stream.Collectors.joining(System.lineSeparator()));
            String config = first + Template.render(Template.load("mosquitto.conf.tmpl"), Map.of(
                    "PORT", Integer.toString(port),
                    "DATA_DIR", dir.resolve("data").toString(),
                    "LOG_FILE", dir.resolve("mosquitto.log").toString(),
                    "RUN_USER", OsUser.currentName()))
                    + System.lineSeparator() + "# Added by the test" + System.lineSeparator() + rest
                    + System.lineSeparator();
            Files.writeString(dir.resolve("mosquitto.conf"), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare mosquitto in " + dir, e);
        }
        ManagedProcess process = new ManagedProcess("mosquitto",
                List.of(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString()), dir, dir.resolve("stdout.log"));
        MosquittoProcess broker = new MosquittoProcess(port, dir, process);
        broker.launch();
        return broker;
    }

    private static boolean goesFirst(String line) {
        return line.strip().startsWith("per_listener_settings");
    }

    /** The TCP port on 127.0.0.1; it stays the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}, as Paho and the Linli settings expect it. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The directory holding the configuration, the persistence file and the logs. */
    public Path workDir() {
        return workDir;
    }

    /** Stops the broker gracefully (SIGTERM, which also saves its database) and waits for it to exit. */
    public void stop() {
        process.stop();
    }

    /**
     * Ends the broker with SIGKILL, as a crash would, for fault tests. The broker saves its database
     * after every change, but only at the next turn of its event loop: a message acknowledged a few
     * milliseconds before the kill may be lost, as it would be in a real crash. Use {@link #stop()}
     * where the test needs queued messages to survive.
     */
    public void kill() {
        process.kill();
    }

    /** Starts the broker again on the same port and data directory (stopping it first if it runs). */
    public void restart() {
        process.stop();
        launch();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void launch() {
        process.start();
        process.awaitReady(() -> Ports.accepts(port), START_TIMEOUT,
                List.of(workDir.resolve("stdout.log"), workDir.resolve("mosquitto.log")));
        LOG.info("mosquitto ready on {} (work dir {})", uri(), workDir);
    }

    @Override
    public String toString() {
        return "MosquittoProcess[" + uri() + "]";
    }
}
