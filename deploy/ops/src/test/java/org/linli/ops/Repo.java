package org.linli.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** The repository's operations files, and InfluxDB's write API for the tests that feed it. */
final class Repo {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Repo() {
    }

    static Path root() {
        return Path.of(System.getProperty("linli.repo.root", "../..")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    /** Writes line protocol to {@code db} (precision ms) into its default retention policy, as the cloud does. */
    static void write(String influxUrl, String db, String lines) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(influxUrl + "/write?precision=ms&db="
                        + URLEncoder.encode(db, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(lines)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new AssertionError("write answered " + response.statusCode() + ": " + response.body());
        }
    }
}
