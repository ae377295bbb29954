package org.linli.gateway.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.config.BrokerSettings;
import org.linli.config.UplinkSettings;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.gateway.uplink.MessageStores;
import org.linli.gateway.uplink.UplinkStats;
import org.linli.gateway.uplink.UplinkVerticle;
import org.linli.testkit.Services;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.app.GatewayIT.await;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * The durable buffer against real brokers: a gateway killed with SIGKILL in the middle of a stream
 * loses nothing it acknowledged and stores no LAN message twice, and a full buffer gives up raw noise
 * before telemetry and says so.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class StoreAndForwardIT {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAndForwardIT.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path JAR = Path.of("target", "linli-gateway.jar");
    private static final Path WORK = Path.of("target", "it-store");
    private static final long T0 = 1_763_800_000_000L;

    @RegisterExtension
    static final Services services = Services.mosquitto("lan", "cloud");

    private final WireCodec codec = new WireCodec();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final List<Process> gateways = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : gateways) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    @Test
    void shouldDeliverEveryAcknowledgedReadingAfterTheGatewayIsKilledMidStream(Vertx vertx, VertxTestContext test)
            throws Exception {
        int n = 600;
        MqttTestClient cloud = MqttTestClient.connect(services.mosquittoProcess("cloud").uri(), "it-store-cloud", true)
                .subscribe(Topics.readings("huayuan", "gw-01"));
        closeAfter.add(cloud);
        Files.createDirectories(WORK);
        Path db = WORK.resolve("kill.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        Path config = WORK.resolve("kill.yaml");
        Files.writeString(config, """
                site: huayuan
                gateway: gw-01
                gpio: mock
                lanBroker: {uri: '%s'}
                cloudBroker: {uri: '%s'}
                uplink: {maxBatchReadings: 50, maxBatchDelay: 100ms, store: sqlite, storePath: '%s'}
                sensors:
                  - {id: slm-1, kind: sound-level-meter, space: plaza-east, transport: mqtt, topic: sensors/slm-1}
                """.formatted(services.mosquittoProcess("lan").uri(), services.mosquittoProcess("cloud").uri(), db),
                StandardCharsets.UTF_8);

        Path firstLog = WORK.resolve("kill-1.log");
        Process first = start(config, firstLog);
        await(eventually(vertx, "the LAN subscription", WAIT, () -> logged(firstLog, "LAN up")));
        MqttTestClient sensor = MqttTestClient.connect(services.mosquittoProcess("lan").uri(), "it-store-slm-1", false);
        closeAfter.add(sensor);
        Thread publisher = new Thread(() -> {
            try {
                for (int i = 1; i <= n; i++) {
                    sensor.publish("sensors/slm-1", "{\"laeq\":" + i + "}");
                }
            } catch (Exception e) {
                LOG.error("publisher failed", e);
            }
        }, "it-publisher");
        publisher.start();
        await(eventually(vertx, "part of the stream on the cloud", WAIT, () -> values(cloud).size() >= 100));

        // Freeze the cloud broker so that batches are sealed, on disk and published but not
        // acknowledged when the gateway dies: the case the original (bootId, seq) is kept for.
        long cloudPid = Long.parseLong(Files.readString(services.mosquittoProcess("cloud").workDir()
                .resolve("mosquitto.pid")).trim());
        signal("STOP", cloudPid);
        try {
            await(eventually(vertx, "sealed batches waiting for a PUBACK", WAIT, () -> sealedOnDisk(db) >= 2));
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no drain, no offline status
            first.waitFor();
        } finally {
            signal("CONT", cloudPid);
        }
        int beforeKill = values(cloud).size();
        publisher.join();

        Path secondLog = WORK.resolve("kill-2.log");
        Process second = start(config, secondLog);
        await(eventually(vertx, "every reading on the cloud", WAIT, () -> new HashSet<>(values(cloud)).size() == n));

        Set<Double> expected = new TreeSet<>();
        for (int i = 1; i <= n; i++) {
            expected.add((double) i);
        }
        assertEquals(expected, new TreeSet<>(values(cloud)));
        // A message stored before the kill and delivered again after it (its PUBACK lost) is stored once.
        assertEquals(n, values(cloud).size(), "no number stored twice: " + values(cloud).stream()
                .filter(v -> values(cloud).indexOf(v) != values(cloud).lastIndexOf(v)).distinct().toList());
        // A (sensor, ts) seen twice must be the same batch sent again: same (bootId, seq), same bytes.
        Map<String, String> batchOfPoint = new HashMap<>();
        Map<String, byte[]> payloadOfBatch = new HashMap<>();
        Set<String> boots = new HashSet<>();
        for (MqttTestClient.Received r : cloud.received()) {
            ReadingBatch batch = codec.decode(r.payload());
            String key = batch.bootId() + "/" + batch.seq();
            boots.add(batch.bootId());
            byte[] earlier = payloadOfBatch.putIfAbsent(key, r.payload());
            if (earlier != null) {
                assertArrayEquals(earlier, r.payload(), "batch " + key + " resent byte for byte");
            }
            for (Reading reading : batch.readings()) {
                String point = reading.sensor() + "@" + reading.ts();
                String firstBatch = batchOfPoint.putIfAbsent(point, key);
                assertTrue(firstBatch == null || firstBatch.equals(key), point + " arrived in " + firstBatch + " and " + key);
            }
        }
        assertEquals(2, boots.size(), "batches of both boots");
        java.util.regex.Matcher kept = java.util.regex.Pattern.compile("(\\d+) sealed batches from before")
                .matcher(Files.readString(secondLog, StandardCharsets.UTF_8));
        assertTrue(kept.find() && Integer.parseInt(kept.group(1)) >= 2, "the restart found the old boot's sealed batches");
        LOG.info("kill test: {} readings on the cloud before the kill, {} batches ({} distinct), {} points; LAN redeliveries"
                        + " of messages stored before the kill, acknowledged only: {}", beforeKill, cloud.received().size(),
                payloadOfBatch.size(), batchOfPoint.size(), Files.readString(secondLog, StandardCharsets.UTF_8)
                        .lines().filter(l -> l.contains("LAN broker delivered message")).count() + " log line(s)");
        second.destroy();
        second.waitFor();
        test.completeNow();
    }

    @Test
    void shouldDropRawNoiseBeforeTelemetryWhileTheCloudIsAwayAndSendTheGapMarker(Vertx vertx, VertxTestContext test)
            throws Exception {
        MqttTestClient cloud = MqttTestClient.connect(services.mosquittoProcess("cloud").uri(), "it-store-full", true)
                .subscribe(Topics.readings("huayuan", "gw-02"));
        closeAfter.add(cloud);
        Path db = Files.createDirectories(WORK).resolve("full.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        services.mosquittoProcess("cloud").stop();
        UplinkSettings settings = new UplinkSettings(200, Duration.ofMillis(100), 100_000)
                .withStore(UplinkSettings.Store.SQLITE, db, 20_000);
        UplinkStats stats = new UplinkStats();
        UplinkVerticle uplink = new UplinkVerticle("huayuan", "gw-02",
                new BrokerSettings(services.mosquittoProcess("cloud").uri(), null, null), settings, "boot-full",
                MessageStores.create(settings), Clock.systemUTC(), stats);
        String id = await(vertx.deployVerticle(uplink));
        List<Future<Void>> stored = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            stored.add(uplink.accept(i % 6 == 0 ? Reading.of("pir-1", T0 + i, "occupied", i % 2, "bool")
                    : Reading.of("noise-1", T0 + i, "la", 50 + i % 30, "dBA")));
        }
        await(Future.all(stored));
        assertTrue(stats.readingsDropped() > 0, "the buffer was full");

        services.mosquittoProcess("cloud").restart();
        await(eventually(vertx, "the buffer sent", WAIT, () -> stats.bufferedReadings() == 0 && stats.connected()));
        await(eventually(vertx, "everything received", WAIT, () -> readings(cloud).size() >= stats.readingsAcked()));

        List<Reading> received = readings(cloud);
        assertEquals(100, received.stream().filter(r -> r.values().containsKey("occupied")).count(), "every telemetry reading");
        long rawNoise = received.stream().filter(r -> r.values().containsKey("la")).count();
        List<Reading> markers = received.stream().filter(r -> r.values().containsKey("dropped")).toList();
        assertEquals(1, markers.size(), markers.toString());
        Reading marker = markers.get(0);
        assertEquals("noise-1", marker.sensor());
        assertEquals(500, rawNoise + marker.values().get("dropped"), "raw noise kept + dropped = sent by the sensor");
        assertEquals(T0 + 1, (long) (double) marker.values().get("droppedFrom"), "the oldest went first");
        assertTrue(marker.message().startsWith("buffer full: dropped: "), marker.message());
        assertEquals(marker, received.get(0), "status class first after the outage");
        await(vertx.undeploy(id));
        test.completeNow();
    }

    /** Sealed batches in the gateway's file, read beside it (WAL lets a reader in while it writes). */
    private static int sealedOnDisk(Path db) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM batches")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -s " + signal + " " + pid);
    }

    private Process start(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-jar", JAR.toString(), config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        gateways.add(p);
        return p;
    }

    private static boolean logged(Path log, String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private List<Reading> readings(MqttTestClient cloud) {
        List<Reading> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (MqttTestClient.Received r : cloud.received()) {
            try {
                ReadingBatch batch = codec.decode(r.payload());
                if (seen.add(batch.bootId() + "/" + batch.seq())) {
                    out.addAll(batch.readings());
                }
            } catch (Exception e) {
                throw new AssertionError("undecodable batch", e);
            }
        }
        return out;
    }

    private List<Double> values(MqttTestClient cloud) {
        return readings(cloud).stream().filter(r -> r.values().containsKey("laeq")).map(r -> r.values().get("laeq")).toList();
    }
}
