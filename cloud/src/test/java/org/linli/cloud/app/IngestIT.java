package org.linli.cloud.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.WebClient;
import org.linli.testkit.Services;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole pipe against a real Mosquitto and a real InfluxDB 1.x: a batch published as a gateway
 * publishes it ends up as points in InfluxDB; duplicates, garbage and unknown sensors are handled as
 * the contract says; and a batch that could not be stored before the cloud stopped is delivered again.
 *
 * <p>The tests share one app and one broker, so each uses its own boot id and timestamps, and checks
 * how the counters change rather than their absolute values.
 */
@Timeout(90)
class IngestIT {
    private static final String TOPIC = "linli/v1/huayuan/gw-01/readings";
    private static final String DB = "linli_it";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final WireCodec CODEC = new WireCodec();
    /** A distinct millisecond for every reading of the run, so tests never see each other's points. */
    private static final AtomicLong NEXT_TS = new AtomicLong(1_763_800_000_000L);

    @RegisterExtension
    static final Services services = Services.mosquitto().influx();

    /** The same spool for every start of the app in this class, as on a real host. */
    private static final Path SPOOL = Path.of("target", "it-spool", "IngestIT-" + UUID.randomUUID());
    private static EmbeddedServer server;
    private static WebClient admin;
    private MqttClient gateway;

    @BeforeAll
    static void startCloud() throws URISyntaxException {
        server = startApp();
    }

    @AfterAll
    static void stopCloud() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static EmbeddedServer startApp() throws URISyntaxException {
        Path site = Path.of(IngestIT.class.getResource("/site.yaml").toURI());
        Map<String, Object> props = Map.of(
                "linli.site-file", site.toString(),
                "linli.spool.path", SPOOL.toString(),
                "linli.mqtt.uri", services.mosquittoProcess().uri(),
                "linli.mqtt.client-id", "linli-cloud-it",
                "linli.influx.url", services.influxProcess().url(),
                "linli.influx.database", DB,
                "micronaut.server.port", -1);
        EmbeddedServer started = ApplicationContext.run(EmbeddedServer.class, props);
        // Each start has its own in-memory database: log in an admin of this instance.
        admin = TestUsers.loginAs(started, "ingest-it", Role.COMMUNITY_ADMIN, null);
        return started;
    }

    @BeforeEach
    void connectGateway() throws MqttException {
        gateway = new MqttClient(services.mosquittoProcess().uri(), "gw-01-it-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        gateway.connect(options);
        awaitTrue("the cloud is subscribed (health UP)", () -> health().statusCode() == 200);
    }

    @AfterEach
    void disconnectGateway() throws MqttException {
        if (gateway.isConnected()) {
            gateway.disconnect();
        }
        gateway.close();
    }

    @Test
    void shouldStoreAReadingWithItsSourceTimestampAndAllFiveTags() throws Exception {
        long ts = NEXT_TS.getAndIncrement();
        publish(batch(newBootId(), 1, Reading.of("pir-1", ts, "occupied", 1, "bool")));

        JsonNode row = awaitRow("SELECT * FROM occupancy WHERE time = " + ts + "ms");
        assertEquals(Instant.ofEpochMilli(ts), Instant.parse(row.get("time").asText()));
        assertEquals("huayuan", row.get("site").asText());
        assertEquals("gw-01", row.get("gateway").asText());
        assertEquals("pir-1", row.get("sensor").asText());
        assertEquals("plaza-east", row.get("space").asText());
        assertEquals("g1-1", row.get("grid").asText());
        assertEquals(1.0, row.get("occupied").asDouble());
        assertEquals("good", row.get("quality").asText());
        assertEquals(1, row.get("seq").asLong());
    }

    @Test
    void shouldDropTheSameBatchPublishedAgain() throws Exception {
        long ts = NEXT_TS.getAndIncrement();
        byte[] payload = batch(newBootId(), 1, Reading.of("park-3", ts, "occupied", 1, "bool"));
        publish(payload);
        awaitRow("SELECT * FROM occupancy WHERE time = " + ts + "ms");
        // The latest readings change after the counters, once the write has returned: then the counts are final.
        awaitTrue("the batch is counted", () -> get("/api/readings/latest").body().contains("\"ts\":" + ts));
        JsonNode before = stats();

        publish(payload);

        awaitTrue("the duplicate is counted",
                () -> stats().get("duplicates").asLong() == before.get("duplicates").asLong() + 1);
        JsonNode after = stats();
        assertEquals(before.get("acceptedBatches").asLong(), after.get("acceptedBatches").asLong());
        assertEquals(1, count("SELECT COUNT(occupied) FROM occupancy WHERE time = " + ts + "ms"));
    }

    @Test
    void shouldRejectAMalformedPayloadAndStillStoreTheNextBatch() throws Exception {
        long rejectedBefore = stats().get("rejects").get("not-json").asLong();

        publish("{\"v\":1, this is not json".getBytes(StandardCharsets.UTF_8));
        long ts = NEXT_TS.getAndIncrement();
        publish(batch(newBootId(), 1, Reading.of("pir-1", ts, "occupied", 0, "bool")));

        awaitRow("SELECT * FROM occupancy WHERE time = " + ts + "ms");
        JsonNode stats = stats();
        assertEquals(rejectedBefore + 1, stats.get("rejects").get("not-json").asLong());
        assertTrue(stats.get("samples").get("not-json").toString().contains("this is not json"));
    }

    @Test
    void shouldRejectAReadingOfAnUnknownSensorAndStoreItsBatchMates() throws Exception {
        long unknownBefore = stats().get("rejects").get("unknown-sensor").asLong();
        long ts = NEXT_TS.getAndIncrement();
        publish(batch(newBootId(), 1,
                Reading.of("ghost-9", ts, "occupied", 1, "bool"),
                Reading.of("park-3", ts, "occupied", 0, "bool")));

        JsonNode row = awaitRow("SELECT * FROM occupancy WHERE time = " + ts + "ms");
        assertEquals("park-3", row.get("sensor").asText());
        assertEquals(1, count("SELECT COUNT(occupied) FROM occupancy WHERE time = " + ts + "ms"));
        assertEquals(unknownBefore + 1, stats().get("rejects").get("unknown-sensor").asLong());
    }

    @Test
    void shouldReportHealthUpWithMqttAndInfluxDb() throws Exception {
        HttpResponse<String> response = health();
        assertEquals(200, response.statusCode(), response.body());
        JsonNode health = JSON.readTree(response.body());
        assertEquals("UP", health.get("status").asText());
        assertEquals("UP", health.at("/details/mqtt/status").asText(), response.body());
        assertEquals("UP", health.at("/details/influxdb/status").asText(), response.body());
    }

    @Test
    void shouldShowTheLatestReadingOnTheDashboard() throws Exception {
        long ts = NEXT_TS.getAndIncrement();
        publish(batch(newBootId(), 1, Reading.of("pir-1", ts, "occupied", 1, "bool")));
        awaitTrue("pir-1's reading is the latest",
                () -> get("/api/readings/latest").body().contains("\"ts\":" + ts));

        HttpResponse<String> page = admin.getPage("/devices");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<title>邻里 · 设备</title>"), page.body());
        assertTrue(page.body().contains("东广场"));
    }

    @Test
    void shouldStoreABatchThatWasNotStoredBeforeTheCloudStopped() throws Exception {
        long ts = NEXT_TS.getAndIncrement();
        long acceptedBefore = stats().get("acceptedBatches").asLong();
        services.influxProcess().stop();
        try {
            publish(batch(newBootId(), 1, Reading.of("pir-1", ts, "occupied", 1, "bool")));
            // Accepted into the spool (and acknowledged) although InfluxDB is down: health says DEGRADED, still 200.
            awaitTrue("the batch is spooled", () -> stats().get("acceptedBatches").asLong() == acceptedBefore + 1
                    && stats().get("spoolBatches").asLong() >= 1);
            awaitTrue("InfluxDB is seen down", () -> health().body().contains("\"DEGRADED\""));
            assertEquals(200, health().statusCode());
            // The writer retries; stop the cloud before it can succeed: the batch stays in the spool.
            server.getApplicationContext().close();
        } finally {
            services.influxProcess().restart();
        }

        server = startApp(); // the same spool: its batch is written after the start

        JsonNode row = awaitRow("SELECT * FROM occupancy WHERE time = " + ts + "ms");
        assertEquals("pir-1", row.get("sensor").asText());
    }

    @Test
    void shouldDropPointsInfluxDbRefusesAndKeepIngesting() throws Exception {
        long seeded = NEXT_TS.getAndIncrement();
        publish(batch(newBootId(), 1, Reading.of("pir-1", seeded, "occupied", 1, "bool")));
        awaitRow("SELECT * FROM occupancy WHERE time = " + seeded + "ms");
        // Make "level" a string field in this shard, so that a float "level" is a field type conflict.
        services.influxProcess().query(DB, "SELECT quality AS level INTO occupancy FROM occupancy WHERE time = "
                + seeded + "ms GROUP BY *");
        long refusedBefore = stats().get("storeRefusals").asLong();

        long conflicting = NEXT_TS.getAndIncrement();
        publish(batch(newBootId(), 1, Reading.of("pir-1", conflicting, "level", 3, "bool")));
        long next = NEXT_TS.getAndIncrement();
        publish(batch(newBootId(), 1, Reading.of("park-3", next, "occupied", 1, "bool")));

        awaitRow("SELECT * FROM occupancy WHERE time = " + next + "ms");
        // Writes run in parallel: the next batch may land before the refused one is counted.
        awaitTrue("the refusal is counted", () -> stats().get("storeRefusals").asLong() == refusedBefore + 1);
        assertEquals(0, count("SELECT COUNT(seq) FROM occupancy WHERE time = " + conflicting + "ms"));
    }

    @Test
    void shouldResumeIngestAfterTheBrokerRestarts() throws Exception {
        services.mosquittoProcess().restart();
        gateway.close();
        connectGateway(); // waits until the cloud has reconnected and subscribed again

        long ts = NEXT_TS.getAndIncrement();
        publish(batch(newBootId(), 1, Reading.of("park-3", ts, "occupied", 1, "bool")));

        assertEquals("park-3", awaitRow("SELECT * FROM occupancy WHERE time = " + ts + "ms").get("sensor").asText());
    }

    // --- helpers ---

    private static String newBootId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static byte[] batch(String bootId, long seq, Reading... readings) {
        return CODEC.encode(new ReadingBatch(1, "huayuan", "gw-01", bootId, seq, readings[0].ts(), List.of(readings)));
    }

    private void publish(byte[] payload) throws MqttException {
        gateway.publish(TOPIC, payload, 1, false);
    }

    /** GET as the logged-in admin ({@code /health} needs no login, and gets none). */
    private static HttpResponse<String> get(String path) {
        return admin.get(path);
    }

    private static HttpResponse<String> health() {
        return get("/health");
    }

    private static JsonNode stats() {
        try {
            return JSON.readTree(get("/api/ingest/stats").body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first row of the first series of {@code influxql}, as column name → value; waits until there is one. */
    private static JsonNode awaitRow(String influxql) {
        JsonNode[] found = new JsonNode[1];
        awaitTrue("a row for " + influxql, () -> {
            found[0] = firstRow(influxql);
            return found[0] != null;
        });
        return found[0];
    }

    private static long count(String influxql) {
        JsonNode row = firstRow(influxql);
        if (row == null) {
            return 0;
        }
        return row.get("count").asLong();
    }

    private static JsonNode firstRow(String influxql) {
        try {
            JsonNode result = JSON.readTree(services.influxProcess().query(DB, influxql)).at("/results/0");
            if (result.has("error")) {
                fail("InfluxQL error for " + influxql + ": " + result.get("error").asText());
            }
            JsonNode series = result.at("/series/0");
            if (series.isMissingNode()) {
                return null;
            }
            JsonNode columns = series.get("columns");
            JsonNode values = series.at("/values/0");
            com.fasterxml.jackson.databind.node.ObjectNode row = JSON.createObjectNode();
            for (int i = 0; i < columns.size(); i++) {
                row.set(columns.get(i).asText(), values.get(i));
            }
            return row;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} until it holds or {@link #PATIENCE} runs out. */
    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(condition.get())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
