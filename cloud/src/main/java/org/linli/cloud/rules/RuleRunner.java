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
import java.util.Set;

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
    private Instant lastSave;
    private boolean unsaved;
    private boolean saveAll;

    /**
     * Loads the saved state of {@code site} from {@code store} and resumes the rules from it.
     *
     * @param idleLag   how far behind processing time ticks move the space rules (see {@link RuleEngine})
     * @param saveEvery longest time between saves while events do not force one
     */
    public RuleRunner(Site site, RuleSettings settings, Duration idleLag, RuleStateStore store,
                      List<RuleEventSink> sinks, Clock clock, Duration saveEvery) {
        this.site = site.id();
        this.store = store;
        this.sinks = List.copyOf(sinks);
        this.clock = clock;
        this.saveEvery = saveEvery;
        RuleState saved = store.load(site.id());
        this.engine = RuleEngine.restore(site, settings, idleLag, saved, clock.instant());
        this.lastSave = clock.instant();
        LOG.info("rules of site {}: noise on {}, encroachment on {}, deadman on {} gateways; {} to {} sinks",
                site.id(), engine.noiseSpaces(), engine.encroachmentSpaces(), site.gateways().size(),
                saved.isEmpty() ? "starting fresh" : "resumed from the saved state", this.sinks.size());
    }

    /** The engine, for inspection. */
    public RuleEngine engine() {
        return engine;
    }

    @Override
    public void accepted(List<MappedBatch> batches) {
        RuleEvents events = RuleEvents.none();
        for (MappedBatch b : batches) {
            events = events.plus(engine.accept(readings(b)));
        }
        handle(events);
    }

    @Override
    public void gatewayStatus(String gateway, Instant at, boolean online) {
        handle(engine.gatewayStatus(gateway, at, online));
    }

    @Override
    public void tick(Instant now) {
        handle(engine.tick(now));
    }

    @Override
    public void close() {
        save(true);
    }

    private void handle(RuleEvents events) {
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
            store.save(site, state);
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
