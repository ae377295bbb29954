package org.linli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Vertx;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.gateway.app.GatewayApp;
import org.linli.testkit.InfluxProcess;
import org.linli.testkit.Services;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipe, as the foundation issue asks: a mock-GPIO edge and a LAN MQTT sensor message go
 * through the real gateway, a real cloud broker and the real cloud (its own process) into a real
 * InfluxDB, and are queried back with InfluxQL with their source timestamps and all five tags. A
 * duplicate batch adds no points; a malformed payload is refused and counted while the pipe keeps
 * flowing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PipeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WireCodec CODEC = new WireCodec();
    private static final String READINGS = Topics.readings("huayuan", "gw-01");

    @RegisterExtension
    static final Services SERVICES = Services.mosquitto("lan", "cloud").influx();

    private static CloudProcess cloud;
    private static Vertx vertx;
    private static GatewayApp gateway;
    private static MqttClient tap;
    private static MqttClient lanDevice;
    /** Every batch the gateway published on the cloud broker, as raw bytes. */
    private static final E2eStack.Tap published = new E2eStack.Tap();

    @BeforeAll
    static void startThePipe() throws Exception {
        String cloudBroker = SERVICES.mosquittoProcess("cloud").uri();
        String lanBroker = SERVICES.mosquittoProcess("lan").uri();
        // The cloud first: its persistent shared subscription must exist before the gateway publishes.
        cloud = CloudProcess.start(Path.of("target/it-services/PipeIT/cloud"), cloudBroker, SERVICES.influxProcess().url());

        tap = new MqttClient(cloudBroker, "e2e-tap", new MemoryPersistence());
        tap.setCallback(published);
        tap.connect();
        // noLocal: what this test injects on the tap's own connection is not taken for the gateway's output.
        MqttSubscription subscription = new MqttSubscription(READINGS, 1);
        subscription.setNoLocal(true);
        tap.subscribe(new MqttSubscription[] {subscription});
        lanDevice = new MqttClient(lanBroker, "e2e-lan-device", new MemoryPersistence());
        lanDevice.connect(new MqttConnectionOptions());

        // The real durable buffer, new for each run: batches left from an earlier run would be resent.
        Path buffer = Path.of("target/it-services/PipeIT/gateway-buffer.db").toAbsolutePath();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            java.nio.file.Files.deleteIfExists(Path.of(buffer + suffix));
        }
        GatewayConfig config = GatewayConfigLoader.parse("e2e-gateway.yaml", """
                site: huayuan
                gateway: gw-01
                gpio: mock
                lanBroker: {uri: "%s"}
                cloudBroker: {uri: "%s"}
                uplink: {maxBatchReadings: 50, maxBatchDelay: 200ms, store: sqlite, storePath: "%s"}
                sensors:
                  - {id: pir-1, kind: pir, space: plaza-east, transport: gpio, pin: 17, debounce: 1ms}
                  - {id: park-3, kind: parking, space: fire-lane-3, transport: mqtt, topic: sensors/park-3, field: occupancy}
                """.formatted(lanBroker, cloudBroker, buffer));
        vertx = Vertx.vertx();
        gateway = GatewayApp.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopThePipe() throws Exception {
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        for (MqttClient client : new MqttClient[] {tap, lanDevice}) {
            if (client != null && client.isConnected()) {
                client.disconnect();
            }
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void shouldStoreAPinEdgeWithItsSourceTimeAndAllFiveTags() throws Exception {
        Reading edge = flipPirAndAwaitItsReading();

        JsonNode row = awaitPoint("SELECT * FROM occupancy WHERE sensor = 'pir-1' AND time = " + edge.ts() + "ms");

        assertEquals(Instant.ofEpochMilli(edge.ts()), Instant.parse(row.get("time").asText()), "source timestamp");
        assertEquals("huayuan", row.get("site").asText());
        assertEquals("gw-01", row.get("gateway").asText());
        assertEquals("pir-1", row.get("sensor").asText());
        assertEquals("plaza-east", row.get("space").asText());
        assertEquals("g1-1", row.get("grid").asText());
        assertEquals(edge.values().get("occupied"), row.get("occupied").asDouble());
        assertEquals("good", row.get("quality").asText());
    }

    @Test
    void shouldStoreALanSensorMessageWithItsSpaceAndGrid() throws Exception {
        long before = System.currentTimeMillis();
        lanDevice.publish("sensors/park-3", "{\"occupancy\":true,\"battery\":97,\"linkquality\":120}"
                .getBytes(StandardCharsets.UTF_8), 1, false);
        Reading reading = Eventually.await("the park-3 reading on the cloud broker", WAIT,
                () -> readings().stream().filter(r -> r.sensor().equals("park-3") && r.ts() >= before).findFirst().orElse(null));

        JsonNode row = awaitPoint("SELECT * FROM occupancy WHERE sensor = 'park-3' AND time = " + reading.ts() + "ms");

        assertEquals(1.0, row.get("occupied").asDouble());
        assertEquals("fire-lane-3", row.get("space").asText());
        assertEquals("g1-1", row.get("grid").asText());
        assertEquals("huayuan", row.get("site").asText());
        assertEquals("gw-01", row.get("gateway").asText());
    }

    @Test
    void shouldAddNoPointsForADuplicateBatch() throws Exception {
        Reading edge = flipPirAndAwaitItsReading();
        awaitPoint("SELECT * FROM occupancy WHERE sensor = 'pir-1' AND time = " + edge.ts() + "ms");
        byte[] original = published.payloads().stream().filter(p -> decode(p).readings().contains(edge)).findFirst().orElseThrow();
        long points = countPir();
        long duplicates = cloud.getJson("/api/ingest/stats").get("duplicates").asLong();

        tap.publish(READINGS, original, 1, false);

        Eventually.await("the cloud to count the duplicate", WAIT,
                () -> cloud.getJson("/api/ingest/stats").get("duplicates").asLong() == duplicates + 1);
        assertEquals(points, countPir(), "a duplicate batch adds no points");
    }

    @Test
    void shouldRejectAMalformedPayloadAndKeepFlowing() throws Exception {
        long rejected = cloud.getJson("/api/ingest/stats").get("rejects").get("not-json").asLong();

        tap.publish(READINGS, "{\"v\":1, oops".getBytes(StandardCharsets.UTF_8), 1, false);

        Eventually.await("the cloud to count the malformed payload", WAIT,
                () -> cloud.getJson("/api/ingest/stats").get("rejects").get("not-json").asLong() == rejected + 1);
        Reading next = flipPirAndAwaitItsReading();
        JsonNode row = awaitPoint("SELECT * FROM occupancy WHERE sensor = 'pir-1' AND time = " + next.ts() + "ms");
        assertEquals(next.values().get("occupied"), row.get("occupied").asDouble());
    }

    @Test
    void shouldShowTheLatestReadingsOnTheDashboardPage() throws Exception {
        Reading edge = flipPirAndAwaitItsReading();
        awaitPoint("SELECT * FROM occupancy WHERE sensor = 'pir-1' AND time = " + edge.ts() + "ms");

        String page = cloud.getText("/devices");

        assertTrue(page.contains("pir-1"), page);
        assertTrue(page.contains("东广场"), "the space's name from the site inventory");
    }

    private static Reading flipPirAndAwaitItsReading() throws Exception {
        MockDigitalInput pin = gateway.pi4j().orElseThrow().io("pir-1");
        double wanted = pin.state() == DigitalState.HIGH ? 0.0 : 1.0;
        long before = System.currentTimeMillis();
        pin.mockState(wanted == 1.0 ? DigitalState.HIGH : DigitalState.LOW);
        return Eventually.await("the pir-1 edge on the cloud broker", WAIT, () -> readings().stream()
                .filter(r -> r.sensor().equals("pir-1") && r.ts() >= before && r.values().get("occupied") == wanted)
                .findFirst().orElse(null));
    }

    private static List<Reading> readings() {
        List<Reading> out = new ArrayList<>();
        for (byte[] payload : published.payloads()) {
            out.addAll(decode(payload).readings());
        }
        return out;
    }

    private static ReadingBatch decode(byte[] payload) {
        try {
            return CODEC.decode(payload);
        } catch (Exception e) {
            throw new AssertionError("the gateway published a batch that breaks the contract", e);
        }
    }

    private static long countPir() throws Exception {
        JsonNode rows = rows("SELECT count(occupied) FROM occupancy WHERE sensor = 'pir-1'");
        return rows.isEmpty() ? 0 : rows.get(0).get("count").asLong();
    }

    private static JsonNode awaitPoint(String influxql) throws Exception {
        return Eventually.await(influxql, WAIT, () -> {
            JsonNode rows = rows(influxql);
            return rows.isEmpty() ? null : rows.get(0);
        });
    }

    /** Runs InfluxQL and returns the rows of the first series as objects keyed by column. */
    private static JsonNode rows(String influxql) throws Exception {
        InfluxProcess influx = SERVICES.influxProcess();
        JsonNode result = JSON.readTree(influx.query("linli", influxql)).path("results").path(0);
        if (result.has("error")) {
            throw new AssertionError(influxql + ": " + result.get("error").asText());
        }
        var array = JSON.createArrayNode();
        JsonNode series = result.path("series").path(0);
        if (series.isMissingNode()) {
            return array;
        }
        for (JsonNode values : series.get("values")) {
            var row = JSON.createObjectNode();
            for (int i = 0; i < series.get("columns").size(); i++) {
                row.set(series.get("columns").get(i).asText(), values.get(i));
            }
            array.add(row);
        }
        return array;
    }
}
