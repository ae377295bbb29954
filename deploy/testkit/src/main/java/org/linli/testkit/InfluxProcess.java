package org.linli.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real InfluxDB 1.x ({@code influxd}, Debian package {@code influxdb}) on 127.0.0.1, configured from
 * {@code deploy/local/conf/influxdb.conf.tmpl}: HTTP API and RPC service on two free ports, meta, data
 * and WAL under the work directory, no reporting, no self-monitoring, output in {@code influxd.log}.
 * Ready when {@code GET /ping} answers 204.
 *
 * <p>All methods throw unchecked exceptions; a failed start names the cause and shows the log tail.
 */
public final class InfluxProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    // influxd speaks HTTP/1.1 only; the JDK client's default HTTP/2 upgrade attempt adds nothing.
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final int port;
    private final int rpcPort;
    private final Path workDir;
    private final ManagedProcess process;

    private InfluxProcess(int port, int rpcPort, Path workDir, ManagedProcess process) {
        this.port = port;
        this.rpcPort = rpcPort;
        this.workDir = workDir;
        this.process = process;
    }

    /** Writes the configuration into {@code workDir} (created if missing), starts influxd and waits for /ping. */
    public static InfluxProcess start(Path workDir) {
        Path binary = Binaries.influxd();
        Path dir = workDir.toAbsolutePath();
        int httpPort = Ports.free();
        int rpcPort = Ports.free();
        try {
            Files.createDirectories(dir.resolve("data"));
            String config = Template.render(Template.load("influxdb.conf.tmpl"), Map.of(
                    "HTTP_PORT", Integer.toString(httpPort),
                    "RPC_PORT", Integer.toString(rpcPort),
                    "DATA_DIR", dir.resolve("data").toString()));
            Files.writeString(dir.resolve("influxdb.conf"), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare influxdb in " + dir, e);
        }
        ManagedProcess process = new ManagedProcess("influxd",
                List.of(binary.toString(), "-config", dir.resolve("influxdb.conf").toString()), dir, dir.resolve("influxd.log"));
        InfluxProcess influx = new InfluxProcess(httpPort, rpcPort, dir, process);
        influx.launch();
        return influx;
    }

    /** The HTTP API port on 127.0.0.1; it stays the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /**
     * {@code 127.0.0.1:PORT} of the RPC service that {@code influxd backup} and {@code influxd restore}
     * talk to (their {@code -host}); it stays the same across {@link #restart()}.
     */
    public String rpcAddress() {
        return "127.0.0.1:" + rpcPort;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path workDir() {
        return workDir;
    }

    /** {@code CREATE DATABASE "name"}; creating an existing database is a no-op in InfluxDB. */
    public void createDatabase(String name) {
        String body = post("CREATE DATABASE \"" + name.replace("\"", "\\\"") + "\"", null);
        if (body.contains("\"error\"")) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed: " + body);
        }
    }

    /**
     * Runs InfluxQL against {@code db} (may be null for statements such as {@code SHOW DATABASES}) with
     * {@code POST /query} and returns the raw JSON body. Errors inside a statement stay in the body, as
     * InfluxDB reports them there with status 200; other statuses fail.
     */
    public String query(String db, String influxql) {
        return post(influxql, db);
    }

    /** Stops influxd gracefully (SIGTERM) and waits for it to exit. */
    public void stop() {
        process.stop();
    }

    /** Ends influxd with SIGKILL, for fault tests. */
    public void kill() {
        process.kill();
    }

    /** Starts influxd again on the same ports and data (stopping it first if it runs). */
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
        process.awaitReady(this::pingAnswers, START_TIMEOUT, List.of(workDir.resolve("influxd.log")));
        LOG.info("influxdb ready on {} (work dir {})", url(), workDir);
    }

    private boolean pingAnswers() {
        try {
            HttpRequest ping = HttpRequest.newBuilder(URI.create(url() + "/ping"))
                    .timeout(Duration.ofSeconds(1))
                    .GET()
                    .build();
            return HTTP.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for influxdb", e);
        }
    }

    private String post(String influxql, String db) {
        String form = "q=" + URLEncoder.encode(influxql, StandardCharsets.UTF_8)
                + (db == null ? "" : "&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/query"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("influxdb answered " + response.statusCode() + " to " + influxql
                        + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("influxdb at " + url() + " unreachable for " + influxql, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + influxql, e);
        }
    }

    @Override
    public String toString() {
        return "InfluxProcess[" + url() + "]";
    }
}
