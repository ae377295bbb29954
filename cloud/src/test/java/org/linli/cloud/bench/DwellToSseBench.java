package org.linli.cloud.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.WebClient;
import org.linli.testkit.InfluxProcess;
import org.linli.testkit.MosquittoProcess;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A load driver, not a test: from the reading that completes a dwell to the ticket event on the live
 * stream (SSE), while other gateways publish {@code bench.rate} readings a second (default 10,000).
 *
 * <p>The cloud runs in this JVM (rules on, H2, its own spool) against a real Mosquitto and InfluxDB
 * ({@code deploy/testkit}); an admin follows {@code GET /api/events} over HTTP like the dashboard does.
 * Background: 1 s noise levels from 20 modules in batches of 100. Measured: {@code bench.dwells}
 * (default 200) fire lanes, one parking sensor each; each gets "occupied" state readings a minute apart
 * from 6 min 8 s back (5 min counted, short of the fire lane's 1 min confirmation + 5 min dwell), then,
 * 2 s later, one stamped now, which completes the dwell. Latency = that second batch's PUBACK-less publish call to the
 * {@code ticket-opened} event for its space arriving on the stream.
 */
public final class DwellToSseBench {
    private static final Logger LOG = LoggerFactory.getLogger(DwellToSseBench.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WireCodec CODEC = new WireCodec();
    private static final int NOISE_MODULES = 20;

    private DwellToSseBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("bench.rate", 10_000);
        int dwells = Integer.getInteger("bench.dwells", 200);
        Duration spread = Duration.ofSeconds(Long.getLong("bench.seconds", 60));
        Path work = Files.createTempDirectory("linli-dwell-bench");
        Path siteFile = work.resolve("site.yaml");
        Files.writeString(siteFile, siteYaml(dwells));
        try (MosquittoProcess mosquitto = MosquittoProcess.start(work.resolve("mosquitto"), "max_queued_messages 0\n");
             InfluxProcess influx = InfluxProcess.start(work.resolve("influx"))) {
            Map<String, Object> props = new HashMap<>();
            props.put("linli.site-file", siteFile.toString());
            props.put("linli.mqtt.uri", mosquitto.uri());
            props.put("linli.mqtt.client-id", "linli-cloud-dwell-bench");
            props.put("linli.influx.url", influx.url());
            props.put("linli.spool.path", work.resolve("spool").toString());
            props.put("linli.data-dir", work.resolve("data").toString());
            props.put("micronaut.server.port", -1);
            props.put("micronaut.environments", "bench");
            // The entry readings are stamped 6 minutes back; the rules take readings up to the idle lag old.
            props.put("linli.rules.idle-lag", "1h");
            EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
            try {
                run(server, mosquitto.uri(), rate, dwells, spread);
            } finally {
                server.getApplicationContext().close();
            }
        }
    }

    private static void run(EmbeddedServer server, String mqtt, int rate, int dwells, Duration spread) throws Exception {
        WebClient admin = TestUsers.loginAs(server, "bench-admin", Role.COMMUNITY_ADMIN, null);
        Map<String, Long> opened = new ConcurrentHashMap<>();
        Thread sse = followEvents(admin, opened);
        MqttAsyncClient client = new MqttAsyncClient(mqtt, "dwell-bench-publisher", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setMaxReconnectDelay(1000);
        client.connect(options).waitForCompletion(10_000);

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong background = new AtomicLong();
        Thread load = new Thread(() -> background(client, rate, loading, background), "bench-background");
        load.start();
        LockSupport.parkNanos(Duration.ofSeconds(5).toNanos()); // the background at full rate first

        Map<String, Long> completedAt = new ConcurrentHashMap<>();
        long seq = 0;
        long period = spread.toNanos() / dwells;
        long next = System.nanoTime();
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < dwells; k++) {
            order.add(k);
        }
        String dwellTopic = Topics.readings("bench", "gw-dwell");
        // Entries stamped 6 minutes ago, each sent 2 s before its completing reading.
        long start = System.currentTimeMillis();
        List<long[]> schedule = new ArrayList<>();
        for (int k : order) {
            schedule.add(new long[] {k, next + k * period});
        }
        int entered = 0;
        int completed = 0;
        while (completed < dwells) {
            long now = System.nanoTime();
            if (entered < dwells && schedule.get(entered)[1] - Duration.ofSeconds(2).toNanos() <= now) {
                int k = (int) schedule.get(entered)[0];
                // Occupied from 6 min 8 s before the completing reading, a state reading a minute (the rule
                // reads a gap over 5 min as UNKNOWN): 5 min counted so far, short of the fire lane's
                // 1 min confirmation + 5 min dwell, which the completing reading 2 s later passes.
                long completing = System.currentTimeMillis() + 2_000;
                List<Reading> entry = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    entry.add(Reading.of("park-" + k, completing - Duration.ofMinutes(6).toMillis() - 8_000
                            + Duration.ofMinutes(i).toMillis(), "occupied", 1, "bool"));
                }
                client.publish(dwellTopic, CODEC.encode(batch("gw-dwell", ++seq, entry)), 1, false);
                entered++;
                continue;
            }
            if (completed < entered && schedule.get(completed)[1] <= now) {
                int k = (int) schedule.get(completed)[0];
                long ts = System.currentTimeMillis();
                byte[] payload = CODEC.encode(batch("gw-dwell", ++seq, List.of(Reading.of("park-" + k, ts, "occupied", 1, "bool"))));
                completedAt.put("lane-" + k, System.nanoTime());
                client.publish(dwellTopic, payload, 1, false);
                completed++;
                continue;
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (opened.size() < dwells && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        loading.set(false);
        load.join();
        double seconds = (System.currentTimeMillis() - start) / 1e3;
        List<Double> latencies = new ArrayList<>();
        for (Map.Entry<String, Long> e : completedAt.entrySet()) {
            Long at = opened.get(e.getKey());
            if (at != null) {
                latencies.add((at - e.getValue()) / 1e6);
            }
        }
        Collections.sort(latencies);
        LOG.info(String.format(Locale.ROOT, """
                results:
                | figure | value |
                |---|---|
                | dwells completed / ticket-opened on SSE | %d / %d |
                | background readings/s (achieved) | %,.0f (asked %,d) |
                | dwell end → ticket-opened on SSE, p50 | %.1f ms |
                | dwell end → ticket-opened on SSE, p99 | %.1f ms |
                | dwell end → ticket-opened on SSE, max | %.1f ms |
                | load average | %.1f |
                """, dwells, latencies.size(), background.get() / seconds, rate, pct(latencies, 50), pct(latencies, 99),
                latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        JsonNode stats = admin.getJson("/api/ingest/stats");
        LOG.info("cloud ingest: accepted readings {}, rejected {} {}; tickets {}", stats.path("acceptedReadings"),
                stats.path("rejectedTotal"), stats.path("rejects"), admin.getJson("/api/tickets").size());
        client.disconnect().waitForCompletion(5_000);
        client.close();
        sse.interrupt();
    }

    /** {@code bench.rate} 1 s noise levels a second, in batches of 100, from one gateway. */
    private static void background(MqttAsyncClient client, int rate, AtomicBoolean loading, AtomicLong sent) {
        String topic = Topics.readings("bench", "gw-load");
        int perBatch = 100;
        long period = TimeUnit.SECONDS.toNanos(1) * perBatch / rate;
        long next = System.nanoTime();
        long seq = 0;
        long[] lastTs = new long[NOISE_MODULES];
        try {
            while (loading.get()) {
                List<Reading> readings = new ArrayList<>(perBatch);
                long now = System.currentTimeMillis();
                for (int i = 0; i < perBatch; i++) {
                    int m = i % NOISE_MODULES;
                    lastTs[m] = Math.max(lastTs[m] + 1, now);
                    readings.add(Reading.of("slm-" + m, lastTs[m], "la", 50 + (i % 7), "dBA"));
                }
                while (true) {
                    try {
                        client.publish(topic, CODEC.encode(batch("gw-load", ++seq, readings)), 1, false);
                        break;
                    } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                        if (e.getReasonCode() != 32202) {
                            throw e;
                        }
                        LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                    }
                }
                sent.addAndGet(perBatch);
                next += period;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        } catch (Exception e) {
            LOG.error("background load stopped", e);
        }
    }

    private static ReadingBatch batch(String gateway, long seq, List<Reading> readings) {
        return new ReadingBatch(1, "bench", gateway, "boot-" + gateway, seq, System.currentTimeMillis(), readings);
    }

    /** Reads the live stream; remembers when each space's ticket-opened event arrived. */
    private static Thread followEvents(WebClient admin, Map<String, Long> opened) {
        Thread t = new Thread(() -> {
            try {
                HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(admin.request("/api/events")
                        .timeout(Duration.ofHours(1)).header("Accept", "text/event-stream").GET().build(),
                        HttpResponse.BodyHandlers.ofLines());
                if (r.statusCode() != 200) {
                    LOG.error("GET /api/events answered {}", r.statusCode());
                    return;
                }
                r.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        long at = System.nanoTime();
                        try {
                            JsonNode e = JSON.readTree(line.substring(5));
                            if ("ticket-opened".equals(e.path("type").asText()) && e.hasNonNull("space")) {
                                opened.putIfAbsent(e.get("space").asText(), at);
                            }
                        } catch (Exception ignored) {
                            // not an event of ours
                        }
                    }
                });
            } catch (Exception e) {
                if (!(e instanceof InterruptedException)) {
                    LOG.error("the live stream stopped", e);
                }
            }
        }, "bench-sse");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String siteYaml(int dwells) {
        StringBuilder y = new StringBuilder("""
                id: bench
                name: 基准社区
                timezone: Asia/Shanghai
                grids:
                  - {id: g1, name: 网格, level: 1, head: 王}
                  - {id: g1-1, name: 东区, level: 3, parent: g1, worker: 李}
                spaces:
                  - {id: plaza-0, name: 广场, kind: plaza, grid: g1-1, noiseZone: "1"}
                """);
        for (int k = 0; k < dwells; k++) {
            y.append("  - {id: lane-").append(k).append(", name: 通道").append(k).append(", kind: fire-lane, grid: g1-1, noiseZone: \"1\"}\n");
        }
        y.append("gateways:\n  - id: gw-load\n    sensors:\n");
        for (int m = 0; m < NOISE_MODULES; m++) {
            y.append("      - {id: slm-").append(m).append(", kind: noise-module, space: plaza-0, transport: i2c, bus: ")
                    .append(1 + m / 8).append(", address: 0x").append(Integer.toHexString(0x48 + m % 8)).append("}\n");
        }
        y.append("  - id: gw-dwell\n    sensors:\n");
        for (int k = 0; k < dwells; k++) {
            y.append("      - {id: park-").append(k).append(", kind: parking, space: lane-").append(k)
                    .append(", transport: mqtt, topic: park/").append(k).append(", field: occupancy}\n");
        }
        return y.toString();
    }
}
