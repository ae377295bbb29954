package org.linli.cloud.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The spool against a real Mosquitto and a real InfluxDB 1.x that is stopped for a while: readings
 * are accepted (and acknowledged) meanwhile, and once InfluxDB is back every one of them is in it
 * exactly once; with a small cap the cloud stops acknowledging, the broker holds the rest, and still
 * nothing is lost.
 */
@Timeout(120)
class SpoolIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final WireCodec CODEC = new WireCodec();
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    @RegisterExtension
    static final Services services = Services.mosquitto().influx();

    private EmbeddedServer server;
    private WebClient admin;

    @AfterEach
    void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private EmbeddedServer start(String db, Map<String, Object> extra) throws Exception {
        Path site = Path.of(SpoolIT.class.getResource("/site.yaml").toURI());
        Map<String, Object> props = new HashMap<>(Map.of(
                "linli.site-file", site.toString(),
                "linli.mqtt.uri", services.mosquittoProcess().uri(),
                "linli.mqtt.client-id", "linli-cloud-" + db,
                "linli.influx.url", services.influxProcess().url(),
                "linli.influx.database", db,
                "micronaut.server.port", -1));
        props.putAll(extra);
        EmbeddedServer started = ApplicationContext.run(EmbeddedServer.class, props);
        admin = TestUsers.loginAs(started, "spool-it", Role.COMMUNITY_ADMIN, null);
        return started;
    }

    @Test
    void shouldStoreEveryReadingExactlyOnceAfterInfluxDbWasDown() throws Exception {
        String db = "spool_down";
        server = start(db, Map.of());
        awaitTrue("the cloud is subscribed", () -> health().statusCode() == 200);
        services.influxProcess().createDatabase(db);
        services.influxProcess().stop();
        int batches = 200;
        int perBatch = 50;
        try {
            publish(batches, perBatch, 1_763_900_000_000L);
            awaitTrue("all batches accepted while InfluxDB is down",
                    () -> stats().get("acceptedBatches").asLong() == batches);
            JsonNode stats = stats();
            assertEquals(batches * perBatch, stats.get("spoolPoints").asLong(), stats.toString());
            assertTrue(health().body().contains("DEGRADED"));
            // Every batch was acknowledged: the same again would be duplicates, not new points.
            publish(3, perBatch, 1_763_900_000_000L);
            awaitTrue("redelivered copies are duplicates", () -> stats().get("duplicates").asLong() == 3);
        } finally {
            services.influxProcess().restart();
        }

        awaitTrue("every point in InfluxDB", () -> count(db) == (long) batches * perBatch);
        awaitTrue("the spool is empty", () -> stats().get("spoolPoints").asLong() == 0);
        JsonNode stats = stats();
        assertTrue(stats.get("writeFailures").asLong() > 0, stats.toString());
        assertEquals(batches * perBatch, stats.get("writtenPoints").asLong());
        assertEquals((long) batches * perBatch, count(db));
    }

    @Test
    void shouldStopAcknowledgingWhenTheSpoolIsFullAndLoseNothing() throws Exception {
        String db = "spool_full";
        server = start(db, Map.of("linli.spool.cap-megabytes", 1));
        awaitTrue("the cloud is subscribed", () -> health().statusCode() == 200);
        services.influxProcess().createDatabase(db);
        services.influxProcess().stop();
        int batches = 100;
        int perBatch = 200; // ~150 bytes a point: 3 MiB, three times the cap
        try {
            publish(batches, perBatch, 1_764_000_000_000L);
            awaitTrue("the spool is full and health DOWN", () -> health().statusCode() == 503
                    && stats().get("spoolFullWaits").asLong() > 0);
            JsonNode stats = stats();
            assertTrue(stats.get("acceptedBatches").asLong() < batches, stats.toString());
        } finally {
            services.influxProcess().restart();
        }

        awaitTrue("every point in InfluxDB", () -> count(db) == (long) batches * perBatch);
        awaitTrue("every batch accepted", () -> stats().get("acceptedBatches").asLong() == batches);
        assertEquals(0, stats().get("duplicates").asLong());
    }

    private void publish(int batches, int perBatch, long firstTs) throws Exception {
        MqttClient gateway = new MqttClient(services.mosquittoProcess().uri(), "gw-01-spool-" + UUID.randomUUID(),
                new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        gateway.connect(options);
        try {
            String bootId = "spool" + Long.toHexString(firstTs);
            long ts = firstTs;
            for (int b = 1; b <= batches; b++) {
                List<Reading> readings = new ArrayList<>();
                for (int i = 0; i < perBatch; i++) {
                    readings.add(Reading.of(i % 2 == 0 ? "pir-1" : "park-3", ts++, "occupied", i % 2, "bool"));
                }
                byte[] payload = CODEC.encode(new ReadingBatch(1, "huayuan", "gw-01", bootId, b, ts, readings));
                gateway.publish("linli/v1/huayuan/gw-01/readings", payload, 1, false);
            }
        } finally {
            gateway.disconnect();
            gateway.close();
        }
    }

    private long count(String db) {
        try {
            JsonNode v = JSON.readTree(services.influxProcess().query(db, "SELECT COUNT(seq) FROM occupancy"))
                    .at("/results/0/series/0/values/0/1");
            return v.isMissingNode() ? 0 : v.asLong();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private HttpResponse<String> health() {
        return get("/health");
    }

    private JsonNode stats() {
        try {
            return admin.getJson("/api/ingest/stats");
        } catch (RuntimeException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                fail("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }
}
