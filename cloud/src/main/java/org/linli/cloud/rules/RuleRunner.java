package org.linli.cloud.rules;

import org.linli.cloud.ingest.IngestListener;
import org.linli.cloud.ingest.MappedBatch;
import org.linli.cloud.ingest.RejectedReading;
import org.linli.config.Site;
import org.linli.wire.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the {@link RuleEngine} on the ingest worker's thread: feeds it the accepted batches, gateway
 * statuses and ticks, hands every event to every {@link RuleEventSink}, and saves the rules' state.
 *
 * <p>The state is saved after any batch of events that starts or ends an episode (or an offline
 * spell), at the latest every {@code saveEvery} otherwise, and when the ingest stops; it is loaded at
 * start. So a 10-minute window does not restart from zero after a restart, and an episode that was open
 * is neither lost nor opened twice. After a crash (no save at the stop) the rules miss what they were
 * fed since the last save, at most {@code saveEvery} of readings; the readings themselves are safe. Events
 * go to the sinks before the state that follows them is saved, so a crash in between repeats an event
 * rather than losing it: sinks are idempotent on the event's identity (see {@link RuleEventSink}).
 *
 * <p>With a {@link RuleOwnership} (several cloud instances) it runs only this instance's share of the
 * scopes: a round every few seconds, on the rules' thread, takes scopes (their saved state is loaded, the
 * readings parked for them replayed), gives some up for balance (saved first, then released) and drops the
 * ones another instance took. Every save is fenced by the scope's lease epoch, and when the leases could
 * not be renewed in time every scope is dropped: an instance cut off from the others stops deciding.
 */
public final class RuleRunner implements IngestListener {
    private static final Logger LOG = LoggerFactory.getLogger(RuleRunner.class);
    /** A sink call this slow is logged: it holds up the ingest. */
    private static final long SLOW_SINK_MILLIS = 200;

    private final String site;
    private final RuleEngine engine;
    private final RuleStateStore store;
    private final List<RuleEventSink> sinks;
    private final Clock clock;
    private final Duration saveEvery;
    private final RuleOwnership ownership;
    private final RuleHistory history;
    private final Duration catchUp;
    /** Whether the history failed in the current batch of takes: the rest of them skip it. */
    private boolean historyFailed;
    /** What the catch-up at start decided: dispatched with the first input. */
    private RuleEvents startup = RuleEvents.none();
    private Instant lastSave;
    private boolean unsaved;
    private boolean saveAll;
    /** The scopes run, for other threads (the owners API). */
    private volatile Set<String> owned;

    /**
     * Loads the saved state of {@code site} from {@code store} and resumes the rules from it: one
     * instance, which runs every scope, with no history to catch up from.
     *
     * @param idleLag   how far behind processing time ticks move the space rules (see {@link RuleEngine})
     * @param saveEvery longest time between saves while events do not force one
     */
    public RuleRunner(Site site, RuleSettings settings, Duration idleLag, RuleStateStore store,
                      List<RuleEventSink> sinks, Clock clock, Duration saveEvery) {
        this(site, settings, idleLag, store, sinks, clock, saveEvery, null, RuleHistory.NONE, Duration.ZERO);
    }

    /**
     * Like the other constructor; with {@code ownership} (not null) it starts with no scope and runs the
     * share that the leases give this instance.
     */
    public RuleRunner(Site site, RuleSettings settings, Duration idleLag, RuleStateStore store,
                      List<RuleEventSink> sinks, Clock clock, Duration saveEvery, RuleOwnership ownership) {
        this(site, settings, idleLag, store, sinks, clock, saveEvery, ownership, RuleHistory.NONE, Duration.ZERO);
    }

    /**
     * @param ownership null for one instance that runs every scope; else this instance's share by leases
     * @param history   the stored readings: each space scope, when started or taken over, catches up on
     *                  what was stored since its saved state, at most {@code catchUp} back (zero: never)
     */
    public RuleRunner(Site site, RuleSettings settings, Duration idleLag, RuleStateStore store,
                      List<RuleEventSink> sinks, Clock clock, Duration saveEvery, RuleOwnership ownership,
                      RuleHistory history, Duration catchUp) {
        this.site = site.id();
        this.store = store;
        this.sinks = List.copyOf(sinks);
        this.clock = clock;
        this.saveEvery = saveEvery;
        this.ownership = ownership;
        this.history = history;
        this.catchUp = catchUp;
        this.lastSave = clock.instant();
        this.engine = RuleEngine.owningNothing(site, settings, idleLag, clock.instant());
        if (ownership == null) {
            RuleState saved = store.load(site.id());
            RuleEvents events = RuleEvents.none();
            historyFailed = false;
            for (String scope : engine.scopes()) {
                events = events.plus(take(scope, saved));
            }
            this.startup = events;
            LOG.info("rules of site {}: noise on {}, encroachment on {}, deadman on {} gateways; {} to {} sinks",
                    site.id(), engine.noiseSpaces(), engine.encroachmentSpaces(), site.gateways().size(),
                    saved.isEmpty() ? "starting fresh" : "resumed from the saved state", this.sinks.size());
        } else {
            LOG.info("rules of site {} shared between instances: this is {}, scopes {}; events to {} sinks",
                    site.id(), ownership.instance(), engine.scopes(), this.sinks.size());
        }
        this.owned = engine.owned();
    }

    /**
     * Starts running {@code scope} from its part of {@code saved}, caught up on the stored readings since
     * (at most {@code catchUp} back; a store that cannot answer is logged and skipped).
     */
    private RuleEvents take(String scope, RuleState saved) {
        RuleState part = RuleEngine.part(saved, scope);
        Instant now = clock.instant();
        List<Reading> stored = List.of();
        if (!RuleEngine.DEADMAN.equals(scope) && !catchUp.isZero() && !catchUp.isNegative() && !historyFailed) {
            Instant from = now.minus(catchUp);
            Instant upTo = RuleEngine.savedUpTo(part);
            if (upTo != null && upTo.isAfter(from)) {
                from = upTo;
            }
            String space = scope.substring("space:".length());
            try {
                stored = history.readings(space, from, now.plus(Duration.ofMinutes(1)));
            } catch (RuntimeException e) {
                historyFailed = true; // the other scopes taken now do not wait for it again
                LOG.warn("rules: cannot read the stored readings of {} since {} ({}); the scopes taken now go on from their saved state",
                        space, from, e.toString());
            }
            if (!stored.isEmpty()) {
                LOG.info("rules: {} catches up on {} stored readings since {}", scope, stored.size(), from);
            }
        }
        return engine.take(scope, part, now, stored);
    }

    /** The scopes this instance runs now; any thread may call this. */
    public Set<String> owned() {
        return owned;
    }

    /** The instance id when the scopes are shared between instances, else empty. */
    public Optional<String> instance() {
        return ownership == null ? Optional.empty() : Optional.of(ownership.instance());
    }

    /** The engine, for inspection. */
    public RuleEngine engine() {
        return engine;
    }

    @Override
    public void accepted(List<MappedBatch> batches) {
        checkLeases();
        RuleEvents events = RuleEvents.none();
        for (MappedBatch b : batches) {
            events = events.plus(engine.accept(readings(b)));
        }
        handle(events);
    }

    @Override
    public void gatewayStatus(String gateway, Instant at, boolean online) {
        checkLeases();
        handle(engine.gatewayStatus(gateway, at, online));
    }

    @Override
    public void tick(Instant now) {
        if (ownership != null && ownership.due(now)) {
            ownershipRound();
        }
        checkLeases();
        handle(engine.tick(now));
    }

    @Override
    public void close() {
        save(true);
        if (ownership != null) {
            try {
                for (String scope : engine.owned()) {
                    engine.release(scope);
                }
                ownership.leave();
                LOG.info("rules: {} gave up its scopes", ownership.instance());
            } catch (RuntimeException e) {
                LOG.warn("cannot give the rule scopes up; the other instances take them once the leases run out: {}", e.toString());
            }
            owned = engine.owned();
        }
    }

    /** Drops every scope once the leases could not be renewed in time: another instance may have them. */
    private void checkLeases() {
        if (ownership == null || engine.owned().isEmpty() || ownership.valid(clock.instant())) {
            return;
        }
        Set<String> dropped = ownership.dropAll();
        for (String scope : engine.owned()) {
            engine.release(scope);
        }
        owned = engine.owned();
        LOG.warn("rules: the leases of {} ran out before they could be renewed; dropped {} until the next round",
                ownership.instance(), dropped);
    }

    private void ownershipRound() {
        RuleOwnership.Round round;
        try {
            round = ownership.round(engine.scopes());
        } catch (RuntimeException e) {
            LOG.warn("rules: cannot renew the leases of {} ({}); its scopes stay until they run out", ownership.instance(), e.toString());
            return;
        }
        for (String scope : round.lost()) {
            engine.release(scope); // another instance has it: its state there is newer, this one is dropped
            LOG.warn("rules: {} lost {} to another instance", ownership.instance(), scope);
        }
        for (String scope : round.release()) {
            Long epoch = ownership.epoch(scope);
            RuleState state = engine.release(scope);
            try {
                if (epoch != null && !state.isEmpty()) {
                    store.saveFenced(site, scope, state, ownership.instance(), epoch);
                }
                ownership.release(scope);
            } catch (RuntimeException e) {
                // Not released: the lease runs out and the next owner resumes from the last save.
                ownership.forget(scope);
                LOG.warn("rules: cannot save and give up {} ({}); it is free once its lease runs out", scope, e.toString());
            }
        }
        RuleEvents events = RuleEvents.none();
        if (!round.taken().isEmpty()) {
            RuleState saved;
            try {
                saved = store.load(site);
            } catch (RuntimeException e) {
                // Never start them fresh: a save under the new epoch would overwrite their state. Give them back.
                LOG.warn("rules: cannot load the state of {} ({}); giving them back for a later round", round.taken().keySet(), e.toString());
                for (String scope : round.taken().keySet()) {
                    try {
                        ownership.release(scope);
                    } catch (RuntimeException again) {
                        ownership.forget(scope); // free once the lease runs out
                    }
                }
                owned = engine.owned();
                return;
            }
            historyFailed = false;
            for (String scope : round.taken().keySet()) {
                events = events.plus(take(scope, saved));
            }
            saveAll = true; // the taken scopes' state is saved under the new epoch
            unsaved = true;
        }
        owned = engine.owned();
        if (!events.isEmpty()) {
            handle(events);
        }
    }

    private void handle(RuleEvents events) {
        if (!startup.isEmpty()) {
            events = startup.plus(events);
            startup = RuleEvents.none();
        }
        unsaved = true;
        dispatch(events);
        boolean due = !clock.instant().isBefore(lastSave.plus(saveEvery));
        if (due || events.changesEpisodes()) {
            // The deadman rule (every sensor of the site, changed by every reading) only with its own
            // events or when due: its state a few seconds old is enough, as a resume counts the downtime as heard.
            save(due || !events.deadman().isEmpty());
        }
    }

    private void dispatch(RuleEvents events) {
        for (NoiseEvent e : events.noise()) {
            LOG.info("noise: {}", e);
            for (RuleEventSink s : sinks) {
                call(s, () -> s.noise(e));
            }
        }
        for (EncroachmentEvent e : events.encroachment()) {
            LOG.info("encroachment: {}", e);
            for (RuleEventSink s : sinks) {
                call(s, () -> s.encroachment(e));
            }
        }
        for (DeadmanEvent e : events.deadman()) {
            LOG.info("deadman: {}", e);
            for (RuleEventSink s : sinks) {
                call(s, () -> s.deadman(e));
            }
        }
    }

    private void call(RuleEventSink sink, Runnable call) {
        long start = System.nanoTime();
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("rule event sink {} failed; the rules go on", sink.getClass().getName(), e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis >= SLOW_SINK_MILLIS) {
            // Sinks run on the ingest thread: while one works, nothing is acknowledged.
            LOG.warn("rule event sink {} took {} ms on the ingest thread", sink.getClass().getName(), millis);
        }
    }

    /** Saves what changed; after a failed save, everything (what had changed then is no longer known). */
    private void save(boolean withDeadman) {
        if (!unsaved) {
            return;
        }
        if (withDeadman) {
            lastSave = clock.instant();
        }
        RuleState changed = engine.changed(withDeadman || saveAll);
        RuleState state = saveAll ? engine.snapshot() : changed;
        long start = System.nanoTime();
        try {
            if (ownership == null) {
                store.save(site, state);
            } else {
                saveFenced(state);
            }
            unsaved = !withDeadman;
            saveAll = false;
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (millis >= SLOW_SINK_MILLIS) {
                LOG.warn("saving the rules' state took {} ms on the ingest thread", millis);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot save the rules' state (next try in {}): {}", saveEvery, e.toString());
            saveAll = true;
        }
    }

    /** Saves each scope's part under its lease; a scope fenced off (another instance has it) is dropped. */
    private void saveFenced(RuleState state) {
        Set<String> scopes = new TreeSet<>();
        state.noise().keySet().forEach(s -> scopes.add(RuleEngine.spaceScope(s)));
        state.encroachment().keySet().forEach(s -> scopes.add(RuleEngine.spaceScope(s)));
        if (state.deadman() != null) {
            scopes.add(RuleEngine.DEADMAN);
        }
        for (String scope : scopes) {
            Long epoch = ownership.epoch(scope);
            if (epoch == null) {
                continue;
            }
            if (!store.saveFenced(site, scope, RuleEngine.part(state, scope), ownership.instance(), epoch)) {
                engine.release(scope);
                ownership.forget(scope);
                owned = engine.owned();
                LOG.warn("rules: {} no longer holds {} (epoch {}): its state was not saved and is dropped",
                        ownership.instance(), scope, epoch);
            }
        }
    }

    /** The accepted readings of a batch: those the mapper refused are left out. */
    private static List<Reading> readings(MappedBatch b) {
        if (b.rejected().isEmpty()) {
            return b.batch().readings();
        }
        Set<Reading> refused = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RejectedReading r : b.rejected()) {
            refused.add(r.reading());
        }
        List<Reading> out = new ArrayList<>(b.batch().readings().size());
        for (Reading r : b.batch().readings()) {
            if (!refused.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }
}
