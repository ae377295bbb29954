package org.linli.cloud.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two cloud instances on one MQTT 5 shared subscription ({@code $share/<group>/…}) on a real
 * Mosquitto split the readings of one gateway between them, and InfluxDB ends up with every reading
 * exactly once: none lost, none written twice.
 */
@Timeout(90)
class SharedSubscriptionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final WireCodec CODEC = new WireCodec();
    private static final String DB = "linli_shared";

    @RegisterExtension
    static final Services services = Services.mosquitto().influx();

    private static final List<EmbeddedServer> instances = new ArrayList<>();
    private static final Map<EmbeddedServer, WebClient> admins = new java.util.HashMap<>();

    @AfterAll
    static void stop() {
        instances.forEach(s -> s.getApplicationContext().close());
    }

    private static EmbeddedServer start(String name) throws Exception {
        Path site = Path.of(SharedSubscriptionIT.class.getResource("/site.yaml").toURI());
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "linli.site-file", site.toString(),
                "linli.mqtt.uri", services.mosquittoProcess().uri(),
                "linli.mqtt.client-id", "linli-cloud-" + name,
                "linli.mqtt.shared-group", "linli-cloud",
                "linli.influx.url", services.influxProcess().url(),
                "linli.influx.database", DB,
                "micronaut.server.port", -1));
        instances.add(server);
        admins.put(server, TestUsers.loginAs(server, "shared-it-" + name, Role.COMMUNITY_ADMIN, null));
        return server;
    }

    @Test
    void shouldSplitTheReadingsBetweenTwoInstancesWithNoneLostOrDoubled() throws Exception {
        EmbeddedServer a = start("a");
        EmbeddedServer b = start("b");
        awaitTrue("both subscribed", () -> get(a, "/health").statusCode() == 200 && get(b, "/health").statusCode() == 200);
        int batches = 400;
        int perBatch = 25;

        MqttClient gateway = new MqttClient(services.mosquittoProcess().uri(), "gw-01-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        gateway.connect(options);
        long ts = 1_764_100_000_000L;
        for (int n = 1; n <= batches; n++) {
            List<Reading> readings = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                readings.add(Reading.of("pir-1", ts++, "occupied", i % 2, "bool"));
            }
            byte[] payload = CODEC.encode(new ReadingBatch(1, "huayuan", "gw-01", "shared01", n, ts, readings));
            while (true) {
                try {
                    gateway.publish("linli/v1/huayuan/gw-01/readings", payload, 1, false);
                    break;
                } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                    // Paho frees an in-flight slot a moment after it completes the publish's token.
                    if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
                }
            }
        }
        gateway.disconnect();
        gateway.close();

        awaitTrue("every batch accepted by one of them",
                () -> stats(a).get("acceptedBatches").asLong() + stats(b).get("acceptedBatches").asLong() == batches);
        awaitTrue("every point in InfluxDB", () -> count() == (long) batches * perBatch);
        JsonNode sa = stats(a);
        JsonNode sb = stats(b);
        assertTrue(sa.get("acceptedBatches").asLong() > 0 && sb.get("acceptedBatches").asLong() > 0,
                "both took a share: " + sa.get("acceptedBatches") + " / " + sb.get("acceptedBatches"));
        assertEquals(0, sa.get("duplicates").asLong() + sb.get("duplicates").asLong());
        assertEquals(batches * perBatch, sa.get("acceptedReadings").asLong() + sb.get("acceptedReadings").asLong());
        awaitTrue("both spools empty", () -> stats(a).get("spoolPoints").asLong() == 0 && stats(b).get("spoolPoints").asLong() == 0);
        assertEquals((long) batches * perBatch, count());
    }

    private static long count() {
        try {
            JsonNode v = JSON.readTree(services.influxProcess().query(DB, "SELECT COUNT(seq) FROM occupancy"))
                    .at("/results/0/series/0/values/0/1");
            return v.isMissingNode() ? 0 : v.asLong();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static JsonNode stats(EmbeddedServer s) {
        return admins.get(s).getJson("/api/ingest/stats");
    }

    private static HttpResponse<String> get(EmbeddedServer s, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.getPort() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                fail("waited 45 s for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }
}
