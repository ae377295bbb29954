package org.linli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.sim.canteen.DemoElders;
import org.linli.sim.canteen.LunchRush;
import org.linli.testkit.InfluxProcess;
import org.linli.testkit.MosquittoProcess;
import org.linli.testkit.PostgresProcess;
import org.linli.testkit.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof's fault schedule, short form: two gateways (their jars, each in its own JVM at
 * {@code -Xmx64m}) with numbered sound level meters, the cloud (its jar), real brokers and InfluxDB;
 * while the load runs, one fault after another: the gateway killed (SIGKILL) and restarted, the cloud
 * broker down for a while, the cloud killed and restarted, InfluxDB down for a while, and the second
 * gateway (in its own network namespace) cut off from the cloud broker by iptables for a while.
 * Afterwards every number every sensor's LAN broker acknowledged must be in InfluxDB exactly once;
 * the accounting table is logged and any loss or duplicate fails the test.
 *
 * <p>Longer runs: {@code -Dlinli.proof.rounds=N} repeats the schedule, {@code -Dlinli.proof.outageSeconds},
 * {@code -Dlinli.proof.calmSeconds}, {@code -Dlinli.proof.sensors} (per gateway), {@code -Dlinli.proof.rate}
 * (messages a second per sensor); {@code deploy/proof/faults.sh} runs it so.
 */
class FaultScheduleIT {
    private static final Logger LOG = LoggerFactory.getLogger(FaultScheduleIT.class);
    /** Below the test kit's own directory for this class, which holds InfluxDB's data: only this part is wiped at start. */
    private static final Path WORK = Path.of("target/it-services/FaultScheduleIT/run");
    private static final int SENSORS = Integer.getInteger("linli.proof.sensors", 3);
    private static final int RATE = Integer.getInteger("linli.proof.rate", 10);
    private static final int ROUNDS = Integer.getInteger("linli.proof.rounds", 1);
    private static final Duration CALM = Duration.ofSeconds(Long.getLong("linli.proof.calmSeconds", 6));
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("linli.proof.outageSeconds", 20));
    private static final Duration DRAIN = Duration.ofMinutes(4);
    private static final int PAGE = 5000;
    /** Messages a second per sensor of gw-b, the gateway whose buffer lies on a small disk: enough to fill it. */
    private static final int DISK_RATE = Integer.getInteger("linli.proof.diskRate", 150);
    /** Size of the tmpfs under gw-b's buffer. */
    private static final String DISK_SIZE = System.getProperty("linli.proof.diskSize", "3m");
    /** Longest wait for gw-b's buffer to fill its disk while cut off. */
    private static final Duration FILL_LIMIT = Duration.ofMinutes(Long.getLong("linli.proof.fillMinutes", 5));
    /** What gw-b logs when its disk is full and it lowers its cap (SqliteMessageStore.makeRoom). */
    private static final String DISK_FULL_DROP = "until it has drained, and drops the lowest class";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long SEED = Long.getLong("linli.proof.seed", 20261122L);
    /** Elders in the lunch rush, and how long it lasts (it starts with the faults). */
    private static final int ELDERS = Integer.getInteger("linli.proof.elders", 40);
    private static final Duration RUSH = Duration.ofSeconds(Long.getLong("linli.proof.rushSeconds", 90));

    @RegisterExtension
    static final Services SERVICES = Services.create().influx().postgres();

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, Process> gateways = new ConcurrentHashMap<>();
    private final Map<String, Path> bufferDirs = new ConcurrentHashMap<>();
    private Path mountedDisk;
    private SimulatedGateway canteenGateway;
    private CloudProcess cloud;

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : gateways.values()) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (canteenGateway != null) {
            canteenGateway.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (mountedDisk != null) {
            new ProcessBuilder("umount", "-l", mountedDisk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** A gateway of the site, where its brokers are as it sees them, and its sensors. */
    private record Gw(String id, String lanUri, String cloudUri, List<String> sensors, List<String> prefix, int rate) {
    }

    /**
     * The whole schedule must end within 15 minutes plus, per round, its outages, calms, the longest
     * wait for the full disk and 2 minutes: the long form runs far longer than any fixed limit would allow.
     */
    @Test
    void shouldKeepEveryAcknowledgedReadingExactlyOnceThroughEveryFault() {
        Duration round = OUTAGE.multipliedBy(5).plus(CALM.multipliedBy(10)).plus(FILL_LIMIT).plusMinutes(2);
        assertTimeoutPreemptively(Duration.ofMinutes(15).plus(round.multipliedBy(ROUNDS)), this::schedule);
    }

    private void schedule() throws Exception {
        E2eStack.quietLogs();
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        InfluxProcess influx = SERVICES.influxProcess();
        PostgresProcess pg = SERVICES.postgresProcess();
        String database = "faults_" + System.currentTimeMillis();
        pg.createDatabase(database);
        Map<String, String> cloudEnv = Map.of("DATASOURCES_DEFAULT_URL", pg.jdbcUrl(database),
                "DATASOURCES_DEFAULT_USERNAME", pg.user(), "DATASOURCES_DEFAULT_PASSWORD", pg.password());
        String netnsUnavailable = Netns.unavailableReason();
        Netns ns = null;
        if (netnsUnavailable == null) {
            ns = Netns.create("linli-proof");
            resources.add(ns);
        } else {
            LOG.warn("the partition fault cannot run: {}", netnsUnavailable);
        }
        int lanBOuter = freePort();
        int cloudOuter = freePort();
        String outer = ns == null ? "" : "listener %d " + Netns.HOST_IP + "\n";
        // Sensors publish to the LAN brokers while a gateway is dead: let them queue, as a site broker should.
        String lanExtra = "max_queued_messages 100000\n";
        MosquittoProcess lanA = broker("lan-a", lanExtra);
        MosquittoProcess lanCanteen = broker("lan-canteen", lanExtra);
        MosquittoProcess lanB = broker("lan-b", lanExtra + outer.formatted(lanBOuter));
        MosquittoProcess cloudBroker = broker("cloud-broker", "max_queued_messages 100000\n" + outer.formatted(cloudOuter));

        Gw a = new Gw("gw-a", lanA.uri(), cloudBroker.uri(), sensors("a"), List.of(), RATE);
        Gw b = ns == null
                ? new Gw("gw-b", lanB.uri(), cloudBroker.uri(), sensors("b"), List.of(), RATE)
                : new Gw("gw-b", "tcp://" + Netns.HOST_IP + ":" + lanBOuter, "tcp://" + Netns.HOST_IP + ":" + cloudOuter,
                sensors("b"), ns.prefix(), DISK_RATE);
        if (ns != null) {
            // gw-b's buffer on a small disk of its own, which a partition fills long before the buffer's cap.
            Path disk = WORK.resolve("gw-b-disk").toAbsolutePath();
            Files.createDirectories(disk);
            mount(disk);
            bufferDirs.put(b.id(), disk);
        }
        Path site = writeSite(List.of(a, b));
        cloud = CloudProcess.start(WORK.resolve("cloud"), cloudBroker.uri(), influx.url(), site, cloudEnv);
        startGateway(a);
        startGateway(b);
        canteenGateway = startCanteenGateway(lanCanteen.uri(), cloudBroker.uri());
        LocalDate today = LocalDate.now(ZONE);
        HttpResponse<String> imported = cloud.post("/api/canteen/roster", "text/csv; charset=utf-8",
                DemoElders.csv(DemoElders.generate(SEED, ELDERS, today)));
        assertEquals(200, imported.statusCode(), "roster import: " + imported.body());

        Map<String, AtomicInteger> acked = new TreeMap<>();
        Stream.concat(a.sensors().stream(), b.sensors().stream()).forEach(s -> acked.put(s, new AtomicInteger()));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Exception> loadFailure = new AtomicReference<>();
        List<Thread> load = List.of(loadThread(a, lanA.uri(), acked, running, loadFailure),
                loadThread(b, lanB.uri(), acked, running, loadFailure));
        load.forEach(Thread::start);

        // The lunch rush at gw-01's counter: its meal records travel through the same faults.
        CountDownLatch rushReady = new CountDownLatch(1);
        AtomicReference<LunchRush.Result> rushResult = new AtomicReference<>();
        int counterPort = canteenGateway.app().counterPagePort().orElseThrow();
        Thread rush = new Thread(() -> {
            try {
                rushResult.set(new LunchRush(new LunchRush.Options(lanCanteen.uri(), cloudBroker.uri(),
                        "http://127.0.0.1:" + counterPort, E2eStack.SITE, "gw-01", "face-1", "canteen/face-1/events", SEED,
                        ELDERS, 2, RUSH, ZONE, true), Clock.systemUTC()).run(rushReady::countDown));
            } catch (Exception e) {
                loadFailure.compareAndSet(null, e);
                rushReady.countDown();
            }
        }, "proof-lunch-rush");
        rush.start();
        assertTrue(rushReady.await(3, TimeUnit.MINUTES), "the counter got the roster and the policy");

        Map<String, String> schedule = new LinkedHashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            calm();
            fault(schedule, round, "PostgreSQL down " + OUTAGE.toSeconds() + " s", () -> {
                pg.stop();
                sleep(OUTAGE);
                pg.restart();
            });
            calm();
            fault(schedule, round, "cloud broker SIGKILL, restart after 3 s", () -> {
                cloudBroker.kill();
                TimeUnit.SECONDS.sleep(3);
                cloudBroker.restart();
            });
            calm();
            fault(schedule, round, "gateway gw-a SIGKILL, restart after 3 s", () -> {
                Process p = gateways.remove(a.id());
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                TimeUnit.SECONDS.sleep(3);
                startGateway(a);
            });
            calm();
            fault(schedule, round, "cloud broker down " + OUTAGE.toSeconds() + " s", () -> {
                cloudBroker.stop();
                sleep(OUTAGE);
                cloudBroker.restart();
            });
            calm();
            fault(schedule, round, "cloud SIGKILL, restart", () -> {
                cloud.kill();
                cloud = CloudProcess.start(WORK.resolve("cloud"), cloudBroker.uri(), influx.url(), site, cloudEnv);
            });
            calm();
            fault(schedule, round, "InfluxDB down " + OUTAGE.toSeconds() + " s", () -> {
                influx.stop();
                sleep(OUTAGE);
                influx.restart();
            });
            calm();
            if (ns != null) {
                Netns cut = ns;
                fault(schedule, round, "gw-b cut off from the cloud broker " + OUTAGE.toSeconds() + " s (iptables DROP)", () -> {
                    cut.cut(cloudOuter);
                    sleep(OUTAGE);
                    cut.heal(cloudOuter);
                });
                calm();
                fault(schedule, round, "gw-b cut off until its " + DISK_SIZE + " buffer disk is full and it drops, then "
                        + CALM.toSeconds() + " s more", () -> {
                    long before = countInLogs(b, DISK_FULL_DROP);
                    cut.cut(cloudOuter);
                    try {
                        Eventually.await("gw-b dropping on its full disk", FILL_LIMIT, () -> countInLogs(b, DISK_FULL_DROP) > before);
                        sleep(CALM);
                    } finally {
                        cut.heal(cloudOuter);
                    }
                });
            } else {
                schedule.put("round " + round + ": partition", "not run: " + netnsUnavailable);
            }
            calm();
        }
        running.set(false);
        for (Thread t : load) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        rush.join(TimeUnit.MINUTES.toMillis(5));
        assertEquals(null, loadFailure.get(), "the sensors could publish and the rush ran throughout");
        LunchRush.Result served = rushResult.get();
        assertTrue(served != null && !served.servedSubsidised().isEmpty(), "the staff served subsidised meals: " + served);

        try {
            Eventually.await("every acknowledged number in InfluxDB or under a gap marker", DRAIN, () -> acked.entrySet().stream()
                    .allMatch(e -> distinct(influx, e.getKey()) + gapMarked(influx, e.getKey()) >= e.getValue().get()));
        } catch (AssertionError late) {
            // the table below says what is missing
        }
        awaitSteady(influx);

        StringBuilder table = new StringBuilder(String.format("%n%-8s %7s %7s %9s %8s %10s %12s %10s%n",
                "sensor", "sent", "points", "distinct", "missing", "gap-marked", "unaccounted", "duplicates"));
        long sentTotal = 0;
        long missingTotal = 0;
        long markedTotal = 0;
        long duplicateTotal = 0;
        Map<String, String> unaccountedBySensor = new TreeMap<>();
        for (Map.Entry<String, AtomicInteger> e : acked.entrySet()) {
            List<Integer> numbers = numbers(influx, e.getKey());
            int sent = e.getValue().get();
            TreeSet<Integer> distinct = new TreeSet<>(numbers);
            TreeSet<Integer> missing = new TreeSet<>();
            for (int n = 1; n <= sent; n++) {
                if (!distinct.contains(n)) {
                    missing.add(n);
                }
            }
            long marked = gapMarked(influx, e.getKey());
            int duplicates = numbers.size() - distinct.size();
            long unaccounted = missing.size() - marked;
            table.append(String.format("%-8s %7d %7d %9d %8d %10d %12d %10d%n", e.getKey(), sent, numbers.size(), distinct.size(),
                    missing.size(), marked, unaccounted, duplicates));
            if (unaccounted != 0) {
                unaccountedBySensor.put(e.getKey(), unaccounted + " (missing " + (missing.size() > 20
                        ? missing.first() + ".." + missing.last() : missing.toString()) + ", gap markers count " + marked + ")");
            }
            sentTotal += sent;
            missingTotal += missing.size();
            markedTotal += marked;
            duplicateTotal += duplicates;
        }
        table.append(String.format("%-8s %7d %26s %8d %10d %12d %10d%n", "all", sentTotal, "", missingTotal, markedTotal,
                missingTotal - markedTotal, duplicateTotal));
        Map<String, String> expectedMeals = served.servedSubsidised();
        String month = YearMonth.from(today).toString();
        try {
            Eventually.await(expectedMeals.size() + " meals in the settlement", DRAIN, () ->
                    settledMeals(month).size() >= expectedMeals.size());
        } catch (AssertionError late) {
            // the table below says what is missing
        }
        List<String[]> settledRows = settledMeals(month);
        Set<String> settledIds = new HashSet<>();
        Map<String, String> settledMembers = new HashMap<>();
        int mealDuplicates = 0;
        for (String[] row : settledRows) {
            if (!settledIds.add(row[0])) {
                mealDuplicates++;
            }
            settledMembers.put(row[0], row[1]);
        }
        Set<String> mealsMissing = new TreeSet<>(expectedMeals.keySet());
        mealsMissing.removeAll(settledIds);
        Set<String> mealsExtra = new TreeSet<>(settledIds);
        mealsExtra.removeAll(expectedMeals.keySet());
        table.append(String.format("%nmeals    served %d (%d subsidised), in the %s settlement %d, missing %d, not served %d,"
                        + " duplicates %d, cancelled by the staff %d%n", served.served(), expectedMeals.size(), month,
                settledRows.size(), mealsMissing.size(), mealsExtra.size(), mealDuplicates, served.cancelled()));

        JsonNode stats = cloud.getJson("/api/ingest/stats");
        LOG.info("FaultScheduleIT accounting (rounds {}, {} sensors a gateway at {}/s){}faults: {}{}cloud ingest: accepted batches {},"
                        + " duplicates {}, gaps {}, rejected {}", ROUNDS, SENSORS, RATE, table, schedule, System.lineSeparator(),
                stats.get("acceptedBatches"), stats.get("duplicates"), stats.get("gaps"), stats.get("rejectedTotal"));

        assertTrue(sentTotal > 0, "the load ran");
        assertEquals(Map.of(), unaccountedBySensor, "every acknowledged number is in InfluxDB or counted by a gap marker:" + table);
        assertEquals(0, duplicateTotal, "no number is in InfluxDB twice:" + table);
        if (ns != null) {
            assertTrue(markedTotal > 0, "the full disk made gw-b drop, and its gap markers reached InfluxDB:" + table);
        }
        for (String sensor : a.sensors()) {
            assertEquals(0, gapMarked(influx, sensor), sensor + ": gw-a's buffer never drops:" + table);
        }
        assertEquals(Set.of(), mealsMissing, "every served subsidised meal is settled:" + table);
        assertEquals(Set.of(), mealsExtra, "nothing is settled that was not served:" + table);
        assertEquals(0, mealDuplicates, "no meal is settled twice:" + table);
        assertEquals(expectedMeals, settledMembers, "each meal is settled for the member who ate it");
        assertEquals(List.of(), canteenGateway.app().counter().orElseThrow().pending(), "the staff closed every decision");
    }

    private interface Step {
        void run() throws Exception;
    }

    private void fault(Map<String, String> schedule, int round, String name, Step step) throws Exception {
        long start = System.nanoTime();
        LOG.info("fault: {}", name);
        step.run();
        schedule.put("round " + round + ": " + name, String.format("%.1f s", (System.nanoTime() - start) / 1e9));
    }

    private static void calm() throws InterruptedException {
        sleep(CALM);
    }

    /** Fault durations are the schedule itself, not something a test waits for to become true. */
    private static void sleep(Duration d) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(d.toMillis());
    }

    private MosquittoProcess broker(String name, String extra) {
        MosquittoProcess broker = MosquittoProcess.start(WORK.resolve(name), extra);
        resources.add(broker);
        return broker;
    }

    private static List<String> sensors(String gateway) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= SENSORS; i++) {
            out.add("slm-" + gateway + i);
        }
        return out;
    }

    private static String sensorYaml(String sensor) {
        return "{id: " + sensor + ", kind: sound-level-meter, space: plaza-east, transport: mqtt, topic: sensors/"
                + sensor + ", field: laeq}";
    }

    /** The demo site (its canteen and gw-01 with the counter) with the proof's two gateways added. */
    private static Path writeSite(List<Gw> gws) throws IOException {
        StringBuilder gateways = new StringBuilder("gateways:\n");
        for (Gw g : gws) {
            gateways.append("  - id: ").append(g.id()).append("\n    sensors:\n");
            for (String s : g.sensors()) {
                gateways.append("      - ").append(sensorYaml(s)).append('\n');
            }
        }
        String demo = Files.readString(Path.of(System.getProperty("linli.site.file", "../local/demo/site.yaml")),
                StandardCharsets.UTF_8);
        if (!demo.contains("\ngateways:\n") || !demo.contains("id: " + E2eStack.SITE + "\n")) {
            throw new IllegalStateException("the demo site changed shape: no 'gateways:' list or not site " + E2eStack.SITE);
        }
        Path site = WORK.resolve("site.yaml");
        Files.writeString(site, demo.replace("\ngateways:\n", "\n" + gateways), StandardCharsets.UTF_8);
        return site;
    }

    /** gw-01 of the demo, with its canteen counter, in this JVM (as LunchRushIT runs it). */
    private static SimulatedGateway startCanteenGateway(String lanUri, String cloudUri) throws Exception {
        Path state = WORK.resolve("gw-01").toAbsolutePath();
        Files.createDirectories(state);
        String yaml = Files.readString(Path.of("../local/demo/gateway.yaml.tmpl"))
                .replace("@LAN_URI@", lanUri)
                .replace("@CLOUD_URI@", cloudUri)
                .replace("@STORE_PATH@", state.resolve("buffer.db").toString())
                .replace("@STATUS_PORT@", "0")
                .replace("@LEDGER_PATH@", state.resolve("ledger.db").toString())
                .replace("@COUNTER_PORT@", "0");
        GatewayConfig config = GatewayConfigLoader.parse("demo-gateway.yaml", yaml);
        return SimulatedGateway.start(config, SEED);
    }

    /** The month's settlement of canteen-1: event id and member of each meal line. */
    private List<String[]> settledMeals(String month) throws Exception {
        String csv = cloud.getText("/api/canteen/settlements/canteen-1/" + month + ".csv");
        List<String> header = List.of(csv.lines().findFirst().orElse("").replace("\uFEFF", "").split(","));
        int eventCol = header.indexOf("event_id");
        int memberCol = header.indexOf("member");
        return csv.lines().filter(l -> l.startsWith("meal,")).map(l -> l.split(",", -1))
                .map(cells -> new String[] {cells[eventCol], cells[memberCol]}).toList();
    }

    private void startGateway(Gw g) throws Exception {
        Path dir = WORK.resolve(g.id()).toAbsolutePath();
        Files.createDirectories(dir);
        Path config = dir.resolve("gateway.yaml");
        StringBuilder sensors = new StringBuilder();
        for (String s : g.sensors()) {
            sensors.append("  - ").append(sensorYaml(s)).append('\n');
        }
        Files.writeString(config, """
                site: %s
                gateway: %s
                gpio: mock
                lanBroker: {uri: '%s'}
                cloudBroker: {uri: '%s'}
                uplink: {maxBatchReadings: 200, maxBatchDelay: 200ms, store: sqlite, storePath: '%s'}
                sensors:
                %s""".formatted(E2eStack.SITE, g.id(), g.lanUri(), g.cloudUri(),
                bufferDirs.getOrDefault(g.id(), dir).resolve("buffer.db"), sensors),
                StandardCharsets.UTF_8);
        Path jar = Path.of(System.getProperty("linli.gateway.jar", "../../gateway/target/linli-gateway.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the gateway first (mvn -pl gateway -am package)");
        }
        List<String> command = new ArrayList<>(g.prefix());
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+UseSerialGC", "-jar", jar.toString(), config.toString()));
        Path log = dir.resolve("gateway-" + System.currentTimeMillis() + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        gateways.put(g.id(), p);
        Eventually.await(g.id() + "'s LAN subscription", Duration.ofSeconds(90), () -> {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!p.isAlive()) {
                throw new IllegalStateException(g.id() + " exited with " + p.exitValue() + ":\n" + output);
            }
            return output.contains("LAN up");
        });
    }

    /** Publishes each sensor's numbers 1, 2, 3 … at the gateway's rate, counting what the LAN broker acknowledged. */
    private static Thread loadThread(Gw g, String lanUri, Map<String, AtomicInteger> acked, AtomicBoolean running,
                                     AtomicReference<Exception> failure) {
        return new Thread(() -> {
            try {
                MqttClient client = new MqttClient(lanUri, "proof-load-" + g.id(), new MemoryPersistence());
                MqttConnectionOptions options = new MqttConnectionOptions();
                options.setAutomaticReconnect(false);
                client.connect(options);
                long period = TimeUnit.SECONDS.toNanos(1) / g.rate();
                long next = System.nanoTime();
                while (running.get()) {
                    next += period;
                    LockSupport.parkNanos(next - System.nanoTime());
                    for (String sensor : g.sensors()) {
                        int n = acked.get(sensor).get() + 1;
                        publishAcknowledged(client, "sensors/" + sensor, n);
                        acked.get(sensor).set(n);
                    }
                }
                client.disconnect();
                client.close();
            } catch (Exception e) {
                failure.set(e);
            }
        }, "proof-load-" + g.id());
    }

    private static void publishAcknowledged(MqttClient client, String topic, int n) throws MqttException {
        byte[] payload = ("{\"laeq\":" + n + "}").getBytes(StandardCharsets.UTF_8);
        while (true) {
            try {
                client.publish(topic, payload, 1, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private static List<Integer> numbers(InfluxProcess influx, String sensor) {
        // In pages: InfluxDB cuts an answer short at its max-row-limit.
        List<Integer> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            List<JsonNode> rows = E2eStack.rows(influx, "SELECT laeq FROM noise WHERE sensor = '" + sensor + "' LIMIT " + PAGE
                    + " OFFSET " + offset);
            for (JsonNode row : rows) {
                out.add((int) row.get("laeq").asDouble());
            }
            if (rows.size() < PAGE) {
                return out;
            }
        }
    }

    /** Readings of {@code sensor} the gap markers in InfluxDB say a full buffer gave up (their {@code dropped} values). */
    private static long gapMarked(InfluxProcess influx, String sensor) {
        List<JsonNode> rows = E2eStack.rows(influx, "SELECT sum(dropped) FROM noise WHERE sensor = '" + sensor + "'");
        return rows.isEmpty() ? 0 : rows.get(0).get("sum").asLong();
    }

    private static long countInLogs(Gw g, String text) throws IOException {
        long n = 0;
        try (Stream<Path> logs = Files.list(WORK.resolve(g.id()))) {
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                String content = Files.readString(log, StandardCharsets.UTF_8);
                for (int i = content.indexOf(text); i >= 0; i = content.indexOf(text, i + 1)) {
                    n++;
                }
            }
        }
        return n;
    }

    private void mount(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + DISK_SIZE, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("cannot mount a " + DISK_SIZE + " tmpfs on " + dir + ": " + out);
        }
        mountedDisk = dir;
    }

    private static long distinct(InfluxProcess influx, String sensor) {
        return numbers(influx, sensor).stream().distinct().count();
    }

    /** Waits until the total point count stops moving for 3 s, so late duplicates would be seen. */
    private static void awaitSteady(InfluxProcess influx) throws Exception {
        long[] last = {-1};
        long[] since = {System.nanoTime()};
        Eventually.await("a steady point count", Duration.ofSeconds(60), () -> {
            List<JsonNode> rows = E2eStack.rows(influx, "SELECT count(laeq) FROM noise");
            long count = rows.isEmpty() ? 0 : rows.get(0).get("count").asLong();
            if (count != last[0]) {
                last[0] = count;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > TimeUnit.SECONDS.toNanos(3);
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
