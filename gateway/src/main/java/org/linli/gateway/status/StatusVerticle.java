package org.linli.gateway.status;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.linli.config.GatewayConfig;
import org.linli.config.SensorSpec;
import org.linli.config.StatusPageSettings;
import org.linli.gateway.lan.LanStats;
import org.linli.gateway.uplink.UplinkStats;
import org.linli.gateway.web.LanPages;
import org.linli.wire.CommissioningCodec;
import org.linli.wire.CommissioningReport;
import org.linli.wire.Reading;
import org.linli.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The installer's status page and commissioning, served on the site's LAN with Vert.x Web: every
 * sensor's latest reading (from the {@link ReadingTap}), the links to the brokers and the buffer, a
 * wiring check per sensor, and the commissioning walk-through whose report goes to the cloud, retained,
 * on {@link Topics#commissioning}. No login: it shows no secret (no password, no password file, no
 * credentials in broker addresses) and must only be reachable on the LAN.
 *
 * <p>{@code start} completes once the HTTP server listens, and fails if it cannot.
 */
public final class StatusVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(StatusVerticle.class);
    /** Open event streams at most; a phone or two is the use. */
    static final int MAX_STREAMS = 16;
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration UPLOAD_PATIENCE = Duration.ofSeconds(20);
    private static final Duration REPUBLISH_DELAY = Duration.ofSeconds(10);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final GatewayConfig config;
    private final String bootId;
    private final ReadingTap tap;
    private final UplinkStats uplink;
    private final LanStats lan;
    private final boolean lanUsed;
    private final BiFunction<String, byte[], Future<Void>> publisher;
    private final Path storageDir;
    private final Clock clock;
    private final Duration checkWindow;
    private final long startedAt;
    private final ZoneId zone = ZoneId.systemDefault();
    private final CommissioningCodec codec = new CommissioningCodec();
    private final Map<String, SensorSpec> sensors = new LinkedHashMap<>();
    private final Map<String, Reading> latest = new HashMap<>();
    private final LanPages.EventStreams streams = new LanPages.EventStreams(MAX_STREAMS, Duration.ofSeconds(3));
    private final java.util.Queue<Reading> arrived = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    private WiringCheck wiring;
    private CommissioningRun run;
    private volatile LanPages.Server server;
    private Runnable unlisten = () -> { };
    private io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> metrics;
    private long tickTimer = -1;
    private JsonObject lastUplink;
    private long lastAcked;
    private long lastAckAt;
    private long runGeneration;
    private long readingsInAtRunStart;
    private boolean checksRunning;
    private String publishState;

    /**
     * @param config      the gateway's config: ids, sensors, the page's address
     * @param bootId      this process's boot id
     * @param tap         the readings the drivers make
     * @param uplink      the uplink's counters
     * @param lan         the LAN driver's counters
     * @param lanUsed     whether any sensor is read from the LAN broker
     * @param publisher   publishes a retained QoS 1 message on the cloud broker, completing on its PUBACK
     * @param storageDir  where the buffer lives; the storage check writes there
     * @param clock       the time of readings, checks and reports
     * @param checkWindow how long a wiring check waits for the sensor
     */
    public StatusVerticle(GatewayConfig config, String bootId, ReadingTap tap, UplinkStats uplink, LanStats lan,
                          boolean lanUsed, BiFunction<String, byte[], Future<Void>> publisher, Path storageDir,
                          Clock clock, Duration checkWindow) {
        this.config = config;
        this.bootId = bootId;
        this.tap = tap;
        this.uplink = uplink;
        this.lan = lan;
        this.lanUsed = lanUsed;
        this.publisher = publisher;
        this.storageDir = storageDir;
        this.clock = clock;
        this.checkWindow = checkWindow;
        this.startedAt = clock.millis();
        config.sensors().forEach(s -> sensors.put(s.id(), s));
    }

    @Override
    public void start(Promise<Void> startPromise) {
        StatusPageSettings settings = config.statusPage();
        wiring = new WiringCheck(clock, checkWindow);
        run = new CommissioningRun(config.sensors(), wiring, clock);
        io.vertx.core.Context ctx = context;
        // Readings come from the drivers' threads, thousands a second under load: they queue here
        // and one task per burst takes them onto this context, not one task per reading.
        unlisten = tap.listen(r -> {
            arrived.add(r);
            if (drainScheduled.compareAndSet(false, true)) {
                ctx.runOnContext(v -> drainArrived());
            }
        });
        server = new LanPages.Server(vertx, streams, HEARTBEAT);
        server.listen(router(), settings.host(), settings.port(), "status page", "statusPage.host/port")
                .onSuccess(s -> {
                    tickTimer = vertx.setPeriodic(TICK.toMillis(), id -> tick());
                    LOG.info("status page on http://{}:{}/ (LAN only: no login)", settings.host(), s.actualPort());
                    startPromise.complete();
                })
                .onFailure(e -> {
                    unlisten.run();
                    startPromise.fail(e);
                });
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        unlisten.run();
        server.close().onComplete(ar -> stopPromise.complete());
    }

    /** Also serves {@code GET /metrics} with {@code handler} (org.linli.gateway.metrics); call before deploying. */
    public StatusVerticle withMetrics(io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> handler) {
        this.metrics = handler;
        return this;
    }

    /** The port the page listens on (the free one chosen for port 0); -1 before start. */
    public int port() {
        LanPages.Server s = server;
        return s == null ? -1 : s.port();
    }

    private Router router() {
        Router router = Router.router(vertx);
        LanPages.secureHeaders(router);
        router.get("/").handler(ctx -> html(ctx, Pages.status(status(), lang(ctx))));
        router.get("/api/status").handler(ctx -> json(ctx, 200, status()));
        router.get("/events").handler(this::events);
        // The posts take no body, but one that comes must be read: Vert.x Web pauses the request until then.
        router.post().handler(BodyHandler.create().setBodyLimit(4096).setHandleFileUploads(false));
        router.post("/api/check/:sensorId").handler(this::startCheck);
        router.get("/commission").handler(ctx -> html(ctx, Pages.commission(commissioning(), lang(ctx))));
        router.get("/api/commission").handler(ctx -> json(ctx, 200, commissioning()));
        router.post("/api/commission/start").handler(ctx -> {
            startRun();
            json(ctx, 202, commissioning());
        });
        router.post("/api/commission/skip").handler(ctx -> {
            if (run.skip()) {
                afterRunMoved();
            }
            json(ctx, 200, commissioning());
        });
        router.get("/commission/report").handler(ctx -> report().ifPresentOrElse(r -> html(ctx, Pages.report(r)),
                () -> notFound(ctx, "no commissioning report yet")));
        router.get("/api/commission/report").handler(ctx -> run.report().ifPresentOrElse(
                r -> ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(codec.encode(r))),
                () -> notFound(ctx, "no commissioning report yet")));
        if (metrics != null) {
            router.get("/metrics").handler(metrics);
        }
        return router;
    }

    // ---- readings, checks, live events ---------------------------------------------------------

    private void drainArrived() {
        drainScheduled.set(false);
        Reading r;
        while ((r = arrived.poll()) != null) {
            onReading(r);
        }
    }

    private void onReading(Reading r) {
        if (!sensors.containsKey(r.sensor())) {
            return;
        }
        latest.put(r.sensor(), r);
        if (!streams.isEmpty()) { // formatting every reading for nobody cost a third of the LAN path's CPU
            push("reading", reading(r));
        }
        wiring.offer(r).ifPresent(s -> push("check", check(s)));
        if (run.update()) {
            afterRunMoved();
        }
    }

    private void startCheck(RoutingContext ctx) {
        String id = ctx.pathParam("sensorId");
        SensorSpec s = sensors.get(id);
        if (s == null) {
            notFound(ctx, "no sensor " + id + " in this gateway's config");
            return;
        }
        WiringCheck.Status st = wiring.start(id, Wiring.reportsByItself(s));
        push("check", check(st));
        json(ctx, 202, check(st));
    }

    private void tick() {
        for (WiringCheck.Status s : wiring.expire()) {
            push("check", check(s));
        }
        if (run.update()) {
            afterRunMoved();
        }
        if (uplink.batchesAcked() != lastAcked) {
            lastAcked = uplink.batchesAcked();
            lastAckAt = clock.millis(); // to within a tick: the uplink's counters carry no time
        }
        JsonObject u = new JsonObject().put("cloud", cloud()).put("lan", lan());
        if (!u.equals(lastUplink)) {
            lastUplink = u;
            push("uplink", u);
        }
    }

    private void events(RoutingContext ctx) {
        streams.open(ctx, "");
    }

    private void push(String event, JsonObject data) {
        streams.push(event, data);
    }

    // ---- commissioning -------------------------------------------------------------------------

    private void startRun() {
        runGeneration++;
        checksRunning = false;
        publishState = null;
        readingsInAtRunStart = uplink.readingsIn();
        run.start();
        LOG.info("commissioning started: {} sensor(s)", sensors.size());
        afterRunMoved();
    }

    private void afterRunMoved() {
        push("commissioning", commissioning());
        run.current().ifPresent(s -> push("check", check(wiring.status(s.id()))));
        if (run.phase() == CommissioningRun.Phase.CHECKS && !checksRunning) {
            runChecks();
        }
    }

    private void runChecks() {
        checksRunning = true;
        long generation = runGeneration;
        List<CommissioningReport.CheckResult> results = new ArrayList<>();
        vertx.executeBlocking(() -> ClockCheck.judge(clock.instant(), ClockCheck.ntpSynchronized()), false)
                .compose(c -> {
                    results.add(c);
                    return vertx.executeBlocking(() -> StorageCheck.judge(
                            StorageCheck.measure(storageDir, StorageCheck.TIMES, StorageCheck.BYTES),
                            StorageCheck.DEFAULT_THRESHOLD, storageDir), false)
                            .recover(e -> Future.succeededFuture(new CommissioningReport.CheckResult("storage",
                                    CommissioningReport.Outcome.FAIL, "cannot write in " + storageDir + ": " + e.getMessage())));
                })
                .compose(c -> {
                    results.add(c);
                    results.add(brokers());
                    return upload(clock.millis() + UPLOAD_PATIENCE.toMillis());
                })
                .onComplete(ar -> {
                    if (generation != runGeneration) {
                        return; // restarted meanwhile
                    }
                    results.add(ar.succeeded() ? ar.result() : new CommissioningReport.CheckResult("upload",
                            CommissioningReport.Outcome.FAIL, String.valueOf(ar.cause())));
                    CommissioningReport report = run.finish(config.site(), config.gateway(), bootId, versions().getString("gateway"), results);
                    checksRunning = false;
                    LOG.info("commissioning {}: failed items {}", report.passed() ? "passed" : "failed", report.failedItems());
                    publish(report, generation);
                    push("commissioning", commissioning());
                });
    }

    private CommissioningReport.CheckResult brokers() {
        boolean cloudUp = uplink.connected();
        boolean lanUp = !lanUsed || lan.connected();
        String figure = "cloud " + (cloudUp ? "connected" : "not connected") + ", LAN "
                + (lanUsed ? (lan.connected() ? "connected" : "not connected") : "not used");
        return new CommissioningReport.CheckResult("brokers",
                cloudUp && lanUp ? CommissioningReport.Outcome.PASS : CommissioningReport.Outcome.FAIL, figure);
    }

    /**
     * The run's own readings reached the cloud: the uplink sends its buffer oldest first and counts
     * readings when their batch is acknowledged, so once more readings are acknowledged than had been
     * handed in when the run began, at least one of the run's readings has had its PUBACK.
     */
    private Future<CommissioningReport.CheckResult> upload(long deadline) {
        long acked = uplink.readingsAcked();
        if (acked > readingsInAtRunStart) {
            return Future.succeededFuture(new CommissioningReport.CheckResult("upload", CommissioningReport.Outcome.PASS,
                    (uplink.readingsIn() - readingsInAtRunStart) + " readings during commissioning; acknowledged by the cloud broker, "
                            + (acked - readingsInAtRunStart) + " of them so far; " + uplink.bufferedReadings() + " buffered"));
        }
        if (clock.millis() >= deadline) {
            return Future.succeededFuture(new CommissioningReport.CheckResult("upload", CommissioningReport.Outcome.FAIL,
                    "no reading of the run acknowledged within " + UPLOAD_PATIENCE.toSeconds() + " s ("
                            + (uplink.readingsIn() - readingsInAtRunStart) + " readings, " + uplink.bufferedReadings()
                            + " buffered, cloud " + (uplink.connected() ? "connected" : "not connected") + ")"));
        }
        Promise<Void> later = Promise.promise();
        vertx.setTimer(250, id -> later.complete());
        return later.future().compose(v -> upload(deadline));
    }

    private void publish(CommissioningReport report, long generation) {
        io.vertx.core.Context ctx = context;
        // The uplink completes the future on its own context: come back to this one first.
        publisher.apply(Topics.commissioning(config.site(), config.gateway()), codec.encode(report))
                .onComplete(ar -> ctx.runOnContext(v -> published(report, generation, ar)));
    }

    private void published(CommissioningReport report, long generation, io.vertx.core.AsyncResult<Void> ar) {
        {
            if (generation != runGeneration) {
                return;
            }
            if (ar.succeeded()) {
                publishState = "ok";
                LOG.info("commissioning report published to the cloud (retained)");
            } else {
                publishState = "failed: " + ar.cause().getMessage() + "; retrying";
                LOG.warn("commissioning report not published, retrying in {} s: {}", REPUBLISH_DELAY.toSeconds(),
                        ar.cause().getMessage());
                vertx.setTimer(REPUBLISH_DELAY.toMillis(), id -> {
                    if (generation == runGeneration) {
                        publish(report, generation);
                    }
                });
            }
            push("commissioning", commissioning());
        }
    }

    // ---- views ---------------------------------------------------------------------------------

    private JsonObject status() {
        JsonArray rows = new JsonArray();
        for (SensorSpec s : sensors.values()) {
            Reading r = latest.get(s.id());
            rows.add(new JsonObject().put("id", s.id()).put("kind", Wiring.kind(s)).put("space", s.space() == null ? "" : s.space())
                    .put("transport", Wiring.transport(s)).put("wiring", Wiring.describe(s))
                    .put("latest", r == null ? null : reading(r)).put("check", check(wiring.status(s.id()))));
        }
        return new JsonObject().put("site", config.site()).put("gateway", config.gateway()).put("bootId", bootId)
                .put("startedAt", startedAt).put("uptimeSeconds", Math.max(0, (clock.millis() - startedAt) / 1000))
                .put("versions", versions()).put("cloud", cloud()).put("lan", lan()).put("sensors", rows)
                .put("commissioning", new JsonObject().put("phase", run.phase().name())
                        .put("passed", run.report().map(CommissioningReport::passed).orElse(null)));
    }

    private JsonObject cloud() {
        return new JsonObject().put("broker", safeUri(config.cloudBroker().uri())).put("connected", uplink.connected())
                .put("bufferedReadings", uplink.bufferedReadings()).put("bufferedBatches", uplink.bufferedBatches())
                .put("batchesAcked", uplink.batchesAcked()).put("readingsAcked", uplink.readingsAcked())
                .put("readingsDropped", uplink.readingsDropped()).put("lastSeq", uplink.lastSeq())
                .put("lastAckAt", lastAckAt == 0 ? null : lastAckAt)
                .put("lastAckLocalTime", lastAckAt == 0 ? null : local(lastAckAt));
    }

    private JsonObject lan() {
        return new JsonObject().put("used", lanUsed)
                .put("broker", lanUsed && config.lanBroker() != null ? safeUri(config.lanBroker().uri()) : null)
                .put("connected", lanUsed && lan.connected()).put("messages", lan.messages()).put("rejected", lan.rejected());
    }

    private JsonObject reading(Reading r) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(r.values()).forEach((name, v) -> {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(name).append(' ').append(v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString(v.longValue())
                    : String.format(Locale.ROOT, "%.1f", v));
            if (!"bool".equals(r.unit()) && !r.unit().isEmpty()) {
                text.append(' ').append(r.unit());
            }
        });
        return new JsonObject().put("id", r.sensor()).put("ts", r.ts()).put("values", new JsonObject(new HashMap<>(r.values())))
                .put("unit", r.unit()).put("quality", r.quality().wireName()).put("message", r.message())
                .put("text", text.length() == 0 ? "—" : text.toString()).put("localTime", local(r.ts()));
    }

    private JsonObject check(WiringCheck.Status s) {
        long remaining = s.state() == WiringCheck.State.WAITING ? Math.max(0, s.deadline() - clock.millis()) : 0;
        return new JsonObject().put("sensor", s.sensor()).put("state", s.state().name()).put("remainingMs", remaining)
                .put("seenAt", s.seenAt() == 0 ? null : s.seenAt());
    }

    private JsonObject commissioning() {
        JsonObject c = new JsonObject().put("phase", run.phase().name()).put("total", sensors.size())
                .put("index", run.results().size()).put("windowSeconds", checkWindow.toSeconds());
        run.current().ifPresent(s -> c.put("current", new JsonObject().put("id", s.id()).put("kind", Wiring.kind(s))
                .put("space", s.space() == null ? "" : s.space()).put("wiring", Wiring.describe(s))
                .put("remainingMs", check(wiring.status(s.id())).getLong("remainingMs"))));
        JsonArray results = new JsonArray();
        run.results().forEach(r -> results.add(new JsonObject().put("sensor", r.sensor()).put("outcome", r.outcome().wireName())
                .put("detail", r.detail())));
        c.put("sensors", results);
        run.report().ifPresent(r -> c.put("report", new JsonObject(Buffer.buffer(codec.encode(r)))));
        if (publishState != null) {
            c.put("publish", publishState);
        }
        return c;
    }

    private Optional<JsonObject> report() {
        return run.report().map(r -> new JsonObject(Buffer.buffer(codec.encode(r)))
                .put("startedLocal", local(r.startedAt())).put("finishedLocal", local(r.finishedAt())));
    }

    static JsonObject versions() {
        String v = StatusVerticle.class.getPackage().getImplementationVersion();
        return new JsonObject().put("gateway", v == null ? "dev" : v)
                .put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    }

    /** scheme://host:port only: a broker URI may carry user info, which the page must not show. */
    static String safeUri(String uri) {
        try {
            java.net.URI u = new java.net.URI(uri);
            return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return "?";
        }
    }

    private String local(long epochMs) {
        return LOCAL.format(Instant.ofEpochMilli(epochMs).atZone(zone));
    }

    private static Lang lang(RoutingContext ctx) {
        return Lang.of(ctx.queryParams().get("lang"));
    }

    private static void html(RoutingContext ctx, String page) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page);
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static void notFound(RoutingContext ctx, String why) {
        json(ctx, 404, new JsonObject().put("error", why));
    }
}
