package org.linli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cloud as its own process, started from its shaded jar as in production: Micronaut's Netty 4.2
 * and the gateway's Vert.x (Netty 4.1) cannot share this test's class path.
 */
final class CloudProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;
    /** The admin's session cookie ({@code name=value}), after {@link #login}. */
    private String session;
    /** The session's {@code X-CSRF-Token}, which every POST with the cookie must carry. */
    private String csrf;

    private CloudProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static CloudProcess start(Path workDir, String mqttUri, String influxUrl) throws IOException, InterruptedException {
        return start(workDir, mqttUri, influxUrl, Path.of(System.getProperty("linli.site.file", "../local/demo/site.yaml")));
    }

    /** Starts the cloud on {@code site}; started again on the same {@code workDir}, it finds its data again. */
    static CloudProcess start(Path workDir, String mqttUri, String influxUrl, Path site) throws IOException, InterruptedException {
        return start(workDir, mqttUri, influxUrl, site, Map.of());
    }

    /**
     * As {@link #start(Path, String, String, Path)}, with {@code extraEnv} added to (and winning over) the
     * environment set here, e.g. {@code DATASOURCES_DEFAULT_URL} for a PostgreSQL or rule settings.
     */
    static CloudProcess start(Path workDir, String mqttUri, String influxUrl, Path site, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("linli.cloud.jar", "../../cloud/target/linli-cloud.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the cloud first (mvn -pl cloud -am package)");
        }
        Files.createDirectories(workDir);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = workDir.resolve("cloud.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())); // a restart keeps the log before it
        Map<String, String> env = builder.environment();
        env.put("LINLI_SITE_FILE", site.toAbsolutePath().toString());
        env.put("LINLI_MQTT_URI", mqttUri);
        env.put("LINLI_MQTT_CLIENT_ID", "linli-cloud-e2e");
        env.put("LINLI_INFLUX_URL", influxUrl);
        env.put("LINLI_INFLUX_DATABASE", "linli");
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        // Its own embedded database and files, not whatever an earlier run left in the working directory.
        env.put("LINLI_DATA_DIR", workDir.resolve("cloud-data").toAbsolutePath().toString());
        // The first admin, with a password made for this work directory (kept with its database, so a
        // restart in the same directory logs in again): the APIs need a login.
        Path passwordFile = workDir.resolve("admin-password");
        if (!Files.isRegularFile(passwordFile)) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            Files.writeString(passwordFile, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
        }
        String password = Files.readString(passwordFile).strip();
        env.put("LINLI_ADMIN_PASSWORD_FILE", passwordFile.toAbsolutePath().toString());
        env.putAll(extraEnv);
        CloudProcess cloud = new CloudProcess(builder.start(), port, log);
        try {
            cloud.awaitHealthy(Duration.ofSeconds(90));
            cloud.login("admin", password);
        } catch (IOException | InterruptedException | RuntimeException e) {
            cloud.close(); // never leave a cloud behind that holds the port and the database
            throw e;
        }
        return cloud;
    }

    private void login(String username, String password) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("username", username, "password", password));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/login")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = r.headers().firstValue("Set-Cookie").orElse(null);
        if (r.statusCode() != 200 || cookie == null) {
            throw new IllegalStateException("login as " + username + " answered " + r.statusCode() + ": " + r.body() + "\n" + logTail());
        }
        session = cookie.substring(0, cookie.indexOf(';'));
        csrf = JSON.readTree(r.body()).path("csrfToken").asText();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(5)).header("Cookie", session);
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the cloud exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("the cloud did not become healthy within " + timeout + ":\n" + logTail());
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(get(path).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** A POST as the logged-in admin, with the session's CSRF token. */
    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30)).header("Cookie", session)
                        .header("X-CSRF-Token", csrf).header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String getText(String path) throws IOException, InterruptedException {
        return HTTP.send(get(path).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as a crash: no shutdown hook, no clean MQTT disconnect. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
