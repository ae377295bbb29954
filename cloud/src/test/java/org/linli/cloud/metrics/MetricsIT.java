package org.linli.cloud.metrics;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.testkit.GrafanaDashboards;
import org.linli.testkit.Services;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code /prometheus} of a real cloud (real Mosquitto and InfluxDB): the bearer token guard, counts that
 * move with what the ingest does, and the Grafana dashboards of deploy/grafana checked against it: every
 * metric a cloud dashboard's PromQL names is in the scrape, and every InfluxQL query of every dashboard
 * runs on a real InfluxDB holding what the cloud wrote.
 */
@Timeout(120)
class MetricsIT {
    private static final String TOPIC = "linli/v1/huayuan/gw-01/readings";
    private static final String DB = "linli_metrics_it";
    private static final String TOKEN = "metrics-it-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final WireCodec CODEC = new WireCodec();

    @RegisterExtension
    static final Services services = Services.mosquitto().influx();

    private static EmbeddedServer server;
    private static MqttClient gateway;

    @BeforeAll
    static void startCloud() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-metrics", UUID.randomUUID().toString()));
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path site = Path.of(MetricsIT.class.getResource("/site.yaml").toURI());
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "linli.site-file", site.toString(),
                "linli.data-dir", dir.toString(),
                "linli.mqtt.uri", services.mosquittoProcess().uri(),
                "linli.mqtt.client-id", "linli-cloud-metrics-it",
                "linli.influx.url", services.influxProcess().url(),
                "linli.influx.database", DB,
                "linli.metrics.token-file", tokenFile.toString(),
                "linli.metrics.refresh", "1s",
                "micronaut.server.port", -1));
        gateway = new MqttClient(services.mosquittoProcess().uri(), "gw-01-metrics-it", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        gateway.connect(options);
        awaitTrue("the cloud is subscribed (health UP)", () -> get("/health", null).statusCode() == 200);
    }

    @AfterAll
    static void stopCloud() throws Exception {
        if (gateway != null) {
            gateway.disconnect();
            gateway.close();
        }
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @Test
    void shouldRefuseAScrapeWithoutTheRightBearerToken() {
        double before = value(scrape(), "linli_web_refused_total", "reason=\"metrics-token\"");

        HttpResponse<String> none = get("/prometheus", null);
        HttpResponse<String> wrong = get("/prometheus", "Bearer not-" + TOKEN);
        HttpResponse<String> basic = get("/prometheus", "Basic " + TOKEN);

        assertEquals(401, none.statusCode());
        assertEquals(401, wrong.statusCode());
        assertEquals(401, basic.statusCode());
        assertFalse(wrong.body().contains("linli_"), "no metrics in a refusal");
        assertEquals(before + 3, value(scrape(), "linli_web_refused_total", "reason=\"metrics-token\""));
    }

    @Test
    void shouldCountAcceptedReadingsAndRejectsByReason() throws Exception {
        String before = scrape();
        double accepted = value(before, "linli_ingest_readings_accepted_total", "");
        double notJson = value(before, "linli_ingest_rejects_total", "reason=\"not-json\"");

        gateway.publish(TOPIC, "this is not json".getBytes(StandardCharsets.UTF_8), 1, false);
        long ts = System.currentTimeMillis();
        gateway.publish(TOPIC, batch(ts, Reading.of("pir-1", ts, "occupied", 1, "bool"),
                Reading.of("park-3", ts, "occupied", 0, "bool")), 1, false);

        awaitTrue("two readings counted", () -> value(scrape(), "linli_ingest_readings_accepted_total", "") == accepted + 2);
        String after = scrape();
        assertEquals(notJson + 1, value(after, "linli_ingest_rejects_total", "reason=\"not-json\""));
        assertTrue(after.contains("site=\"huayuan\""), "every meter has the site tag");
        // The rules' saved state (every linli.rules.save-every, 10 s): fire-lane-3 is the one encroachment space.
        awaitTrue("the encroachment space in a state", () -> encroachmentSpaces(scrape()) == 1);
        assertEquals(0, value(scrape(), "linli_metrics_sql_failures_total", ""), "the SQL gauges read without failure");
        for (String status : List.of("filed", "dispatched", "in_progress", "closed", "rejected")) {
            assertTrue(after.contains("linli_tickets{site=\"huayuan\",status=\"" + status + "\"}"), "tickets by status: " + status);
        }
    }

    @Test
    void shouldServeEveryMetricTheCloudDashboardsUse() throws Exception {
        // One request served first, so the HTTP server's timer exists.
        get("/health", null);
        Set<String> scraped = GrafanaDashboards.scrapedNames(scrape());
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String dashboard : List.of("cloud-ingest.json", "cloud-tickets.json")) {
            for (GrafanaDashboards.Query q : GrafanaDashboards.queries(dashboard)) {
                assertEquals(GrafanaDashboards.PROMETHEUS_UID, q.datasourceUid(), q.dashboard() + " / " + q.panel());
                Set<String> names = GrafanaDashboards.metricNames(q.text());
                assertFalse(names.isEmpty(), q.dashboard() + " / " + q.panel() + ": no metric in " + q.text());
                for (String name : names) {
                    checked++;
                    if (!scraped.contains(name)) {
                        missing.add(q.dashboard() + " / " + q.panel() + ": " + name);
                    }
                }
            }
        }
        assertTrue(checked > 30, "the dashboards name metrics: " + checked);
        assertEquals(List.of(), missing, "metrics the dashboards use and the cloud does not serve");
    }

    @Test
    void shouldRunEveryInfluxQlQueryOfTheDashboardsOnWhatTheCloudWrote() throws Exception {
        long ts = System.currentTimeMillis() - 60_000;
        gateway.publish(TOPIC, batch(ts, Reading.of("pir-1", ts, "occupied", 1, "bool")), 1, false);
        awaitTrue("the reading is in InfluxDB", () -> services.influxProcess()
                .query(DB, "SELECT * FROM occupancy WHERE time = " + ts + "ms").contains("\"series\""));

        List<String> failed = new ArrayList<>();
        Set<String> withData = new TreeSet<>();
        int checked = 0;
        for (String dashboard : GrafanaDashboards.names()) {
            for (GrafanaDashboards.Query q : GrafanaDashboards.queries(dashboard)) {
                if (!GrafanaDashboards.INFLUX_UID.equals(q.datasourceUid())) {
                    continue;
                }
                checked++;
                String sql = GrafanaDashboards.influxql(q.text());
                String body;
                try {
                    body = services.influxProcess().query(DB, sql);
                } catch (IllegalStateException e) {
                    failed.add(q.dashboard() + " / " + q.panel() + ": " + e.getMessage());
                    continue;
                }
                if (body.contains("\"error\"")) {
                    failed.add(q.dashboard() + " / " + q.panel() + ": " + sql + " -> " + body);
                } else if (body.contains("\"series\"")) {
                    withData.add(q.panel());
                }
            }
        }
        assertTrue(checked >= 5, "InfluxQL queries checked: " + checked);
        assertEquals(List.of(), failed);
        assertTrue(withData.contains("Occupied share"), "the occupancy panel reads the cloud's points: " + withData);
    }

    private static byte[] batch(long ts, Reading... readings) {
        return CODEC.encode(new ReadingBatch(1, "huayuan", "gw-01", UUID.randomUUID().toString(), 1, ts, List.of(readings)));
    }

    private static String scrape() {
        HttpResponse<String> r = get("/prometheus", "Bearer " + TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static double encroachmentSpaces(String exposition) {
        double sum = 0;
        for (String state : List.of("clear", "entering", "present", "encroaching")) {
            sum += value(exposition, "linli_rule_spaces", "rule=\"encroachment\",site=\"huayuan\",state=\"" + state + "\"");
        }
        return sum;
    }

    /** The value of the series {@code name} whose labels contain {@code labels}; 0 when there is none. */
    static double value(String exposition, String name, String labels) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        }
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                fail("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
