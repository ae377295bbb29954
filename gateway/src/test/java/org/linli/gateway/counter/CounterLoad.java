package org.linli.gateway.counter;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.gateway.app.GatewayApp;
import org.linli.gateway.counter.wiegand.WiegandLine;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.testkit.MosquittoProcess;
import org.linli.wire.CanteenCodec;
import org.linli.wire.RosterMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load driver, not a test: a lunch rush at the counter while sensors keep the gateway busy, and
 * how long it takes from an event to its decision on the display (the SSE stream, as a browser gets
 * it) and on the lights (the mock LED's state change).
 *
 * <p>One gateway in this JVM with real Mosquitto brokers (LAN and cloud, from the test kit), the
 * SQLite uplink store and the SQLite ledger (both {@code synchronous=FULL}) in {@code target/}. The
 * rush: {@code elders} members arrive at random (Poisson) over {@code minutes / compression}, each at
 * one of three terminals: a face terminal over the LAN broker, one over HTTP, a card reader on
 * Wiegand (mock pins, bits 1.5 ms apart, so its figure includes the frame timeout of 25 ms); one in
 * ten tries again later (refused: already had lunch). The staff confirm each decision 50-150 ms
 * after it shows. Meanwhile {@code sensors} LAN sound-level meters publish {@code rate} messages a
 * second in total into the uplink.
 *
 * <pre>{@code
 * mvn -B -o -pl gateway -am -Pbench verify -DskipTests [-Dbench.elders=200 -Dbench.minutes=30 \
 *     -Dbench.compression=30 -Dbench.sensors=20 -Dbench.rate=100]
 * }</pre>
 */
public final class CounterLoad {
    private static final Logger LOG = LoggerFactory.getLogger(CounterLoad.class);
    private static final String SITE = "bench";
    private static final String GW = "gw-counter";

    private CounterLoad() {
    }

    record Sample(String channel, long sentNanos, boolean eligible) {
    }

    public static void main(String[] args) throws Exception {
        int elders = Integer.getInteger("bench.elders", 200);
        int minutes = Integer.getInteger("bench.minutes", 30);
        int compression = Integer.getInteger("bench.compression", 30);
        int sensors = Integer.getInteger("bench.sensors", 20);
        int rate = Integer.getInteger("bench.rate", 100);
        Path work = Path.of("target", "bench-counter");
        deleteTree(work);
        Files.createDirectories(work);
        try (MosquittoProcess lan = MosquittoProcess.start(work.resolve("lan"));
             MosquittoProcess cloud = MosquittoProcess.start(work.resolve("cloud"))) {
            run(lan, cloud, work, elders, minutes, compression, sensors, rate);
        }
        System.exit(0);
    }

    private static void run(MosquittoProcess lan, MosquittoProcess cloud, Path work, int elders, int minutes,
                            int compression, int sensors, int rate) throws Exception {
        Path ledger = work.resolve("ledger.db");
        seedRoster(ledger, elders);
        ZoneOffset lunchNow = ZoneOffset.ofHours(12 - ZonedDateTime.now(ZoneOffset.UTC).getHour());
        StringBuilder sensorYaml = new StringBuilder();
        for (int i = 0; i < sensors; i++) {
            sensorYaml.append(String.format("  - {id: slm-%02d, kind: sound-level-meter, space: plaza, transport: mqtt,"
                    + " topic: sensors/slm-%02d}%n", i, i));
        }
        GatewayConfig config = GatewayConfigLoader.parse("bench.yaml", """
                site: %s
                gateway: %s
                gpio: mock
                lanBroker: {uri: '%s'}
                cloudBroker: {uri: '%s'}
                uplink: {store: sqlite, storePath: '%s'}
                statusPage: {enabled: false}
                sensors:
                %s
                canteen:
                  id: canteen-1
                  policy: beijing
                  zone: '%s'
                  ledgerPath: '%s'
                  terminals:
                    - {id: face-lan, transport: network, topic: canteen/face-lan/events}
                    - {id: face-http, transport: network}
                    - {id: card-1, transport: wiegand, format: 26, d0: 5, d1: 6, method: card}
                  outputs: {green: 20, red: 21, buzzer: 26}
                  page: {host: 127.0.0.1, port: 0}
                """.formatted(SITE, GW, lan.uri(), cloud.uri(), work.resolve("buffer.db"), sensorYaml, lunchNow.getId(),
                ledger));
        ledgerFloor(work.resolve("floor.db"), lunchNow);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
        GatewayApp app = GatewayApp.start(vertx, config, Clock.systemUTC()).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        CounterVerticle counter = app.counter().orElseThrow();
        int port = app.counterPagePort().orElseThrow();

        // The display: an SSE client, as the counter's browser.
        Map<String, Long> shownAt = new ConcurrentHashMap<>();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(8));
        StringBuilder pendingText = new StringBuilder();
        http.request(HttpMethod.GET, port, "127.0.0.1", "/counter/stream").compose(r -> r.send()).onSuccess(res ->
                res.handler(b -> {
                    long now = System.nanoTime();
                    synchronized (pendingText) {
                        pendingText.append(b.toString());
                        int end;
                        while ((end = pendingText.indexOf("\n\n")) >= 0) {
                            String message = pendingText.substring(0, end);
                            pendingText.delete(0, end + 2);
                            if (message.startsWith("event: decision")) {
                                int at = message.indexOf("\"eventId\":\"") + 11;
                                shownAt.putIfAbsent(message.substring(at, message.indexOf('"', at)), now);
                            }
                        }
                    }
                }));
        // The lights: every switch-on of green or red, as Pi4J reports it.
        List<long[]> lightsOn = new CopyOnWriteArrayList<>();
        for (String colour : List.of("green", "red")) {
            DigitalOutput out = app.pi4j().orElseThrow().registry().get(SignalsVerticle.outputId(colour), DigitalOutput.class);
            boolean green = colour.equals("green");
            out.addListener(e -> {
                if (e.state() == DigitalState.HIGH) {
                    lightsOn.add(new long[] {System.nanoTime(), green ? 1 : 0});
                }
            });
        }
        Map<String, Long> decidedAt = new ConcurrentHashMap<>();
        counter.listen(u -> {
            if (u.decided()) {
                decidedAt.putIfAbsent(u.entry().eventId(), System.nanoTime());
            }
        });
        // The staff: confirm each decision a moment after it shows.
        Random staffRandom = new Random(7);
        counter.listen(u -> {
            if (u.decided() && u.entry().status() == LedgerEntry.Status.PENDING) {
                vertx.setTimer(50 + staffRandom.nextInt(100), id -> counter.close(u.entry().eventId(), u.entry().decision().eligible()));
            }
        });

        // Sensor traffic on the LAN broker for the whole rush.
        AtomicBoolean rush = new AtomicBoolean(true);
        AtomicLong sensorMessages = new AtomicLong();
        MqttTestClient sensorClient = MqttTestClient.connect(lan.uri(), "bench-sensors", false);
        Thread sensorThread = new Thread(() -> {
            long intervalNanos = 1_000_000_000L / Math.max(1, rate);
            long next = System.nanoTime();
            int i = 0;
            while (rush.get()) {
                try {
                    sensorClient.publish(String.format("sensors/slm-%02d", i % Math.max(1, sensors)),
                            "{\"LAeq\":" + (50 + i % 30) + "}");
                    sensorMessages.incrementAndGet();
                } catch (Exception e) {
                    LOG.warn("sensor publish failed: {}", e.toString());
                }
                i++;
                next += intervalNanos;
                spinUntil(next);
            }
        }, "bench-sensors");
        if (sensors > 0 && rate > 0) {
            sensorThread.start();
        }

        MqttTestClient lanTerminal = MqttTestClient.connect(lan.uri(), "bench-face-lan", false);
        MockDigitalInput d0 = app.pi4j().orElseThrow().registry().get(WiegandVerticle.lineId("card-1", WiegandLine.D0), MockDigitalInput.class);
        MockDigitalInput d1 = app.pi4j().orElseThrow().registry().get(WiegandVerticle.lineId("card-1", WiegandLine.D1), MockDigitalInput.class);
        d0.mockState(DigitalState.HIGH);
        d1.mockState(DigitalState.HIGH);

        // The rush: arrivals (Poisson), a tenth of them trying again.
        long spanNanos = TimeUnit.MINUTES.toNanos(minutes) / compression;
        Random random = new Random(42);
        List<Integer> arrivals = new ArrayList<>();
        for (int i = 0; i < elders; i++) {
            arrivals.add(i);
            if (random.nextInt(10) == 0) {
                arrivals.add(i);
            }
        }
        java.util.Collections.shuffle(arrivals, random);
        double meanGap = (double) spanNanos / arrivals.size();
        List<Sample> samples = new ArrayList<>();
        Map<String, Sample> byEvent = new ConcurrentHashMap<>();
        Map<String, java.util.Deque<Long>> wiegandSent = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long next = start;
        int n = 0;
        for (int member : arrivals) {
            next += (long) (-Math.log(1 - random.nextDouble()) * meanGap);
            spinUntil(next);
            String eventId = "b-" + (n++);
            String memberId = String.format("m-%04d", member);
            switch (n % 3) {
                case 0 -> {
                    long sent = System.nanoTime();
                    byEvent.put(eventId, new Sample("lan-mqtt", sent, true));
                    lanTerminal.publish("canteen/face-lan/events", CounterFixture.event(eventId, "face-lan", memberId, "face", true, 92));
                }
                case 1 -> {
                    long sent = System.nanoTime();
                    byEvent.put(eventId, new Sample("http", sent, true));
                    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                            .setURI("/counter/events").addHeader("Content-Type", "application/json");
                    http.request(o).compose(r -> r.send(Buffer.buffer(
                            CounterFixture.event(eventId, "face-http", memberId, "face", true, 92)))).compose(r -> r.body());
                }
                default -> {
                    // Wiegand: the gateway makes the event id; matched to the decision by order on this terminal.
                    String bits = CounterRig.frame(8, 1, 16, member);
                    long bitNanos = 1_500_000;
                    for (char c : bits.toCharArray()) {
                        // From the last bit actually sent: a reader never catches up after a pause.
                        spinUntil(System.nanoTime() + bitNanos);
                        MockDigitalInput line = c == '1' ? d1 : d0;
                        line.mockState(DigitalState.LOW);
                        line.mockState(DigitalState.HIGH);
                    }
                    wiegandSent.computeIfAbsent(memberId, k -> new java.util.ArrayDeque<>()).add(System.nanoTime());
                }
            }
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (counter.stats().decisions() < arrivals.size() && System.nanoTime() < waitUntil) {
            spinUntil(System.nanoTime() + 20_000_000L);
        }
        rush.set(false);
        long rushNanos = System.nanoTime() - start;

        // Wiegand event ids are made by the gateway: match each decision to the member's last frame sent
        // before it was written (a frame that was rejected has no decision and is skipped).
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:file:" + ledger + "?mode=ro");
             java.sql.ResultSet rs = c.createStatement().executeQuery(
                     "SELECT event_id, member FROM decisions WHERE terminal = 'card-1' ORDER BY rowid")) {
            while (rs.next()) {
                java.util.Deque<Long> sent = wiegandSent.get(rs.getString(2));
                Long decided = decidedAt.get(rs.getString(1));
                Long match = null;
                while (sent != null && decided != null && !sent.isEmpty() && sent.peekFirst() <= decided) {
                    match = sent.pollFirst();
                }
                if (match != null) {
                    byEvent.put(rs.getString(1), new Sample("wiegand", match, true));
                }
            }
        }
        Map<String, List<Long>> display = new ConcurrentHashMap<>();
        Map<String, List<Long>> lights = new ConcurrentHashMap<>();
        Map<String, List<Long>> durable = new ConcurrentHashMap<>();
        List<long[]> on = new ArrayList<>(lightsOn);
        for (Map.Entry<String, Sample> e : byEvent.entrySet()) {
            String id = e.getKey();
            Long shown = id == null ? null : shownAt.get(id);
            Sample s = e.getValue();
            Long decided = id == null ? null : decidedAt.get(id);
            if (decided != null) {
                durable.computeIfAbsent(e.getValue().channel(), c -> new ArrayList<>()).add(decided - e.getValue().sentNanos());
            }
            if (shown != null) {
                display.computeIfAbsent(s.channel(), c -> new ArrayList<>()).add(shown - s.sentNanos());
                // The first light switched on after the event and no later than its display.
                for (long[] l : on) {
                    if (l[0] >= s.sentNanos() && l[0] <= shown + 50_000_000L) {
                        lights.computeIfAbsent(s.channel(), c -> new ArrayList<>()).add(l[0] - s.sentNanos());
                        break;
                    }
                }
            }
        }
        samples.addAll(byEvent.values());
        CounterStats st = counter.stats();
        LOG.info("rush: {} arrivals of {} elders in {} s (a {}-minute rush at {}x), {} sensor messages ({}/s);"
                        + " decisions {}, served {}, cancelled {}, Wiegand rejected {}, refused {}",
                arrivals.size(), elders, rushNanos / 1_000_000_000L, minutes, compression, sensorMessages.get(),
                sensorMessages.get() * 1_000_000_000L / Math.max(1, rushNanos), st.decisions(), st.served(), st.cancelled(),
                st.wiegandRejectedByReason(), st.refusedByReason());
        for (String channel : List.of("http", "lan-mqtt", "wiegand")) {
            report("written", channel, durable.get(channel));
            report("display", channel, display.get(channel));
            report("light", channel, lights.get(channel));
        }
        List<Long> all = new ArrayList<>();
        display.values().forEach(all::addAll);
        report("display", "all", all);
        List<Long> allLights = new ArrayList<>();
        lights.values().forEach(allLights::addAll);
        report("light", "all", allLights);
        sensorClient.close();
        lanTerminal.close();
        app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** What one durable ledger write costs on this disk, alone: the floor under every decision. */
    private static void ledgerFloor(Path file, ZoneOffset zone) throws Exception {
        Clock clock = Clock.system(zone);
        Counter counter = new Counter("canteen-1", clock);
        CounterState state = new CounterState(org.linli.config.CanteenPolicyLoader.preset("beijing"), 0, Roster.EMPTY, null);
        List<Long> writes = new ArrayList<>();
        try (Ledger l = new Ledger(file, zone)) {
            l.open();
            for (int i = 0; i < 200; i++) {
                LedgerEntry e = counter.decide(state, new CounterInput("f-" + i, "face-http",
                        org.linli.config.canteen.VerificationMethod.FACE, "m-" + i, null, true, 90, null, clock.instant()),
                        List.of(), false);
                long t = System.nanoTime();
                l.insert(e);
                writes.add(System.nanoTime() - t);
            }
        }
        report("ledger", "insert", writes);
    }

    private static void report(String what, String channel, List<Long> nanos) {
        if (nanos == null || nanos.isEmpty()) {
            LOG.info("{} {}: no samples", what, channel);
            return;
        }
        long[] v = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        LOG.info(String.format("%-7s %-8s n=%3d  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms", what, channel, v.length,
                v[(int) Math.min(v.length - 1, Math.ceil(v.length * 0.50) - 1)] / 1e6,
                v[(int) Math.min(v.length - 1, Math.ceil(v.length * 0.99) - 1)] / 1e6, v[v.length - 1] / 1e6));
    }

    private static void seedRoster(Path ledger, int elders) throws Exception {
        List<RosterMessage.Member> members = new ArrayList<>();
        for (int i = 0; i < elders; i++) {
            members.add(new RosterMessage.Member(String.format("m-%04d", i), "张*" + i, YearMonth.of(1950, 1 + i % 12),
                    null, true, true, "1:" + i));
        }
        try (Ledger l = new Ledger(ledger, ZoneOffset.UTC)) {
            l.open();
            l.cache(CounterVerticle.ROSTER, 1, new CanteenCodec().encode(new RosterMessage(1, 1_795_000_000_000L, members)));
        }
    }

    /** Waits by spinning: the driver's timing must not depend on the scheduler's sleep granularity. */
    private static void spinUntil(long nanos) {
        while (System.nanoTime() < nanos) {
            Thread.onSpinWait();
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @SuppressWarnings("unused")
    private static String join(long[] a) {
        return Arrays.toString(a);
    }
}
