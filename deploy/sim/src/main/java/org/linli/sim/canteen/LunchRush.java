package org.linli.sim.canteen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.linli.wire.CanteenCodec;
import org.linli.wire.PolicyMessage;
import org.linli.wire.RosterMessage;
import org.linli.wire.Topics;
import org.linli.wire.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A lunch rush at the demo's counter: elders of the demo roster ({@link DemoElders}, same seed as the
 * CSV the cloud imported) present themselves at a network face terminal, which publishes a
 * {@code TerminalEvent} on the LAN broker for each ({@link RushPlan}); a simulated member of staff watches
 * the counter's pending decisions ({@code GET /counter/api/state}) and presses 已出餐 for most and 取消 for
 * about one in fifteen, through the counter's HTTP API, 0.8-2.5 s after each shows.
 *
 * <p>Before the rush it publishes the demo policy ({@link DemoPolicy}: a lunch window around now) retained
 * on the counter gateway's {@code canteen/policy} topic of the cloud broker, with the current epoch second
 * as its version, so it outranks the cloud's preset (the gateway keeps the highest version; the cloud's
 * own push of the Beijing preset, with a small version, is then ignored). It takes the member ids from the
 * roster the cloud publishes retained for that gateway, matched by card to the elders it generated, and
 * waits until the counter uses that roster and the policy.
 *
 * <p>Run: {@code java -cp linli-sim.jar org.linli.sim.canteen.LunchRush key=value ...} (keys in
 * {@link Options#parse}).
 */
public final class LunchRush {
    private static final Logger LOG = LoggerFactory.getLogger(LunchRush.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);

    /**
     * What the rush needs.
     *
     * @param counterUrl    the counter page's base URL, e.g. {@code http://127.0.0.1:18091}
     * @param topic         the network terminal's LAN topic
     * @param publishPolicy whether to publish the demo policy before the rush
     */
    public record Options(String lanUri, String cloudUri, String counterUrl, String site, String gateway,
                          String terminal, String topic, long seed, int elders, int strangers, Duration rush,
                          ZoneId zone, boolean publishPolicy) {

        /**
         * {@code key=value} arguments: lan, cloud, counter (required); site, gateway, terminal, topic, seed,
         * elders, strangers, seconds, zone, policy.
         */
        public static Options parse(String[] args) {
            Map<String, String> m = new HashMap<>();
            for (String a : args) {
                int eq = a.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("arguments are key=value, got '" + a + "'");
                }
                m.put(a.substring(0, eq), a.substring(eq + 1));
            }
            Set<String> known = Set.of("lan", "cloud", "counter", "site", "gateway", "terminal", "topic", "seed",
                    "elders", "strangers", "seconds", "zone", "policy");
            for (String k : m.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException("unknown argument '" + k + "' (known: "
                            + new java.util.TreeSet<>(known) + ")");
                }
            }
            for (String k : List.of("lan", "cloud", "counter")) {
                if (!m.containsKey(k)) {
                    throw new IllegalArgumentException("missing argument " + k + "=...");
                }
            }
            int elders = Integer.parseInt(m.getOrDefault("elders", "200"));
            return new Options(m.get("lan"), m.get("cloud"), m.get("counter"), m.getOrDefault("site", "huayuan"),
                    m.getOrDefault("gateway", "gw-01"), m.getOrDefault("terminal", "face-1"),
                    m.getOrDefault("topic", "canteen/face-1/events"), Long.parseLong(m.getOrDefault("seed", "1")),
                    elders, Integer.parseInt(m.getOrDefault("strangers", Integer.toString(Math.max(1, elders / 40)))),
                    Duration.ofSeconds(Long.parseLong(m.getOrDefault("seconds", "180"))),
                    ZoneId.of(m.getOrDefault("zone", "Asia/Shanghai")), Boolean.parseBoolean(m.getOrDefault("policy", "true")));
        }
    }

    /**
     * What happened.
     *
     * @param servedSubsidised event id → member id of every meal the staff served with a subsidy
     * @param subsidyFen       the subsidies of those meals
     */
    public record Result(Map<RushPlan.Kind, Integer> arrivals, int served, int cancelled,
                         Map<String, String> servedSubsidised, long subsidyFen, Map<String, Integer> reasons) {
    }

    private final Options options;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final CanteenCodec codec = new CanteenCodec();

    public LunchRush(Options options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    /** Runs the whole rush and returns when every decision of it is closed (or after a timeout). */
    public Result run() throws Exception {
        return run(() -> { });
    }

    /**
     * As {@link #run()}; {@code ready} runs once the counter uses the demo policy and the roster, before
     * the first event (a fault schedule starts its faults then, not during the set-up).
     */
    public Result run(Runnable ready) throws Exception {
        List<DemoElders.Elder> elders = DemoElders.generate(options.seed(), options.elders(),
                clock.instant().atZone(options.zone()).toLocalDate());
        long policyVersion = 0;
        if (options.publishPolicy()) {
            policyVersion = publishPolicy();
        }
        RosterMessage roster = awaitRoster(elders);
        Map<String, String> memberByCard = new HashMap<>();
        roster.members().forEach(m -> {
            if (m.card() != null) {
                memberByCard.put(m.card(), m.member());
            }
        });
        List<String> members = elders.stream().map(e -> memberByCard.get(e.card())).toList();
        long decisionsBefore = awaitCounter(roster.version(), policyVersion);
        ready.run();

        String runId = "r" + Long.toString(options.seed(), 36) + Long.toString(clock.millis() / 1000 % 100_000, 36);
        List<RushPlan.Step> steps = RushPlan.plan(members, options.strangers(), options.rush(), options.seed(),
                options.terminal(), runId);
        Map<RushPlan.Kind, Integer> arrivals = new EnumMap<>(RushPlan.Kind.class);
        steps.forEach(s -> arrivals.merge(s.kind(), 1, Integer::sum));
        LOG.info("lunch rush: {} events from {} elders and {} strangers over {} s at terminal {} ({})", steps.size(),
                members.size(), options.strangers(), options.rush().toSeconds(), options.terminal(), arrivals);

        Staff staff = new Staff(runId, options.seed());
        steps.forEach(s -> {
            if (s.event().member() != null) {
                staff.memberOf.put(s.event().eventId(), s.event().member());
            }
        });
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "linli-rush");
            t.setDaemon(true);
            return t;
        });
        try (Mqtt lan = connect(options.lanUri(), "linli-rush-" + runId)) {
            scheduler.scheduleWithFixedDelay(() -> staff.look(scheduler), 300, 300, TimeUnit.MILLISECONDS);
            // The terminal: one thread sends the events in plan order, each at its time; the staff
            // look and press on the other scheduler.
            ScheduledExecutorService terminal = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "linli-rush-terminal");
                t.setDaemon(true);
                return t;
            });
            CountDownLatch sent = new CountDownLatch(steps.size());
            try {
                for (RushPlan.Step step : steps) {
                    terminal.schedule(() -> {
                        try {
                            lan.client().publish(options.topic(), new MqttMessage(codec.encode(step.event()), 1, false, null));
                            LOG.debug("{} {}: {}", step.kind(), step.event().eventId(), step.event().member());
                        } catch (MqttException e) {
                            LOG.warn("terminal: cannot publish {} on the LAN broker: {}", step.event().eventId(), e.toString());
                        } finally {
                            sent.countDown();
                        }
                    }, step.at().toMillis(), TimeUnit.MILLISECONDS);
                }
                if (!sent.await(options.rush().toSeconds() + 120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the terminal's events were not all sent in time");
                }
            } finally {
                terminal.shutdownNow();
            }
            LOG.info("lunch rush: all {} events sent; the staff close what is still pending", steps.size());
            awaitClosed(staff, runId, decisionsBefore + steps.size());
        } finally {
            scheduler.shutdownNow();
        }
        Result result = new Result(arrivals, staff.served.size(), staff.cancelled.size(), Map.copyOf(staff.subsidised),
                staff.subsidyFen(), new TreeMap<>(staff.reasons));
        LOG.info("lunch rush done: {} served ({} subsidised, {} yuan subsidy), {} cancelled by the staff;"
                        + " their decisions by reason {}"
                        + " (failed face matches are closed by the counter itself)",
                result.served(), result.servedSubsidised().size(), BigDecimal.valueOf(result.subsidyFen(), 2),
                result.cancelled(), result.reasons());
        return result;
    }

    private long publishPolicy() throws MqttException {
        long version = clock.millis() / 1000;
        String yaml = DemoPolicy.yaml(LocalTime.now(clock.withZone(options.zone())));
        try (Mqtt cloud = connect(options.cloudUri(), "linli-rush-policy-" + version)) {
            cloud.client().publish(Topics.canteenPolicy(options.site(), options.gateway()),
                    new MqttMessage(codec.encode(new PolicyMessage(version, yaml)), 1, true, null));
        }
        LOG.info("demo policy v{} published for {}: {}", version, options.gateway(),
                yaml.lines().filter(l -> l.contains("from:") || l.contains("to:")).map(String::strip).toList());
        return version;
    }

    /** The roster the cloud publishes for the gateway, once it holds every generated elder's card. */
    private RosterMessage awaitRoster(List<DemoElders.Elder> elders) throws Exception {
        AtomicReference<RosterMessage> latest = new AtomicReference<>();
        Set<String> cards = ConcurrentHashMap.newKeySet();
        elders.forEach(e -> cards.add(e.card()));
        // Paho 5's subscribe(topic, qos, listener) calls itself for ever: the callback takes the messages.
        try (Mqtt cloud = connect(options.cloudUri(), "linli-rush-roster-" + clock.millis(), (topic, message) -> {
            try {
                latest.set(codec.decodeRoster(message.getPayload()));
            } catch (WireException e) {
                LOG.warn("the roster on {} cannot be read: {}", topic, e.getMessage());
            }
        })) {
            cloud.client().subscribe(Topics.canteenRoster(options.site(), options.gateway()), 1);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                RosterMessage r = latest.get();
                if (r != null && r.members().stream().filter(m -> cards.contains(m.card())).count() == cards.size()) {
                    LOG.info("roster v{} from the cloud holds the {} demo elders ({} members)", r.version(), cards.size(),
                            r.members().size());
                    return r;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException("the cloud did not publish a roster with the demo elders within " + WAIT
                + ": was the CSV of seed " + options.seed() + " imported?");
    }

    /** Waits until the counter uses the roster and the policy; returns how many decisions it has made so far. */
    private long awaitCounter(long rosterVersion, long policyVersion) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            try {
                state = getJson("/counter/api/state");
                if (state.path("roster").path("version").asLong() >= rosterVersion
                        && (policyVersion == 0 || state.path("policy").path("version").asLong() == policyVersion)) {
                    LOG.info("counter {} ready: policy {} v{}, roster v{}", state.path("canteen").asText(),
                            state.path("policy").path("id").asText(), state.path("policy").path("version").asLong(),
                            state.path("roster").path("version").asLong());
                    return state.path("stats").path("decisions").asLong();
                }
            } catch (IOException notYet) {
                // the counter page is not up yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("the counter did not take roster v" + rosterVersion + " and policy v" + policyVersion
                + " within " + WAIT + "; its state: " + state);
    }

    /**
     * Waits until the counter has decided every event sent and the staff have closed every decision of the
     * run, seen so in two states in a row: the counter counts a decision a moment before its pending list
     * shows it, so one state can hold the last decision counted and not yet pending (FaultScheduleIT saw
     * the last stranger left pending that way).
     */
    private void awaitClosed(Staff staff, String runId, long decisions) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int closedInARow = 0;
        while (System.nanoTime() < deadline) {
            JsonNode state = getJson("/counter/api/state");
            boolean open = state.path("stats").path("decisions").asLong() < decisions;
            for (JsonNode p : state.path("pending")) {
                open |= p.path("eventId").asText().startsWith(runId + "-");
            }
            closedInARow = !open && staff.inFlight.isEmpty() ? closedInARow + 1 : 0;
            if (closedInARow == 2) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        LOG.warn("lunch rush: some decisions were still pending 30 s after the last arrival");
    }

    /** The simulated member of staff at the counter. */
    private final class Staff {
        private final String runId;
        private final Random random;
        final Set<String> inFlight = ConcurrentHashMap.newKeySet();
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final Set<String> served = ConcurrentHashMap.newKeySet();
        final Set<String> cancelled = ConcurrentHashMap.newKeySet();
        final Map<String, String> subsidised = new ConcurrentHashMap<>();
        private final Map<String, Long> subsidy = new ConcurrentHashMap<>();
        final Map<String, String> memberOf = new ConcurrentHashMap<>();
        final Map<String, Integer> reasons = new ConcurrentHashMap<>();

        Staff(String runId, long seed) {
            this.runId = runId;
            this.random = new Random(seed ^ 0x5EED);
        }

        long subsidyFen() {
            return subsidy.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Looks at the page's pending decisions and schedules a press for each new one. */
        void look(ScheduledExecutorService scheduler) {
            try {
                for (JsonNode p : getJson("/counter/api/state").path("pending")) {
                    String eventId = p.path("eventId").asText();
                    if (!seen.add(eventId)) {
                        continue;
                    }
                    boolean cancel;
                    long delay;
                    synchronized (random) {
                        cancel = random.nextInt(15) == 0;
                        delay = 800 + random.nextInt(1_700);
                    }
                    inFlight.add(eventId);
                    scheduler.schedule(() -> press(eventId, !cancel), delay, TimeUnit.MILLISECONDS);
                }
            } catch (Exception e) {
                LOG.warn("staff: cannot read the counter's state: {}", e.toString());
            }
        }

        private void press(String eventId, boolean serve) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/counter/decisions/" + eventId
                                + (serve ? "/serve" : "/cancel"))).timeout(Duration.ofSeconds(10))
                        .header("X-Linli-Counter", "staff").POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    LOG.warn("staff: {} {} answered {}: {}", serve ? "serve" : "cancel", eventId, r.statusCode(), r.body());
                    return;
                }
                JsonNode e = JSON.readTree(r.body());
                String status = e.path("status").asText();
                LOG.info("counter: {} {} {} → {}", e.path("at").asText(), e.path("name").asText("?"), e.path("text").asText(),
                        "served".equals(status) ? "已出餐" : "取消");
                if (!eventId.startsWith(runId + "-")) {
                    return;
                }
                reasons.merge(e.path("reason").asText(), 1, Integer::sum);
                if ("served".equals(status)) {
                    served.add(eventId);
                    long fen = new BigDecimal(e.path("subsidy").asText("0")).movePointRight(2).longValueExact();
                    if (fen > 0) {
                        subsidised.put(eventId, memberOf.getOrDefault(eventId, ""));
                        subsidy.put(eventId, fen);
                    }
                } else {
                    cancelled.add(eventId);
                }
            } catch (Exception e) {
                LOG.warn("staff: cannot press for {}: {}", eventId, e.toString());
            } finally {
                inFlight.remove(eventId);
            }
        }
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    private URI url(String path) {
        return URI.create(options.counterUrl().replaceAll("/+$", "") + path);
    }

    private static Mqtt connect(String uri, String clientId) throws MqttException {
        return connect(uri, clientId, null);
    }

    private static Mqtt connect(String uri, String clientId, IMqttMessageListener listener) throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        if (listener != null) {
            client.setCallback(new MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    listener.messageArrived(topic, message);
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverUri) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
        }
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout(10);
        client.connect(o);
        return new Mqtt(client);
    }

    /** A connected client that disconnects when closed. */
    private record Mqtt(MqttClient client) implements AutoCloseable {
        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            LOG.error("usage: LunchRush lan=tcp://… cloud=tcp://… counter=http://… [seed=1 elders=200 seconds=180 …]: {}",
                    e.getMessage());
            System.exit(2);
            return;
        }
        try {
            new LunchRush(options, Clock.systemUTC()).run();
        } catch (Exception e) {
            LOG.error("the lunch rush failed", e);
            System.exit(1);
        }
    }
}
