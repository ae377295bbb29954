package org.linli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.linli.testkit.InfluxProcess;
import org.linli.testkit.Services;
import org.linli.wire.ReadingBatch;
import org.linli.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Never loses a reading", counted where it ends up: the gateway's shaded jar runs in its own JVM at
 * {@code -Xmx64m} with its SQLite buffer, a sound level meter on the LAN broker sends the numbers
 * 1..{@value #N} (QoS 1), and the gateway is SIGKILLed once the LAN broker has acknowledged half of
 * them to the sensor. Restarted on the same buffer and config, it must bring every number into
 * InfluxDB through the real cloud broker and the real cloud (its own jar).
 *
 * <p>And none twice: a LAN message whose reading was committed but whose PUBACK had not reached the
 * LAN broker when the gateway died is delivered again; the gateway finds its key committed with the
 * reading and only acknowledges it (gateway/README.md, Store-and-forward, 7). A batch sent again
 * under its (bootId, seq) never adds a point. So InfluxDB holds each number exactly once.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GatewayKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayKillIT.class);
    /** Numbered LAN messages; each one is a reading with a distinct value. */
    private static final int N = 2000;
    /** The gateway is killed once the LAN broker has acknowledged this many to the sensor. */
    private static final int KILL_AFTER = N / 2;
    /**
     * Pace of the sensor, a busy site's worth (2000 messages in about 4 s). Unpaced, the publisher
     * outruns the gateway by far, and a LAN broker with Mosquitto's default
     * {@code max_queued_messages 1000} would drop what queues beyond that for the dead gateway.
     */
    private static final Duration PUBLISH_PERIOD = Duration.ofMillis(2);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path WORK = Path.of("target/it-services/GatewayKillIT");

    @RegisterExtension
    static final Services SERVICES = Services.mosquitto("lan", "cloud").influx();

    private final List<Process> gateways = new ArrayList<>();
    private final List<MqttClient> clients = new ArrayList<>();
    private CloudProcess cloud;

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : gateways) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void shouldBringEveryNumberIntoInfluxDbAfterTheGatewayIsKilledMidStream(@TempDir Path bufferDir) throws Exception {
        E2eStack.quietLogs();
        String lanBroker = SERVICES.mosquittoProcess("lan").uri();
        String cloudBroker = SERVICES.mosquittoProcess("cloud").uri();
        InfluxProcess influx = SERVICES.influxProcess();
        cloud = E2eStack.startCloud(WORK.resolve("cloud"), cloudBroker, influx.url());
        E2eStack.Tap tap = new E2eStack.Tap();
        MqttClient tapClient = client(cloudBroker, "e2e-kill-tap");
        tapClient.setCallback(tap);
        tapClient.connect();
        tapClient.subscribe(Topics.readings(E2eStack.SITE, E2eStack.GATEWAY), 1);

        Path config = WORK.resolve("gateway.yaml");
        Files.writeString(config, """
                site: %s
                gateway: %s
                gpio: mock
                lanBroker: {uri: '%s'}
                cloudBroker: {uri: '%s'}
                uplink: {maxBatchReadings: 50, maxBatchDelay: 100ms, store: sqlite, storePath: '%s'}
                sensors:
                  - %s
                """.formatted(E2eStack.SITE, E2eStack.GATEWAY, lanBroker, cloudBroker,
                bufferDir.resolve("buffer.db").toAbsolutePath(), E2eStack.sensorYaml()), StandardCharsets.UTF_8);
        Path firstLog = WORK.resolve("gateway-1.log");
        Process first = startGateway(config, firstLog);
        // The first subscription creates the gateway's persistent LAN session, which queues while it is dead.
        Eventually.await("the gateway's LAN subscription", WAIT, () -> logged(first, firstLog, "LAN up"));

        MqttClient sensor = client(lanBroker, "e2e-kill-slm-1");
        sensor.connect(new MqttConnectionOptions());
        AtomicInteger acked = new AtomicInteger();
        AtomicReference<Exception> publishFailure = new AtomicReference<>();
        Thread publisher = new Thread(() -> {
            long start = System.nanoTime();
            try {
                for (int i = 1; i <= N; i++) {
                    LockSupport.parkNanos(start + i * PUBLISH_PERIOD.toNanos() - System.nanoTime());
                    publishAcknowledged(sensor, i);
                    acked.set(i);
                }
            } catch (Exception e) {
                publishFailure.set(e);
            }
        }, "e2e-slm-1");
        publisher.start();

        Eventually.await(KILL_AFTER + " numbers acknowledged by the LAN broker", WAIT, () -> {
            if (publishFailure.get() != null) {
                throw new AssertionError("the sensor stopped after " + acked.get() + " numbers", publishFailure.get());
            }
            return acked.get() >= KILL_AFTER;
        });
        int ackedAtKill = acked.get();
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no drain, no offline status
        first.waitFor();
        long killedAt = System.currentTimeMillis();
        long countAtKill = E2eStack.count(influx);
        long restartedAt = System.currentTimeMillis();
        Path secondLog = WORK.resolve("gateway-2.log");
        Process second = startGateway(config, secondLog);
        publisher.join(WAIT.toMillis());
        assertNull(publishFailure.get(), "the sensor could publish every number");
        assertEquals(N, acked.get());

        try {
            Eventually.await("all " + N + " numbers in InfluxDB", WAIT, () -> numbers(E2eStack.points(influx)).size() == N);
        } catch (AssertionError notAll) {
            // the summary and the assertions below say which numbers are missing and why
        }
        long total = awaitSteadyCount(influx);

        List<E2eStack.Point> points = E2eStack.points(influx);
        Map<Integer, List<E2eStack.Point>> byNumber = points.stream()
                .collect(Collectors.groupingBy(E2eStack.Point::number, TreeMap::new, Collectors.toList()));
        Set<Integer> missing = new TreeSet<>();
        for (int i = 1; i <= N; i++) {
            if (!byNumber.containsKey(i)) {
                missing.add(i);
            }
        }
        Map<Integer, List<E2eStack.Point>> duplicates = new TreeMap<>(byNumber);
        duplicates.values().removeIf(list -> list.size() == 1);
        JsonNode stats = cloud.getJson("/api/ingest/stats");
        LOG.info("""
                GatewayKillIT summary
                  numbers sent (acked by the LAN broker) {}
                  killed after                          {} acked; {} points in InfluxDB at the kill
                  newest stamp before the restart       {} ms after the kill (a burst is stamped +1 ms a message)
                  points in InfluxDB                    {}
                  distinct numbers in InfluxDB          {}
                  missing numbers                       {} {}
                  numbers stored twice                  {} {}
                  LAN redeliveries acknowledged only    {}
                  batches on the cloud broker / distinct {} / {} (received again: {})
                  cloud: accepted batches {}, duplicate batches {}, gaps {}, late {}""",
                N, ackedAtKill, countAtKill, aheadOfKill(points, killedAt, restartedAt), total, byNumber.size(),
                missing.size(), whereAre(missing, tap, points),
                duplicates.size(),
                describe(duplicates), redeliveryLines(secondLog), tap.batches().size(), distinctBatches(tap), repeatedBatches(tap), stats.get("acceptedBatches"),
                stats.get("duplicates"), stats.get("gaps"), stats.get("lateBatches"));

        String lanLog = Files.readString(SERVICES.mosquittoProcess("lan").workDir().resolve("mosquitto.log"), StandardCharsets.UTF_8);
        assertFalse(lanLog.contains("Outgoing messages are being dropped"), "the LAN broker dropped messages queued for"
                + " the dead gateway (Mosquitto's max_queued_messages, 1000 by default), so " + missing + " never reached it");
        assertEquals(Set.of(), missing, "every number the LAN broker acknowledged is in InfluxDB");
        assertEquals(Map.of(), duplicates, "no number stored twice (a LAN redelivery is acknowledged only)");
        assertEquals(N, total, "one point per number");
        assertResentBatchesAreIdentical(tap);
        // InfluxDB holds exactly the distinct readings the gateway published: a batch sent again under
        // its (bootId, seq) is dropped by the cloud or lands on the same (series, time) keys.
        Set<String> published = tap.readings().stream().filter(t -> t.reading().sensor().equals(E2eStack.SENSOR))
                .map(t -> t.reading().ts() + "=" + t.reading().values().get(E2eStack.FIELD).intValue())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> stored = points.stream().map(p -> p.time() + "=" + p.number()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(published, stored, "InfluxDB's points are the distinct readings on the cloud broker, at their source ts");
        assertEquals(0, stats.get("gaps").asLong(), "the cloud saw no batch number skipped: " + stats.get("recentGaps"));

        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * How far the first boot's newest stamp lies past the moment it was killed. The gateway stamps a
     * message on arrival but strictly increasing per sensor (+1 ms on a tie), so a burst from the LAN
     * broker's queue runs ahead of the clock. Points stamped before the second boot started are the
     * first boot's; the second boot cannot stamp before its JVM is up, well over a second later.
     */
    private static long aheadOfKill(List<E2eStack.Point> points, long killedAt, long restartedAt) {
        long newest = points.stream().mapToLong(E2eStack.Point::time).filter(t -> t < restartedAt + 1_000).max().orElse(killedAt);
        return newest - killedAt;
    }

    /**
     * For each missing number: the source ts it had on the wire, and which number InfluxDB holds at
     * that time instead (two readings of one sensor with the same ts are one point: the later write wins).
     */
    private static String whereAre(Set<Integer> missing, E2eStack.Tap tap, List<E2eStack.Point> points) {
        Map<Long, Integer> numberAt = new HashMap<>();
        points.forEach(p -> numberAt.put(p.time(), p.number()));
        Map<Integer, List<String>> seen = new TreeMap<>();
        for (E2eStack.Tapped t : tap.readings()) {
            int number = t.reading().values().get(E2eStack.FIELD).intValue();
            if (missing.contains(number)) {
                seen.computeIfAbsent(number, k -> new ArrayList<>()).add(t.bootId().substring(0, 8) + ":" + t.seq() + " ts "
                        + t.reading().ts() + " (InfluxDB holds " + numberAt.get(t.reading().ts()) + " there)");
            }
        }
        missing.forEach(n -> seen.putIfAbsent(n, List.of("never on the cloud broker")));
        return seen.toString();
    }

    /** Waits until the count stops moving for 3 s: the last LAN redeliveries may still be on their way. */
    private static long awaitSteadyCount(InfluxProcess influx) throws Exception {
        long[] last = {-1};
        int[] steady = {0};
        return Eventually.await("a steady point count", WAIT, () -> {
            long now = E2eStack.count(influx);
            steady[0] = now == last[0] ? steady[0] + 1 : 0;
            last[0] = now;
            if (steady[0] >= 6) {
                return now;
            }
            TimeUnit.MILLISECONDS.sleep(400);
            return null;
        });
    }

    private static void assertResentBatchesAreIdentical(E2eStack.Tap tap) {
        Map<String, byte[]> first = new HashMap<>();
        List<ReadingBatch> batches = tap.batches();
        List<byte[]> payloads = tap.payloads();
        for (int i = 0; i < batches.size(); i++) {
            String key = batches.get(i).bootId() + "/" + batches.get(i).seq();
            byte[] earlier = first.putIfAbsent(key, payloads.get(i));
            if (earlier != null) {
                assertArrayEquals(earlier, payloads.get(i), "batch " + key + " resent byte for byte");
            }
        }
        assertEquals(2, batches.stream().map(ReadingBatch::bootId).distinct().count(), "batches of both boots");
    }

    /** The gateway's INFO lines about LAN redeliveries it only acknowledged (at most one a minute). */
    private static String redeliveryLines(Path log) throws java.io.IOException {
        return Files.readString(log, StandardCharsets.UTF_8).lines().filter(l -> l.contains("LAN broker delivered message"))
                .map(l -> l.substring(l.indexOf("LAN broker"))).toList().toString();
    }

    private static Set<Integer> numbers(List<E2eStack.Point> points) {
        return points.stream().map(E2eStack.Point::number).collect(Collectors.toSet());
    }

    private static long distinctBatches(E2eStack.Tap tap) {
        return tap.batches().stream().map(b -> b.bootId() + "/" + b.seq()).distinct().count();
    }

    /** Batches the cloud broker delivered more than once, as boot:seq×copies, in order of boot. */
    private static String repeatedBatches(E2eStack.Tap tap) {
        Map<String, Long> copies = tap.batches().stream().collect(Collectors.groupingBy(
                b -> b.bootId().substring(0, 8) + ":" + b.seq(), TreeMap::new, Collectors.counting()));
        copies.values().removeIf(c -> c == 1);
        return copies.entrySet().stream().map(e -> e.getKey() + "x" + e.getValue()).collect(Collectors.joining(" ", "[", "]"));
    }

    private static String describe(Map<Integer, List<E2eStack.Point>> duplicates) {
        return duplicates.entrySet().stream()
                .map(e -> e.getKey() + "@" + e.getValue().stream().map(p -> Long.toString(p.time())).toList())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * Publishes number {@code n} at QoS 1 and returns on the LAN broker's PUBACK. Paho's synchronous
     * publish returns before it has freed the in-flight slot, so back-to-back publishes now and then
     * fail with "too many publishes in progress" (32202); that number is simply sent again.
     */
    private static void publishAcknowledged(MqttClient sensor, int n) throws MqttException {
        while (true) {
            try {
                sensor.publish(E2eStack.LAN_TOPIC, E2eStack.payload(n), 1, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private Process startGateway(Path config, Path log) throws Exception {
        Path jar = Path.of(System.getProperty("linli.gateway.jar", "../../gateway/target/linli-gateway.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the gateway first (mvn -pl gateway -am package)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-jar", jar.toString(), config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        gateways.add(p);
        return p;
    }

    private MqttClient client(String uri, String id) throws Exception {
        MqttClient c = new MqttClient(uri, id, new MemoryPersistence());
        clients.add(c);
        return c;
    }

    private static boolean logged(Process gateway, Path log, String text) throws Exception {
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!gateway.isAlive()) {
            throw new IllegalStateException("the gateway exited with " + gateway.exitValue() + ":\n" + output);
        }
        return output.contains(text);
    }
}
