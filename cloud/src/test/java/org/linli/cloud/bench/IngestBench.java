package org.linli.cloud.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import okhttp3.OkHttpClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.linli.cloud.ingest.BatchMapper;
import org.linli.cloud.ingest.LineProtocol;
import org.linli.config.Site;
import org.linli.config.SiteLoader;
import org.linli.testkit.InfluxProcess;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.TopicAddress;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A load driver, not a test: the cloud's ingest (rules on) against a direct batched line-protocol
 * writer into the same InfluxDB, in the same run.
 *
 * <p>Per round: (1) <b>direct</b>: the very lines the cloud would write, 5,000 per gzip request from one
 * thread, into database {@code direct_N}; points/s until InfluxDB answered the last one. (2) <b>cloud</b>:
 * the cloud (in this JVM, rules on, its own spool and H2) subscribes once and stops; the readings are
 * published to its session as gateway batches (10 gateways × 5 noise modules and 5 parking sensors:
 * 1 s levels, minute aggregates and occupancy heartbeats in event time); the cloud is started again and takes the
 * backlog. Reported: points/s accepted (spooled + rules, then acknowledged) and points/s into InfluxDB
 * (its {@code writtenPoints}), both from its first accepted batch; InfluxDB's count is checked.
 *
 * <p>Its own Mosquitto ({@code max_queued_messages 0}, no persistence: a backlog of thousands of
 * batches must not be dropped) and InfluxDB ({@code deploy/testkit}) on free loopback ports in a
 * temporary directory. Arguments: points (default 500000), readings per batch (250), rounds (2);
 * system property {@code bench.writers}: the cloud's {@code linli.spool.writers} (2).
 */
public final class IngestBench {
    private static final Logger LOG = LoggerFactory.getLogger(IngestBench.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int GATEWAYS = 10;
    private static final int SLM_PER_GATEWAY = 5;
    private static final int PARKING_PER_GATEWAY = 5;
    private static final int WRITE_POINTS = 5_000;

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int perBatch = args.length > 1 ? Integer.parseInt(args[1]) : 250;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path work = Files.createTempDirectory("linli-ingest-bench");
        Path siteFile = work.resolve("site.yaml");
        Files.writeString(siteFile, siteYaml());
        Site site = SiteLoader.load(siteFile);
        Load load = load(site, points, perBatch);
        LOG.info("bench: {} points in {} batches of {}; work dir {}", load.points, load.payloads.size(), perBatch, work);

        Process mosquitto = startMosquitto(work);
        int mqttPort = mqttPort(work);
        List<String[]> rows = new ArrayList<>();
        try (InfluxProcess influx = InfluxProcess.start(work.resolve("influx"))) {
            for (int r = 1; r <= rounds; r++) {
                Cpu c0 = Cpu.now(influx, mosquitto);
                double direct = direct(influx, "direct_" + r, load);
                Cpu c1 = Cpu.now(influx, mosquitto);
                Cpu[] window = new Cpu[2];
                double[] cloud = cloud(influx, "cloud_" + r, "tcp://127.0.0.1:" + mqttPort, siteFile, work, load, r,
                        () -> Cpu.now(influx, mosquitto), window);
                Cpu directCpu = c1.minus(c0);
                Cpu cloudCpu = window[1].minus(window[0]);
                LOG.info("CPU, direct: {}; cloud, from its first accepted batch to its last write: {}", directCpu, cloudCpu);
                rows.add(new String[] {Integer.toString(r), fmt(direct), fmt(cloud[0]), fmt(cloud[1]),
                        String.format(Locale.ROOT, "%.2f", cloud[1] / direct),
                        String.format(Locale.ROOT, "%.1f (%s)", directCpu.microsPerPoint(load.points), directCpu),
                        String.format(Locale.ROOT, "%.1f (%s)", cloudCpu.microsPerPoint(load.points), cloudCpu),
                        String.format(Locale.ROOT, "%.1f", loadAverage())});
            }
        } finally {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
        StringBuilder table = new StringBuilder("\n| round | direct writer, points/s | cloud accepted (spool + rules), points/s"
                + " | cloud into InfluxDB, points/s | cloud / direct | CPU µs/point, direct | CPU µs/point, cloud | load avg |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (String[] row : rows) {
            table.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        table.append(String.format(Locale.ROOT, "%n%d points, %d per MQTT batch, %d gateways × %d sensors; %s, %d cores%n",
                load.points, perBatch, GATEWAYS, SLM_PER_GATEWAY + PARKING_PER_GATEWAY,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors()));
        LOG.info("results:{}", table);
    }

    private record Load(List<byte[]> payloads, List<String> topics, List<String> lines, int points) {
    }

    /**
     * The batches as gateways publish them, and the line protocol the cloud makes of them. Per gateway
     * and minute of event time: each noise module's 1 s levels ({@code la}, seconds 1–59) and its minute
     * aggregate ({@code laeq, lmax, lmin, l10, l90} at the minute's start), each parking sensor's state
     * heartbeat; batches of {@code perBatch} readings in that order, as a gateway's uplink cuts them.
     */
    private static Load load(Site site, int points, int perBatch) throws Exception {
        WireCodec codec = new WireCodec();
        BatchMapper mapper = new BatchMapper(site);
        int perGateway = points / GATEWAYS;
        // Event time a day back, inside the idle lag (7 days): the rules judge every minute.
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(1));
        List<byte[]> payloads = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int total = 0;
        List<List<Reading>> streams = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            List<Reading> stream = new ArrayList<>(perGateway);
            for (int m = 0; stream.size() < perGateway; m++) {
                long minute = base.plus(Duration.ofMinutes(m)).toEpochMilli();
                boolean loud = (m / 45) % 3 == 0; // 45 minutes of dancing every 2¼ hours
                boolean occupied = (m / 40) % 2 == 0;
                for (int s = 0; s < SLM_PER_GATEWAY; s++) {
                    double laeq = (loud ? 74 : 46) + s * 0.3;
                    stream.add(new Reading("slm-" + g + "-" + s, minute, Map.of("laeq", laeq, "lmax", laeq + 8,
                            "lmin", laeq - 6, "l10", laeq + 2, "l90", laeq - 5), "dBA", Quality.GOOD, null));
                    for (int sec = 1; sec < 60; sec++) {
                        stream.add(Reading.of("slm-" + g + "-" + s, minute + sec * 1000L, "la",
                                laeq + ((sec * 7) % 11) - 5, "dBA"));
                    }
                }
                for (int s = 0; s < PARKING_PER_GATEWAY; s++) {
                    stream.add(Reading.of("park-" + g + "-" + s, minute, "occupied", occupied ? 1 : 0, "bool"));
                }
            }
            streams.add(stream.subList(0, perGateway));
        }
        int batchesPerGateway = (perGateway + perBatch - 1) / perBatch;
        for (int b = 0; b < batchesPerGateway; b++) {
            for (int g = 0; g < GATEWAYS; g++) {
                List<Reading> stream = streams.get(g);
                List<Reading> readings = stream.subList(b * perBatch, Math.min(stream.size(), (b + 1) * perBatch));
                String gateway = "gw-" + g;
                ReadingBatch batch = new ReadingBatch(1, "bench", gateway, "benchboot" + g, b + 1, System.currentTimeMillis(), readings);
                String topic = Topics.readings("bench", gateway);
                payloads.add(codec.encode(batch));
                topics.add(topic);
                lines.add(LineProtocol.of(mapper.map(new TopicAddress("bench", gateway, Topics.READINGS), batch).points()));
                total += readings.size();
            }
        }
        return new Load(payloads, topics, lines, total);
    }

    /** One thread, 5,000 points a request, gzip: what a plain batched writer does. */
    private static double direct(InfluxProcess influx, String db, Load load) {
        influx.createDatabase(db);
        OkHttpClient.Builder http = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS);
        try (InfluxDB client = InfluxDBFactory.connect(influx.url(), http)) {
            client.enableGzip();
            List<String> all = new ArrayList<>(load.points);
            for (String batch : load.lines) {
                all.addAll(List.of(batch.split("\n")));
            }
            long start = System.nanoTime();
            for (int i = 0; i < all.size(); i += WRITE_POINTS) {
                client.write(db, "", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS,
                        String.join("\n", all.subList(i, Math.min(all.size(), i + WRITE_POINTS))));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long count = count(influx, db);
            if (count != load.points) {
                throw new IllegalStateException("direct: InfluxDB holds " + count + " of " + load.points + " points");
            }
            double rate = load.points / seconds;
            LOG.info("direct writer into {}: {} points in {} s = {} points/s", db, load.points, fmt(seconds), fmt(rate));
            return rate;
        }
    }

    /** The cloud takes a backlog queued in its session: points/s accepted, and into InfluxDB. */
    private static double[] cloud(InfluxProcess influx, String db, String mqtt, Path siteFile, Path work, Load load,
                                  int round, java.util.function.Supplier<Cpu> cpu, Cpu[] window) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", siteFile.toString());
        props.put("linli.mqtt.uri", mqtt);
        props.put("linli.mqtt.client-id", "linli-cloud-bench-" + round);
        props.put("linli.influx.url", influx.url());
        props.put("linli.influx.database", db);
        props.put("linli.spool.path", work.resolve("spool-" + round).toString());
        props.put("linli.data-dir", work.resolve("data-" + round).toString());
        props.put("linli.rules.enabled", true);
        props.put("linli.spool.writers", Integer.getInteger("bench.writers", 2));
        props.put("linli.rules.idle-lag", "7d");
        props.put("micronaut.server.port", -1);
        props.put("micronaut.environments", "bench");

        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
        awaitTrue(Duration.ofSeconds(30), () -> get(server, "/health").statusCode() == 200);
        server.getApplicationContext().close(); // the session stays with the broker, which queues the backlog

        publish(mqtt, load);
        EmbeddedServer again = ApplicationContext.run(EmbeddedServer.class, props);
        org.linli.cloud.auth.WebClient admin = org.linli.cloud.auth.TestUsers.loginAs(again, "bench-" + round + "-"
                + System.nanoTime(), org.linli.cloud.auth.Role.COMMUNITY_ADMIN, null);
        try {
            long first = 0;
            long accepted = 0;
            long written = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (written == 0 && System.nanoTime() < deadline) {
                JsonNode stats = admin.getJson("/api/ingest/stats");
                long now = System.nanoTime();
                if (first == 0 && stats.get("acceptedReadings").asLong() > 0) {
                    first = now;
                    window[0] = cpu.get();
                }
                if (accepted == 0 && stats.get("acceptedReadings").asLong() >= load.points) {
                    accepted = now;
                }
                if (stats.get("writtenPoints").asLong() >= load.points) {
                    written = now;
                    window[1] = cpu.get();
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            if (written == 0) {
                throw new IllegalStateException("cloud: not all points written within 10 minutes");
            }
            long count = count(influx, db);
            if (count != load.points) {
                throw new IllegalStateException("cloud: InfluxDB holds " + count + " of " + load.points + " points");
            }
            double acceptRate = load.points / ((accepted - first) / 1e9);
            double writeRate = load.points / ((written - first) / 1e9);
            LOG.info("cloud into {}: accepted {} points/s, into InfluxDB {} points/s", db, fmt(acceptRate), fmt(writeRate));
            return new double[] {acceptRate, writeRate};
        } finally {
            again.getApplicationContext().close();
        }
    }

    private static void publish(String mqtt, Load load) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(mqtt, "bench-publisher", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setReceiveMaximum(1000);
        client.connect(options).waitForCompletion(10_000);
        // A window as wide as Paho's default in-flight limit (10).
        java.util.ArrayDeque<IMqttToken> pending = new java.util.ArrayDeque<>();
        for (int i = 0; i < load.payloads.size(); i++) {
            if (pending.size() >= 10) {
                pending.removeFirst().waitForCompletion(30_000);
            }
            while (true) {
                try {
                    pending.addLast(client.publish(load.topics.get(i), load.payloads.get(i), 1, false));
                    break;
                } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                    if (e.getReasonCode() != 32202 /* too many publishes in progress */) {
                        throw e;
                    }
                    // Paho frees the slot a moment after it completes the token.
                    LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                }
            }
        }
        for (IMqttToken t : pending) {
            t.waitForCompletion(30_000);
        }
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }

    private static long count(InfluxProcess influx, String db) {
        try {
            long total = 0;
            for (String m : List.of("noise", "occupancy")) {
                JsonNode v = JSON.readTree(influx.query(db, "SELECT COUNT(seq) FROM " + m)).at("/results/0/series/0/values/0/1");
                total += v.isMissingNode() ? 0 : v.asLong();
            }
            return total;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Process startMosquitto(Path work) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = work.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "max_queued_messages 0\nlog_dest file " + work.resolve("mosquitto.log") + "\n");
        Files.writeString(work.resolve("mosquitto.port"), Integer.toString(port));
        Process p = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("mosquitto.out").toFile()).start();
        LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        return p;
    }

    private static int mqttPort(Path work) throws IOException {
        return Integer.parseInt(Files.readString(work.resolve("mosquitto.port")));
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String siteYaml() {
        StringBuilder y = new StringBuilder("""
                id: bench
                name: 基准社区
                timezone: Asia/Shanghai
                grids:
                  - {id: g1, name: 网格, level: 1, head: 王}
                  - {id: g1-1, name: 东区, level: 3, parent: g1, worker: 李}
                spaces:
                """);
        for (int g = 0; g < GATEWAYS; g++) {
            y.append("  - {id: plaza-").append(g).append(", name: 广场").append(g).append(", kind: plaza, grid: g1-1, noiseZone: \"1\"}\n");
            y.append("  - {id: lane-").append(g).append(", name: 通道").append(g).append(", kind: fire-lane, grid: g1-1, noiseZone: \"1\"}\n");
        }
        y.append("gateways:\n");
        for (int g = 0; g < GATEWAYS; g++) {
            y.append("  - id: gw-").append(g).append("\n    name: 网关").append(g).append("\n    sensors:\n");
            for (int s = 0; s < SLM_PER_GATEWAY; s++) {
                y.append("      - {id: slm-").append(g).append('-').append(s).append(", kind: noise-module, space: plaza-")
                        .append(g).append(", transport: i2c, bus: 1, address: 0x").append(Integer.toHexString(0x48 + s)).append("}\n");
            }
            for (int s = 0; s < PARKING_PER_GATEWAY; s++) {
                y.append("      - {id: park-").append(g).append('-').append(s).append(", kind: parking, space: lane-")
                        .append(g).append(", transport: mqtt, topic: park/").append(g).append('/').append(s).append(", field: occupancy}\n");
            }
        }
        return y.toString();
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

    private static void awaitTrue(Duration patience, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + patience);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /** CPU seconds used so far by this JVM, by influxd and by mosquitto. */
    private record Cpu(double jvm, double influx, double mosquitto) {
        static Cpu now(InfluxProcess influx, Process mosquitto) {
            double jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
            String dir = influx.workDir().toString();
            double influxd = ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().orElse("").endsWith("influxd")
                            && String.join(" ", p.info().arguments().orElse(new String[0])).contains(dir))
                    .mapToDouble(p -> p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9).sum();
            double mqtt = mosquitto.toHandle().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
            return new Cpu(jvm, influxd, mqtt);
        }

        Cpu minus(Cpu before) {
            return new Cpu(jvm - before.jvm, influx - before.influx, mosquitto - before.mosquitto);
        }

        /** Microseconds of CPU per point, all three together. */
        double microsPerPoint(int points) {
            return (jvm + influx + mosquitto) * 1e6 / points;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "JVM %.1f s, influxd %.1f s, mosquitto %.1f s", jvm, influx, mosquitto);
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
