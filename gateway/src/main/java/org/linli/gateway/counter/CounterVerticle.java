package org.linli.gateway.counter;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.linli.config.CanteenPolicyLoader;
import org.linli.config.CanteenSettings;
import org.linli.config.ConfigException;
import org.linli.config.canteen.SubsidyPolicy;
import org.linli.gateway.log.LogGate;
import org.linli.gateway.mqtt.MqttLink;
import org.linli.gateway.uplink.UplinkVerticle;
import org.linli.wire.CanteenCodec;
import org.linli.wire.ClaimsMessage;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;
import org.linli.wire.PolicyMessage;
import org.linli.wire.RosterMessage;
import org.linli.wire.TerminalEvent;
import org.linli.wire.Topics;
import org.linli.wire.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The canteen counter: decides each presentation with {@link Counter}, writes it to the {@link Ledger}
 * before anyone is told (display, lights, the terminal's HTTP answer), records the staff's confirm or
 * cancel the same way, keeps the roster, policy and claims the cloud publishes (validated, highest
 * version, cached in the ledger for the next boot) and sends closed records to the cloud as
 * {@link MealBatch}es on the uplink's connection, marking them sent only on the broker's PUBACK.
 *
 * <p>All ledger work runs as ordered worker tasks, one after the other, so a decision and the
 * meals-of-the-day it was decided against are never interleaved with another decision.
 *
 * <p>Start completes when the ledger is open and the last good roster and policy are loaded; it
 * fails when the ledger cannot be opened (a start fault). The cloud broker is not waited for.
 */
public final class CounterVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(CounterVerticle.class);
    static final String ROSTER = "roster";
    static final String POLICY = "policy";
    static final String CLAIMS = "claims";
    private static final int BATCH_RECORDS = 200;
    private static final Duration OUTBOX_RETRY = Duration.ofSeconds(5);
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

    private final String site;
    private final String gateway;
    private final CanteenSettings settings;
    private final UplinkVerticle uplink;
    private final BooleanSupplier cloudConnected;
    private final Clock clock;
    private final CounterStats stats;
    private final CanteenCodec codec = new CanteenCodec();
    private final List<Consumer<Update>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, LedgerEntry> pending = new LinkedHashMap<>();

    private Ledger ledger;
    private Counter counter;
    private volatile CounterState state;
    private volatile List<LedgerEntry> pendingView = List.of();
    private volatile LedgerEntry latest;
    private LogGate warnings;
    private long outboxTimer = -1;
    private boolean pumping;
    private boolean pumpAgain;

    /** A decision written, or closed: what the display and the lights follow. */
    public record Update(LedgerEntry entry, boolean decided) {
    }

    /** What a submission came to: the entry, and whether it was a repeat of an event already decided. */
    public record Submitted(LedgerEntry entry, boolean repeat) {
    }

    /** A terminal event refused before any decision (bad payload, face data, unknown terminal …). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;
        private final int httpStatus;

        public Refused(String reason, String detail, int httpStatus) {
            super(detail);
            this.reason = reason;
            this.httpStatus = httpStatus;
        }

        /** The counted reason, e.g. {@code face-data}. */
        public String reason() {
            return reason;
        }

        /** The HTTP status to answer with (4xx). */
        public int httpStatus() {
            return httpStatus;
        }
    }

    /**
     * @param site           site id
     * @param gateway        gateway id
     * @param settings       the counter's config
     * @param uplink         the cloud connection: subscriptions and meal batches
     * @param cloudConnected whether the cloud broker is connected now (marks decisions offline)
     * @param clock          the gateway's clock; its zone is replaced by the site's ({@code settings.zone()})
     * @param stats          counters, written here
     */
    public CounterVerticle(String site, String gateway, CanteenSettings settings, UplinkVerticle uplink,
                           BooleanSupplier cloudConnected, Clock clock, CounterStats stats) {
        this.site = site;
        this.gateway = gateway;
        this.settings = settings;
        this.uplink = uplink;
        this.cloudConnected = cloudConnected;
        this.clock = clock.withZone(settings.zone());
        this.stats = stats;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        warnings = new LogGate(WARN_INTERVAL);
        counter = new Counter(settings.canteenId(), clock);
        SubsidyPolicy preset;
        try {
            preset = CanteenPolicyLoader.preset(settings.policy());
        } catch (ConfigException e) {
            startPromise.fail(new IllegalStateException("canteen.policy: " + e.getMessage(), e));
            return;
        }
        ledger = new Ledger(settings.ledgerPath(), settings.zone());
        blocking(() -> {
            ledger.open();
            CounterState s = new CounterState(preset, 0, Roster.EMPTY, null);
            s = fromCache(s);
            List<LedgerEntry> open = ledger.pending();
            stats.waiting(ledger.unsentCount());
            return new Object[] {s, open};
        }).onSuccess(loaded -> {
            state = (CounterState) loaded[0];
            @SuppressWarnings("unchecked")
            List<LedgerEntry> open = (List<LedgerEntry>) loaded[1];
            open.forEach(e -> pending.put(e.eventId(), e));
            publishViews(open.isEmpty() ? null : open.get(open.size() - 1));
            subscribe();
            uplink.onConnected(() -> context.runOnContext(v -> pump()));
            outboxTimer = vertx.setPeriodic(OUTBOX_RETRY.toMillis(), id -> pump());
            LOG.info("counter {} up: policy {} v{}, roster v{} ({} members), {} decision(s) waiting for the staff,"
                            + " {} record(s) for the cloud, ledger {}", settings.canteenId(), state.policy().id(),
                    state.policyVersion(), state.roster().version(), state.roster().size(), open.size(),
                    stats.recordsWaiting(), settings.ledgerPath());
            pump();
            startPromise.complete();
        }).onFailure(e -> startPromise.fail(new IllegalStateException("counter: cannot open the ledger "
                + settings.ledgerPath() + " (canteen.ledgerPath): " + e.getMessage(), e)));
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        if (outboxTimer >= 0) {
            vertx.cancelTimer(outboxTimer);
        }
        blocking(() -> {
            ledger.close();
            return null;
        }).onComplete(ar -> stopPromise.complete());
    }

    // ---- what adapters call ---------------------------------------------------------------

    /**
     * Decides a presentation, or returns the stored decision when the event id was decided before.
     * Completes once the decision is on disk; listeners hear of a new one just before.
     */
    public Future<Submitted> submit(CounterInput in) {
        Promise<Submitted> done = Promise.promise();
        context.runOnContext(v -> decide(in).onComplete(done));
        return done.future();
    }

    /**
     * Decodes a network terminal's event and submits it. Fails with {@link Refused} for a payload
     * that breaks the contract (face data included), an unknown terminal, a terminal other than the
     * one {@code expectedTerminal} names (its LAN topic's), or an event id another terminal used.
     */
    public Future<Submitted> submitNetwork(byte[] payload, String expectedTerminal) {
        Instant receivedAt = clock.instant();
        Promise<Submitted> done = Promise.promise();
        context.runOnContext(v -> {
            TerminalEvent event;
            try {
                event = codec.decodeTerminalEvent(payload);
            } catch (WireException e) {
                done.fail(refuse(e.reason().code(), e.getMessage(), 422, expectedTerminal));
                return;
            }
            Optional<CanteenSettings.Terminal> terminal = settings.terminal(event.terminal());
            if (terminal.isEmpty() || !(terminal.get() instanceof CanteenSettings.NetworkTerminal)) {
                done.fail(refuse("unknown-terminal", "terminal '" + event.terminal()
                        + "' is not a network terminal of this counter", 422, event.terminal()));
                return;
            }
            if (expectedTerminal != null && !expectedTerminal.equals(event.terminal())) {
                done.fail(refuse("terminal-mismatch", "event of terminal '" + event.terminal() + "' on the topic of '"
                        + expectedTerminal + "'", 422, expectedTerminal));
                return;
            }
            decide(CounterInput.network(event, receivedAt)).onComplete(done);
        });
        return done.future();
    }

    /**
     * The staff's confirm ({@code served}) or cancel. Completes with the entry as stored once it is on
     * disk; closing an entry already closed the same way is a no-op. Fails with {@link Refused} for
     * an unknown event id (404) or one already closed the other way (409).
     */
    public Future<LedgerEntry> close(String eventId, boolean served) {
        LedgerEntry.Status to = served ? LedgerEntry.Status.SERVED : LedgerEntry.Status.CANCELLED;
        Instant at = clock.instant();
        Promise<LedgerEntry> done = Promise.promise();
        context.runOnContext(v -> blocking(() -> ledger.close(eventId, to, at)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("counter: cannot record {} of {}: {}", to, eventId, ar.cause().getMessage());
                done.fail(ar.cause());
                return;
            }
            Optional<LedgerEntry> entry = ar.result();
            if (entry.isEmpty()) {
                done.fail(new Refused("unknown-event", "no decision " + eventId, 404));
            } else if (entry.get().status() != to) {
                done.fail(new Refused("already-closed", eventId + " is already " + entry.get().status(), 409));
            } else {
                LedgerEntry e = entry.get();
                if (pending.remove(eventId) != null) {
                    stats.closed(to);
                    publishViews(latest != null && latest.eventId().equals(eventId) ? e : latest);
                    listeners.forEach(l -> l.accept(new Update(e, false)));
                    pump();
                }
                done.complete(e);
            }
        }));
        return done.future();
    }

    /** Listens to decisions and closes, called on this verticle's context; returns the way to stop listening. */
    public Runnable listen(Consumer<Update> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Decisions waiting for the staff, oldest first. */
    public List<LedgerEntry> pending() {
        return pendingView;
    }

    /** The latest decision shown, if any. */
    public Optional<LedgerEntry> latest() {
        return Optional.ofNullable(latest);
    }

    /** Policy, roster and claims now. */
    public CounterState state() {
        return state;
    }

    /** The counter's settings. */
    public CanteenSettings settings() {
        return settings;
    }

    /** The counters. */
    public CounterStats stats() {
        return stats;
    }

    /** The clock in the site's zone. */
    public Clock clock() {
        return clock;
    }

    // ---- deciding -----------------------------------------------------------------------------

    private Future<Submitted> decide(CounterInput in) {
        CounterState s = state;
        boolean offline = !cloudConnected.getAsBoolean();
        return blocking(() -> {
            Optional<LedgerEntry> before = ledger.find(in.eventId());
            if (before.isPresent()) {
                return new Submitted(before.get(), true);
            }
            String member = Counter.memberOf(in, s.roster());
            LedgerEntry entry = counter.decide(s, in, ledger.mealsOn(member, counter.dateOf(in.receivedAt())), offline);
            ledger.insert(entry);
            return new Submitted(entry, false);
        }).compose(sub -> {
            if (sub.repeat()) {
                stats.repeated();
                if (!sub.entry().terminalId().equals(in.terminalId())) {
                    return Future.failedFuture(refuse("event-id-reused", "event id " + in.eventId()
                            + " was already used by terminal " + sub.entry().terminalId(), 409, in.terminalId()));
                }
                LOG.debug("counter: {} again from {}: the stored decision stands", in.eventId(), in.terminalId());
                return Future.succeededFuture(sub);
            }
            LedgerEntry e = sub.entry();
            if (e.status() == LedgerEntry.Status.PENDING) {
                pending.put(e.eventId(), e);
            } else {
                pump();
            }
            publishViews(e);
            // Counted once the pending list and the views show it: who sees the count sees the decision.
            stats.decided(e.decision().reason());
            listeners.forEach(l -> l.accept(new Update(e, true)));
            LOG.debug("counter: {} {} at {} ({}): {}", e.eventId(), e.decision().memberId(), e.terminalId(),
                    e.decision().method(), e.decision().en());
            return Future.succeededFuture(sub);
        }, e -> {
            LOG.error("counter: cannot write the decision of {} to the ledger: {}", in.eventId(), e.getMessage());
            return Future.failedFuture(e);
        });
    }

    private Refused refuse(String reason, String detail, int status, String terminal) {
        stats.countRefused(reason);
        long suppressed = warnings.admit(reason + "/" + terminal, clock.millis());
        if (suppressed != LogGate.SUPPRESS) {
            LOG.warn("counter: refused an event from terminal {} ({}): {}{}", terminal, reason, detail,
                    suppressed > 0 ? " (" + suppressed + " more since the last warning)" : "");
        }
        return new Refused(reason, detail, status);
    }

    private void publishViews(LedgerEntry newest) {
        latest = newest;
        pendingView = List.copyOf(pending.values());
    }

    // ---- the cloud's roster, policy and claims -------------------------------------------------

    private void subscribe() {
        uplink.subscribe(Topics.canteenRoster(site, gateway), handler(this::onRoster));
        uplink.subscribe(Topics.canteenPolicy(site, gateway), handler(this::onPolicy));
        uplink.subscribe(Topics.canteenClaims(site, gateway), handler(this::onClaims));
    }

    private MqttLink.Events handler(Consumer<byte[]> onPayload) {
        Context ctx = context;
        return new MqttLink.Events() {
            @Override
            public void message(String topic, byte[] payload, long receivedAt) {
                ctx.runOnContext(v -> onPayload.accept(payload));
            }
        };
    }

    private void onRoster(byte[] payload) {
        RosterMessage roster;
        try {
            roster = codec.decodeRoster(payload);
        } catch (WireException e) {
            cloudRefused(ROSTER, e.reason().code(), e.getMessage());
            return;
        }
        if (roster.version() <= state.roster().version()) {
            LOG.debug("counter: roster v{} ignored, v{} is in use", roster.version(), state.roster().version());
            return;
        }
        Roster next = new Roster(roster);
        cacheThen(ROSTER, roster.version(), payload, () -> {
            state = state.withRoster(next);
            LOG.info("counter: roster v{} in use ({} members)", next.version(), next.size());
        });
    }

    private void onPolicy(byte[] payload) {
        PolicyMessage message;
        SubsidyPolicy policy;
        try {
            message = codec.decodePolicy(payload);
        } catch (WireException e) {
            cloudRefused(POLICY, e.reason().code(), e.getMessage());
            return;
        }
        if (message.version() <= state.policyVersion()) {
            LOG.debug("counter: policy v{} ignored, v{} is in use", message.version(), state.policyVersion());
            return;
        }
        try {
            policy = CanteenPolicyLoader.parse("policy v" + message.version(), message.policyYaml());
        } catch (ConfigException e) {
            cloudRefused(POLICY, "invalid-policy", e.getMessage());
            return;
        }
        cacheThen(POLICY, message.version(), payload, () -> {
            state = state.withPolicy(policy, message.version());
            LOG.info("counter: policy {} v{} in use", policy.id(), message.version());
        });
    }

    private void onClaims(byte[] payload) {
        ClaimsMessage claims;
        try {
            claims = codec.decodeClaims(payload);
        } catch (WireException e) {
            cloudRefused(CLAIMS, e.reason().code(), e.getMessage());
            return;
        }
        ClaimsMessage now = state.claims();
        if (now != null && (claims.date().isBefore(now.date())
                || (claims.date().equals(now.date()) && claims.issuedAt() <= now.issuedAt()))) {
            LOG.debug("counter: claims of {} issued {} ignored: not newer", claims.date(), claims.issuedAt());
            return;
        }
        cacheThen(CLAIMS, claims.issuedAt(), payload, () -> {
            state = state.withClaims(claims);
            LOG.info("counter: {} claim(s) of {} from the cloud", claims.claims().size(), claims.date());
        });
    }

    private void cloudRefused(String kind, String reason, String detail) {
        stats.countCloudRefused(kind + "/" + reason);
        // A refused retained message comes again at every reconnect: warn once a minute per kind and reason.
        long suppressed = warnings.admit("cloud/" + kind + "/" + reason, clock.millis());
        if (suppressed != LogGate.SUPPRESS) {
            LOG.warn("counter: {} from the cloud refused ({}): {}; the one in use stays{}", kind, reason, detail,
                    suppressed > 0 ? " (" + suppressed + " more since the last warning)" : "");
        }
    }

    /** Caches first, then uses: what the counter decides with is always what the next boot finds. */
    private void cacheThen(String kind, long version, byte[] payload, Runnable use) {
        blocking(() -> {
            ledger.cache(kind, version, payload);
            return null;
        }).onSuccess(v -> use.run())
                .onFailure(e -> LOG.error("counter: cannot cache the {} v{}; not used: {}", kind, version, e.getMessage()));
    }

    private CounterState fromCache(CounterState s) throws Exception {
        Optional<Ledger.Cached> roster = ledger.cached(ROSTER);
        if (roster.isPresent()) {
            s = s.withRoster(new Roster(codec.decodeRoster(roster.get().payload())));
        }
        Optional<Ledger.Cached> policy = ledger.cached(POLICY);
        if (policy.isPresent()) {
            PolicyMessage m = codec.decodePolicy(policy.get().payload());
            s = s.withPolicy(CanteenPolicyLoader.parse("cached policy v" + m.version(), m.policyYaml()), m.version());
        }
        Optional<Ledger.Cached> claims = ledger.cached(CLAIMS);
        if (claims.isPresent()) {
            s = s.withClaims(codec.decodeClaims(claims.get().payload()));
        }
        return s;
    }

    // ---- meal records to the cloud ---------------------------------------------------------

    /**
     * Sends the closed records the cloud has not acknowledged, a batch at a time; each batch is
     * marked sent in the ledger only after its PUBACK. A failed publish leaves them for the next try
     * (every {@value #BATCH_RECORDS}-record batch again after a reconnect, or in a few seconds).
     */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        if (!cloudConnected.getAsBoolean()) {
            refreshWaiting();
            return;
        }
        pumping = true;
        pumpAgain = false;
        blocking(() -> ledger.unsent(BATCH_RECORDS)).compose(entries -> {
            if (entries.isEmpty()) {
                return Future.succeededFuture(0);
            }
            List<MealRecord> records = new ArrayList<>(entries.size());
            entries.forEach(e -> records.add(e.toRecord(settings.zone())));
            byte[] batch = codec.encode(new MealBatch(site, gateway, clock.millis(), records));
            List<String> ids = entries.stream().map(LedgerEntry::eventId).toList();
            return uplink.publish(Topics.canteenMeals(site, gateway), batch, false)
                    .compose(v -> blocking(() -> {
                        ledger.markSent(ids);
                        return ledger.unsentCount();
                    }))
                    .map(left -> {
                        stats.sent(ids.size());
                        stats.waiting(left);
                        LOG.debug("counter: {} meal record(s) acknowledged by the cloud broker, {} waiting", ids.size(), left);
                        return ids.size();
                    });
        }).onComplete(ar -> {
            pumping = false;
            if (ar.failed()) {
                // Connected and still refused (e.g. 0x87 not authorized: a broker ACL without canteen/meals)
                // is a fault to see; a connection that dropped mid-publish is not.
                long suppressed = cloudConnected.getAsBoolean()
                        ? warnings.admit("meals-not-sent", clock.millis()) : LogGate.SUPPRESS;
                if (suppressed != LogGate.SUPPRESS) {
                    LOG.warn("counter: meal records not accepted by the cloud broker ({}); kept in the ledger, tried"
                            + " again every {} s", ar.cause().getMessage(), OUTBOX_RETRY.toSeconds());
                } else {
                    LOG.debug("counter: meal records not sent yet: {}", ar.cause().getMessage());
                }
                refreshWaiting();
            } else if (ar.result() > 0 || pumpAgain) {
                pump();
            }
        });
    }

    private void refreshWaiting() {
        blocking(ledger::unsentCount).onSuccess(stats::waiting);
    }

    private <T> Future<T> blocking(Callable<T> work) {
        // Ordered: ledger tasks run one after another, in the order they were asked for.
        return vertx.executeBlocking(work, true);
    }
}
