package org.linli.gateway.app;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.testkit.MosquittoProcess;
import org.linli.testkit.Services;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.RejectReason;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;
import org.linli.wire.WireException;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * The whole gateway against two real Mosquitto brokers, a LAN broker and a cloud broker, with
 * Pi4J's mock pins: what reaches the cloud broker's readings topic is what the cloud will decode.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class GatewayIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String READINGS = Topics.readings("huayuan", "gw-01");
    private static final String STATUS = Topics.status("huayuan", "gw-01");

    @RegisterExtension
    static final Services services = Services.mosquitto("lan", "cloud");

    private final WireCodec codec = new WireCodec();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private GatewayApp app;

    @AfterEach
    void stopEverything() throws Exception {
        if (app != null) {
            await(app.stop());
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    @Test
    void shouldCarryAPinEdgeAndALanMessageToTheCloudInConsecutiveBatches(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient cloud = client(cloud().uri(), "it-cloud-1", false).subscribe(READINGS).subscribe(STATUS);
        MqttTestClient sensor = client(lan().uri(), "it-park-3", false);

        app = await(GatewayApp.start(vertx, config()));
        await(until(vertx, "the initial level of pir-1", () -> values(cloud, "pir-1").equals(List.of(0.0))));

        mockPin("pir-1").mockState(DigitalState.HIGH);
        await(until(vertx, "the edge of pir-1", () -> values(cloud, "pir-1").equals(List.of(0.0, 1.0))));

        sensor.publish("sensors/park-3", "{\"occupancy\":true,\"battery\":91}");
        await(until(vertx, "park-3 occupied", () -> values(cloud, "park-3").equals(List.of(1.0))));

        List<ReadingBatch> batches = batches(cloud);
        assertEquals(LongStream.rangeClosed(1, batches.size()).boxed().toList(),
                batches.stream().map(ReadingBatch::seq).toList(), "seq 1, 2, 3 ... in arrival order");
        assertTrue(batches.stream().allMatch(b -> b.site().equals("huayuan") && b.gateway().equals("gw-01")));
        assertTrue(statuses(cloud).stream().anyMatch(s -> s.contains("\"state\":\"online\"") && s.contains(app.bootId())),
                "online status on connect");

        String bootId = app.bootId();
        await(app.stop());
        app = null;
        await(until(vertx, "the offline status", () -> last(statuses(cloud)).contains("\"state\":\"offline\"")
                && last(statuses(cloud)).contains(bootId)));
        test.completeNow();
    }

    @Test
    void shouldCountAMalformedLanPayloadAndStillCarryTheNextGoodOne(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient cloud = client(cloud().uri(), "it-cloud-2", false).subscribe(READINGS);
        MqttTestClient sensor = client(lan().uri(), "it-park-3", false);
        app = await(GatewayApp.start(vertx, config()));

        sensor.publish("sensors/park-3", "occupied!");
        sensor.publish("sensors/park-3", "{\"battery\":90}");
        await(until(vertx, "two refused payloads", () -> app.lanStats().rejected() == 2));
        sensor.publish("sensors/park-3", "{\"occupancy\":false}");
        await(until(vertx, "park-3 vacant", () -> values(cloud, "park-3").equals(List.of(0.0))));

        assertEquals(1, app.lanStats().rejected(RejectReason.NOT_JSON));
        assertEquals(1, app.lanStats().rejected(RejectReason.MISSING_FIELD));
        assertEquals(3, app.lanStats().messages());
        assertEquals(1, app.lanStats().readings());
        test.completeNow();
    }

    @Test
    void shouldDeliverReadingsMadeWhileTheCloudBrokerWasDown(Vertx vertx, VertxTestContext test) throws Exception {
        // A persistent session: the broker keeps this subscriber's queue across its own restart.
        MqttTestClient cloud = client(cloud().uri(), "it-cloud-3", true).subscribe(READINGS);
        MqttTestClient sensor = client(lan().uri(), "it-park-3", false);
        app = await(GatewayApp.start(vertx, config()));
        await(until(vertx, "the initial level of pir-1", () -> values(cloud, "pir-1").equals(List.of(0.0))));
        await(until(vertx, "its PUBACK", () -> app.uplinkStats().bufferedReadings() == 0));

        cloud().stop();
        await(until(vertx, "the uplink to notice", () -> !app.uplinkStats().connected()));
        long sealedBefore = app.uplinkStats().batchesSealed();
        // Each level holds past the pin's 50 ms debounce, so each is a reading of its own.
        mockPin("pir-1").mockState(DigitalState.HIGH);
        await(until(vertx, "the first edge buffered", () -> app.uplinkStats().bufferedReadings() == 1));
        mockPin("pir-1").mockState(DigitalState.LOW);
        await(until(vertx, "the second edge buffered", () -> app.uplinkStats().bufferedReadings() == 2));
        mockPin("pir-1").mockState(DigitalState.HIGH);
        await(until(vertx, "the third edge buffered", () -> app.uplinkStats().bufferedReadings() == 3));
        sensor.publish("sensors/park-3", "{\"occupancy\":1}");
        await(until(vertx, "the outage's readings buffered", () -> app.uplinkStats().bufferedReadings() == 4));
        assertEquals(sealedBefore, app.uplinkStats().batchesSealed(), "sealed only once they can be sent");

        cloud().restart();
        await(until(vertx, "every reading on the cloud", () -> values(cloud, "pir-1").equals(List.of(0.0, 1.0, 0.0, 1.0))
                && values(cloud, "park-3").equals(List.of(1.0))));
        await(until(vertx, "the buffer to empty", () -> app.uplinkStats().bufferedReadings() == 0));

        Map<Long, byte[]> bySeq = new HashMap<>();
        for (MqttTestClient.Received r : readingMessages(cloud)) {
            long seq = codec.decode(r.payload()).seq();
            byte[] earlier = bySeq.putIfAbsent(seq, r.payload());
            if (earlier != null) {
                assertArrayEquals(earlier, r.payload(), "a seq is reused only for a resend of the same batch");
            }
        }
        assertEquals(LongStream.rangeClosed(1, app.uplinkStats().lastSeq()).boxed().toList(),
                bySeq.keySet().stream().sorted().toList(), "no batch missing");
        assertEquals(0, app.uplinkStats().readingsDropped());
        test.completeNow();
    }

    @Test
    void shouldKeepTryingACloudBrokerThatIsDownAtStart(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient cloud = client(cloud().uri(), "it-cloud-5", true).subscribe(READINGS);
        cloud().stop();

        app = await(GatewayApp.start(vertx, config()));
        await(until(vertx, "the initial level buffered", () -> app.uplinkStats().bufferedReadings() == 1));
        assertFalse(app.uplinkStats().connected());

        cloud().restart();
        await(until(vertx, "the initial level on the cloud", () -> values(cloud, "pir-1").equals(List.of(0.0))));
        await(until(vertx, "the buffer to empty", () -> app.uplinkStats().bufferedReadings() == 0));
        assertEquals(List.of(1L), batches(cloud).stream().map(ReadingBatch::seq).toList());
        test.completeNow();
    }

    @Test
    void shouldResendAnUnacknowledgedBatchWithItsSeqAfterReconnecting(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient cloud = client(cloud().uri(), "it-cloud-4", true).subscribe(READINGS);
        app = await(GatewayApp.start(vertx, config()));
        await(until(vertx, "the initial level of pir-1", () -> values(cloud, "pir-1").equals(List.of(0.0))));
        await(until(vertx, "its PUBACK", () -> app.uplinkStats().bufferedReadings() == 0));

        // A frozen broker keeps the TCP connection but never answers: the batch goes out and no
        // PUBACK comes back. Killing it then drops the connection with the batch unacknowledged.
        signal("STOP", cloudPid());
        try {
            mockPin("pir-1").mockState(DigitalState.HIGH);
            await(until(vertx, "a batch published and not acknowledged", () -> app.uplinkStats().bufferedReadings() == 1
                    && app.uplinkStats().batchesPublished() == app.uplinkStats().batchesAcked() + 1));
        } finally {
            cloud().kill();
        }
        long unacknowledged = app.uplinkStats().lastSeq();
        cloud().restart();
        await(until(vertx, "the edge on the cloud", () -> values(cloud, "pir-1").equals(List.of(0.0, 1.0))));

        assertTrue(app.uplinkStats().batchesResent() >= 1, "the batch was sent again");
        assertEquals(unacknowledged, app.uplinkStats().lastSeq(), "no new seq for the resend");
        ReadingBatch resent = batches(cloud).stream().filter(b -> b.seq() == unacknowledged).findFirst().orElseThrow();
        assertEquals(List.of("pir-1"), resent.readings().stream().map(Reading::sensor).toList());
        assertEquals(0, app.uplinkStats().bufferedReadings());
        test.completeNow();
    }

    private GatewayConfig config() throws Exception {
        String yaml = DriverPlanTest.exampleConfig()
                .replace("tcp://127.0.0.1:18831", lan().uri())
                .replace("tcp://127.0.0.1:18830", cloud().uri())
                .replace("maxBatchDelay: 1s", "maxBatchDelay: 100ms")
                .replace("maxBuffered: 100000", "maxBuffered: 100000\n  store: memory");
        return GatewayConfigLoader.parse("gateway-example.yaml", yaml);
    }

    private static long cloudPid() throws Exception {
        // The test kit writes each service's pid beside its logs.
        return Long.parseLong(Files.readString(cloud().workDir().resolve("mosquitto.pid")).trim());
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -s " + signal + " " + pid);
    }

    private static MosquittoProcess lan() {
        return services.mosquittoProcess("lan");
    }

    private static MosquittoProcess cloud() {
        return services.mosquittoProcess("cloud");
    }

    private MqttTestClient client(String uri, String clientId, boolean persistentSession) throws Exception {
        MqttTestClient client = MqttTestClient.connect(uri, clientId, persistentSession);
        closeAfter.add(client);
        return client;
    }

    private MockDigitalInput mockPin(String sensorId) {
        return app.pi4j().orElseThrow().registry().get(sensorId, MockDigitalInput.class);
    }

    private List<MqttTestClient.Received> readingMessages(MqttTestClient cloud) {
        return cloud.received().stream().filter(r -> r.topic().equals(READINGS)).toList();
    }

    /** This boot's batches in arrival order. */
    private List<ReadingBatch> batches(MqttTestClient cloud) throws WireException {
        List<ReadingBatch> out = new ArrayList<>();
        for (MqttTestClient.Received r : readingMessages(cloud)) {
            ReadingBatch batch = codec.decode(r.payload());
            if (batch.bootId().equals(app.bootId())) {
                out.add(batch);
            }
        }
        return out;
    }

    /** The values of {@code sensor} this boot sent, by timestamp, each (sensor, ts) once. */
    private List<Double> values(MqttTestClient cloud, String sensor) {
        Map<Long, Double> byTs = new HashMap<>();
        try {
            for (ReadingBatch batch : batches(cloud)) {
                for (Reading r : batch.readings()) {
                    if (r.sensor().equals(sensor)) {
                        byTs.put(r.ts(), r.values().get("occupied"));
                    }
                }
            }
        } catch (WireException e) {
            throw new AssertionError("the cloud could not decode a batch: " + e.getMessage(), e);
        }
        return byTs.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
    }

    private static List<String> statuses(MqttTestClient cloud) {
        return cloud.received().stream().filter(r -> r.topic().equals(STATUS)).map(MqttTestClient.Received::text).toList();
    }

    private static String last(List<String> list) {
        return list.isEmpty() ? "" : list.get(list.size() - 1);
    }

    private static Future<Void> until(Vertx vertx, String what, BooleanSupplier condition) {
        return eventually(vertx, what, WAIT, condition);
    }

    /** Blocks the test thread (never an event loop) until {@code future} completes. */
    static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

}
