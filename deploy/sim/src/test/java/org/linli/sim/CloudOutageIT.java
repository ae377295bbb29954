package org.linli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.gateway.app.GatewayApp;
import org.linli.gateway.uplink.UplinkStats;
import org.linli.testkit.InfluxProcess;
import org.linli.testkit.MosquittoProcess;
import org.linli.testkit.Services;
import org.linli.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Never loses a reading" across a cloud outage of minutes, counted in InfluxDB: a sound level meter
 * on the LAN broker sends numbered readings at a steady pace; the cloud broker is stopped for
 * {@link #OUTAGE} while the readings go on, then started again on the same port and data (its
 * persistence keeps the cloud's persistent shared-subscription session). The gateway (in this JVM,
 * SQLite buffer) holds the readings meanwhile and sends them when the broker is back.
 *
 * <p>Nothing dies here but the broker, so the count must be exact: every number exactly once in
 * InfluxDB, in the order sent, each point at its reading's source timestamp (a backfilled point keeps
 * the time it was measured, inside the outage, not the time it arrived), and the cloud's ingest
 * statistics show no gap in the batch numbers.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CloudOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(CloudOutageIT.class);
    /**
     * How long the cloud broker is away. A fixed wait on purpose: the outage is the scenario, not a
     * condition to poll for. 120 s by default (an outage of minutes, as the issue asks, within the
     * test's 5 min limit); {@code -Dlinli.e2e.outageSeconds=300} for a longer one.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("linli.e2e.outageSeconds", 120));
    /** The sensor's pace: 20 readings a second, steady before, during and after the outage. */
    private static final Duration PUBLISH_PERIOD = Duration.ofMillis(50);
    /** Numbers sent before the broker is stopped (about 5 s of flow). */
    private static final int BEFORE = 100;
    /** Numbers sent after the outage has been given its full length (about 5 s). */
    private static final int AFTER = 100;
    /** All numbers: the outage is fully covered by the paced stream. */
    private static final int N = BEFORE + (int) (OUTAGE.toMillis() / PUBLISH_PERIOD.toMillis()) + AFTER;
    /** How long after its LAN PUBACK the gateway may stamp a reading (it stamps on arrival). */
    private static final long STAMP_SLACK_MS = 5_000;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path WORK = Path.of("target/it-services/CloudOutageIT");

    @RegisterExtension
    static final Services SERVICES = Services.mosquitto("lan", "cloud").influx();

    private final List<MqttClient> clients = new ArrayList<>();
    private CloudProcess cloud;
    private Vertx vertx;
    private GatewayApp gateway;

    @AfterEach
    void stopAll() throws Exception {
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
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
    void shouldStoreEveryReadingExactlyOnceAtItsSourceTimeAfterACloudOutage(@TempDir Path bufferDir) throws Exception {
        E2eStack.quietLogs();
        String lanBroker = SERVICES.mosquittoProcess("lan").uri();
        MosquittoProcess cloudBroker = SERVICES.mosquittoProcess("cloud");
        InfluxProcess influx = SERVICES.influxProcess();
        cloud = E2eStack.startCloud(WORK.resolve("cloud"), cloudBroker.uri(), influx.url());
        // A persistent session, like the cloud's: the broker keeps what the gateway sends while the tap reconnects.
        E2eStack.Tap tap = new E2eStack.Tap();
        MqttClient tapClient = client(cloudBroker.uri(), "e2e-outage-tap");
        tapClient.setCallback(tap);
        MqttConnectionOptions tapOptions = new MqttConnectionOptions();
        tapOptions.setCleanStart(false);
        tapOptions.setSessionExpiryInterval(3600L);
        tapOptions.setAutomaticReconnect(true);
        tapOptions.setAutomaticReconnectDelay(1, 2);
        tapClient.connect(tapOptions);
        tapClient.subscribe(Topics.readings(E2eStack.SITE, E2eStack.GATEWAY), 1);

        GatewayConfig config = GatewayConfigLoader.parse("outage-gateway.yaml", """
                site: %s
                gateway: %s
                gpio: mock
                lanBroker: {uri: "%s"}
                cloudBroker: {uri: "%s"}
                uplink: {maxBatchReadings: 50, maxBatchDelay: 200ms, store: sqlite, storePath: "%s"}
                sensors:
                  - %s
                """.formatted(E2eStack.SITE, E2eStack.GATEWAY, lanBroker, cloudBroker.uri(),
                bufferDir.resolve("buffer.db").toAbsolutePath(), E2eStack.sensorYaml()));
        vertx = Vertx.vertx();
        gateway = GatewayApp.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        MqttClient sensor = client(lanBroker, "e2e-outage-slm-1");
        sensor.connect(new MqttConnectionOptions());
        AtomicInteger acked = new AtomicInteger();
        AtomicLongArray sentAt = new AtomicLongArray(N + 1);
        AtomicLongArray ackedAt = new AtomicLongArray(N + 1);
        AtomicReference<Exception> publishFailure = new AtomicReference<>();
        Thread publisher = new Thread(() -> {
            long start = System.nanoTime();
            try {
                for (int i = 1; i <= N; i++) {
                    LockSupport.parkNanos(start + i * PUBLISH_PERIOD.toNanos() - System.nanoTime());
                    sentAt.set(i, System.currentTimeMillis());
                    sensor.publish(E2eStack.LAN_TOPIC, E2eStack.payload(i), 1, false); // returns on the LAN broker's PUBACK
                    ackedAt.set(i, System.currentTimeMillis());
                    acked.set(i);
                }
            } catch (Exception e) {
                publishFailure.set(e);
            }
        }, "e2e-slm-1");
        publisher.start();

        Eventually.await(BEFORE + " numbers sent", WAIT, () -> acked.get() >= BEFORE);
        long countBefore = E2eStack.count(influx);
        int sentBefore = acked.get();
        long outageStart = System.currentTimeMillis();
        cloudBroker.stop();
        TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis()); // the scenario itself, not a wait for a condition
        int sentDuring = acked.get() - sentBefore;
        UplinkStats uplink = gateway.uplinkStats();
        long bufferedAtEnd = uplink.bufferedReadings();
        long outageEnd = System.currentTimeMillis();
        cloudBroker.restart();
        publisher.join(WAIT.toMillis());
        assertNull(publishFailure.get(), "the sensor could publish every number");
        assertEquals(N, acked.get());

        Eventually.await("the gateway's buffer sent", WAIT, () -> uplink.bufferedReadings() == 0);
        // Not a failure yet: when numbers are missing, the summary and the assertions below say where they went.
        long drainedAt = waitForAll(influx);
        TimeUnit.SECONDS.sleep(2); // anything still on its way would show as a count above N

        List<E2eStack.Point> points = E2eStack.points(influx);
        List<Integer> numbers = points.stream().map(E2eStack.Point::number).toList();
        Map<Integer, Long> published = new TreeMap<>();
        for (E2eStack.Tapped t : tap.readings()) {
            published.put(t.reading().values().get(E2eStack.FIELD).intValue(), t.reading().ts());
        }
        TreeSet<Integer> missing = IntStream.rangeClosed(1, N).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
        missing.removeAll(numbers);
        long missingButTapped = missing.stream().filter(published::containsKey).count();
        long stampedDuringOutage = points.stream().filter(p -> p.time() >= outageStart && p.time() < outageEnd).count();
        JsonNode stats = cloud.getJson("/api/ingest/stats");
        LOG.info("""
                CloudOutageIT summary
                  numbers sent                       {} ({} before, {} during the {} s outage, {} after)
                  points in InfluxDB                 {} ({} distinct)
                  in InfluxDB when the broker stopped {}
                  buffered by the gateway at the end  {}
                  stamped inside the outage          {}
                  all in InfluxDB                    {} s after the broker came back
                  missing from InfluxDB              {} (seen by the plain-subscription tap on the cloud broker: {})
                  batches published / distinct       {} / {}
                  gateway: batches sealed {}, published {}, resent {}, acked {}; readings dropped {}, refused {}
                  cloud: accepted batches {}, readings {}, duplicate batches {}, gaps {}, late {}, rejected {}, store refusals {}""",
                N, sentBefore, sentDuring, OUTAGE.toSeconds(), N - sentBefore - sentDuring, points.size(),
                numbers.stream().distinct().count(), countBefore, bufferedAtEnd, stampedDuringOutage,
                drainedAt < 0 ? "not" : (drainedAt - outageEnd) / 1000.0, ranges(missing), missingButTapped,
                tap.batches().size(),
                tap.batches().stream().map(b -> b.bootId() + "/" + b.seq()).distinct().count(),
                uplink.batchesSealed(), uplink.batchesPublished(), uplink.batchesResent(), uplink.batchesAcked(),
                uplink.readingsDropped(), uplink.readingsRefused(), stats.get("acceptedBatches"),
                stats.get("acceptedReadings"), stats.get("duplicates"), stats.get("gaps"), stats.get("lateBatches"),
                stats.get("rejectedTotal"), stats.get("storeRefusals"));

        assertTrue(countBefore > 0, "readings flowed into InfluxDB before the outage");
        assertEquals("[]", ranges(missing), missingButTapped + " of the " + missing.size() + " missing numbers were"
                + " published by the gateway and acknowledged by the cloud broker (a plain subscriber got them),"
                + " but never reached the cloud's shared subscription");
        assertTrue(sentDuring > 0 && bufferedAtEnd > 0, "readings were made and buffered during the outage");
        // Exactly once, and in the order sent: points in time order carry 1, 2, ..., N.
        assertEquals(IntStream.rangeClosed(1, N).boxed().toList(), numbers, "every number once, in time order");
        for (E2eStack.Point p : points) {
            assertTrue(p.time() >= sentAt.get(p.number()) && p.time() <= ackedAt.get(p.number()) + STAMP_SLACK_MS,
                    "number " + p.number() + " stamped when it was measured, not when it reached the cloud: " + p
                            + " sent at " + sentAt.get(p.number()));
        }
        assertTrue(stampedDuringOutage >= sentDuring - 1, "the readings made during the outage keep their times: "
                + stampedDuringOutage + " of " + sentDuring);
        Map<Integer, Long> stored = points.stream()
                .collect(Collectors.toMap(E2eStack.Point::number, E2eStack.Point::time, (a, b) -> a, TreeMap::new));
        assertEquals(published, stored, "InfluxDB time = the reading's source ts on the wire, for every number");
        assertEquals(0, stats.get("gaps").asLong(), "no batch number skipped: " + stats.get("recentGaps"));
        assertEquals(0, stats.get("rejectedTotal").asLong(), stats.toString());
        assertEquals(0, stats.get("storeRefusals").asLong(), stats.toString());
        assertEquals(0, uplink.readingsDropped() + uplink.readingsRefused(), "the buffer gave nothing up");
    }

    /** Waits for all numbers; the time they were all there, or -1 if some never came. */
    private static long waitForAll(InfluxProcess influx) throws Exception {
        try {
            Eventually.await("all " + N + " numbers in InfluxDB", Duration.ofSeconds(45), () -> E2eStack.count(influx) >= N);
            return System.currentTimeMillis();
        } catch (AssertionError notAll) {
            return -1;
        }
    }

    /** Numbers as ranges, "[1-3, 7]". */
    private static String ranges(SortedSet<Integer> numbers) {
        List<String> out = new ArrayList<>();
        Integer from = null;
        Integer to = null;
        for (int n : numbers) {
            if (to != null && n == to + 1) {
                to = n;
                continue;
            }
            if (from != null) {
                out.add(from.equals(to) ? from.toString() : from + "-" + to);
            }
            from = n;
            to = n;
        }
        if (from != null) {
            out.add(from.equals(to) ? from.toString() : from + "-" + to);
        }
        return out.toString();
    }

    private MqttClient client(String uri, String id) throws Exception {
        MqttClient c = new MqttClient(uri, id, new MemoryPersistence());
        clients.add(c);
        return c;
    }
}
