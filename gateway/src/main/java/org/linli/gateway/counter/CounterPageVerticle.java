package org.linli.gateway.counter;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.linli.config.CanteenSettings;
import org.linli.config.canteen.Fen;
import org.linli.config.canteen.VerificationMethod;
import org.linli.gateway.web.LanPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The counter display and the terminals' HTTP endpoint, served on the site's LAN with Vert.x Web:
 * {@code GET /counter} (the page, zh-CN, large type for elders), {@code GET /counter/stream} (SSE:
 * each decision and close as it is written), {@code GET /counter/api/state}, {@code POST
 * /counter/events} (a network terminal's event; answers with the decision) and {@code POST
 * /counter/decisions/{eventId}/serve|cancel} (the staff's buttons).
 *
 * <p>No login, as the status page: LAN only. Requests that change anything must come from this page's
 * own origin: a foreign {@code Origin} or {@code Sec-Fetch-Site} is refused with 403, the staff's
 * buttons must send the {@code X-Linli-Counter} header and events must be {@code application/json}
 * (neither can be sent cross-origin without a CORS preflight, which this server never grants).
 */
public final class CounterPageVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(CounterPageVerticle.class);
    static final int MAX_STREAMS = 16;
    static final String STAFF_HEADER = "X-Linli-Counter";
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final CanteenSettings.Page settings;
    private final CounterVerticle counter;
    private final ZoneId zone;
    private final LanPages.EventStreams streams = new LanPages.EventStreams(MAX_STREAMS, Duration.ofSeconds(2));
    private volatile LanPages.Server server;
    private Runnable unlisten = () -> { };

    public CounterPageVerticle(CanteenSettings.Page settings, CounterVerticle counter) {
        this.settings = settings;
        this.counter = counter;
        this.zone = counter.settings().zone();
    }

    @Override
    public void start(Promise<Void> startPromise) {
        io.vertx.core.Context ctx = context;
        unlisten = counter.listen(u -> ctx.runOnContext(v -> push(u.decided() ? "decision" : "closed", json(u.entry()))));
        server = new LanPages.Server(vertx, streams, HEARTBEAT);
        server.listen(router(), settings.host(), settings.port(), "counter page", "canteen.page")
                .onSuccess(s -> {
                    LOG.info("counter page on http://{}:{}/counter (LAN only: no login)", settings.host(), s.actualPort());
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

    /** The port it listens on; -1 before start. */
    public int port() {
        LanPages.Server s = server;
        return s == null ? -1 : s.port();
    }

    private Router router() {
        Router router = Router.router(vertx);
        LanPages.secureHeaders(router);
        router.get("/counter").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .end(CounterPage.HTML));
        router.get("/counter/stream").handler(this::stream);
        router.get("/counter/api/state").handler(ctx -> json(ctx, 200, state()));
        // The body handler first: Vert.x Web pauses a request with a body until one reads it, and a refusal
        // sent before that left the body unread and the kept-alive connection stuck for its next request.
        router.post("/counter/*").handler(BodyHandler.create().setBodyLimit(64 * 1024).setHandleFileUploads(false));
        router.post("/counter/*").handler(this::sameOrigin);
        router.post("/counter/events").handler(this::event);
        router.post("/counter/decisions/:eventId/serve").handler(ctx -> close(ctx, true));
        router.post("/counter/decisions/:eventId/cancel").handler(ctx -> close(ctx, false));
        return router;
    }

    /** Refuses a state-changing request from another origin (CSRF from a page on the same LAN). */
    private void sameOrigin(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        String fetchSite = ctx.request().getHeader("Sec-Fetch-Site");
        String host = ctx.request().getHeader("Host");
        if (origin != null && !"null".equals(origin) && !origin.equals("http://" + host)) {
            forbidden(ctx, "cross-origin request from " + origin);
            return;
        }
        if ("null".equals(origin) || (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none"))) {
            forbidden(ctx, "cross-origin request (" + (fetchSite == null ? "opaque origin" : fetchSite) + ")");
            return;
        }
        ctx.next();
    }

    private void forbidden(RoutingContext ctx, String why) {
        counter.stats().countRefused("cross-origin");
        json(ctx, 403, new JsonObject().put("error", "cross-origin").put("detail", why));
    }

    private void event(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            counter.stats().countRefused("not-json");
            json(ctx, 415, new JsonObject().put("error", "not-json").put("detail", "Content-Type must be application/json"));
            return;
        }
        counter.submitNetwork(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes(), null)
                .onSuccess(s -> json(ctx, s.repeat() ? 200 : 201, json(s.entry()).put("repeat", s.repeat())))
                .onFailure(e -> failure(ctx, e));
    }

    private void close(RoutingContext ctx, boolean served) {
        if (!"staff".equals(ctx.request().getHeader(STAFF_HEADER))) {
            forbidden(ctx, "the staff's buttons send " + STAFF_HEADER + ": staff");
            return;
        }
        counter.close(ctx.pathParam("eventId"), served)
                .onSuccess(e -> json(ctx, 200, json(e)))
                .onFailure(e -> failure(ctx, e));
    }

    private void failure(RoutingContext ctx, Throwable e) {
        if (e instanceof CounterVerticle.Refused r) {
            json(ctx, r.httpStatus(), new JsonObject().put("error", r.reason()).put("detail", r.getMessage()));
        } else {
            // The ledger could not be written: nothing was decided, the terminal must try again.
            json(ctx, 503, new JsonObject().put("error", "ledger").put("detail", "not recorded: " + e.getMessage()));
        }
    }

    private void stream(RoutingContext ctx) {
        streams.open(ctx, LanPages.event("state", state()));
    }

    private void push(String event, JsonObject data) {
        streams.push(event, data);
    }

    private JsonObject state() {
        CounterState s = counter.state();
        JsonArray pending = new JsonArray();
        counter.pending().forEach(e -> pending.add(json(e)));
        CounterStats st = counter.stats();
        return new JsonObject()
                .put("canteen", counter.settings().canteenId())
                .put("policy", new JsonObject().put("id", s.policy().id()).put("name", s.policy().name())
                        .put("version", s.policyVersion()))
                .put("roster", new JsonObject().put("version", s.roster().version()).put("members", s.roster().size()))
                .put("latest", counter.latest().map(this::json).orElse(null))
                .put("pending", pending)
                .put("stats", new JsonObject().put("decisions", st.decisions()).put("repeats", st.repeats())
                        .put("served", st.served()).put("cancelled", st.cancelled())
                        .put("recordsSent", st.recordsSent()).put("recordsWaiting", st.recordsWaiting())
                        .put("refused", new JsonObject(new java.util.HashMap<>(st.refusedByReason())))
                        .put("wiegandRejected", new JsonObject(new java.util.HashMap<>(st.wiegandRejectedByReason())))
                        .put("cloudRefused", new JsonObject(new java.util.HashMap<>(st.cloudRefusedByReason()))));
    }

    /** One decision as the page shows it; no member id, only the masked name. */
    JsonObject json(LedgerEntry e) {
        // tierText reads the policy in use now; a decision made under an older policy keeps its code.
        Decision d = e.decision();
        JsonArray alternatives = new JsonArray();
        d.alternatives().forEach(m -> alternatives.add(m.zh()));
        return new JsonObject()
                .put("eventId", e.eventId())
                .put("terminal", e.terminalId())
                .put("name", e.displayName())
                .put("eligible", d.eligible())
                .put("reason", LedgerEntry.reasonCode(d.reason()))
                .put("text", d.zh())
                .put("textEn", d.en())
                .put("tier", d.tier())
                .put("tierText", tierText(d.tier()))
                .put("window", d.window())
                .put("method", methodZh(d.method()))
                .put("price", Fen.yuan(d.priceFen()))
                .put("subsidy", Fen.yuan(d.subsidyFen()))
                .put("pay", Fen.yuan(d.payFen()))
                .put("alternatives", alternatives)
                .put("at", HH_MM_SS.format(d.at().atZone(zone)))
                .put("status", e.status().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Hardship categories as the display names them; others are shown as the roster writes them. */
    private static final java.util.Map<String, String> HARDSHIP_ZH = java.util.Map.of("dibao", "低保", "tekun", "特困",
            "dibian", "低边", "disabled", "残疾");

    /** The tier in words for the display, e.g. 60 周岁以上 or 低保 60 周岁以上; null without a tier. */
    private String tierText(String code) {
        if (code == null) {
            return null;
        }
        org.linli.config.canteen.SubsidyPolicy policy = counter.state().policy();
        for (org.linli.config.canteen.AgeTier t : policy.ageTiers()) {
            if (t.code().equals(code)) {
                return t.minAge() + " 周岁以上";
            }
        }
        for (org.linli.config.canteen.HardshipTier t : policy.hardshipTiers()) {
            if (t.code().equals(code)) {
                return HARDSHIP_ZH.getOrDefault(t.category(), t.category()) + " " + t.minAge() + " 周岁以上";
            }
        }
        return code;
    }

    private static String methodZh(VerificationMethod m) {
        return m.zh();
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}
