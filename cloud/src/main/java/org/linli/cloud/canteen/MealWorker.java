package org.linli.cloud.canteen;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Takes one meal message at a time: checks it, stores it in the ledger in one transaction and says
 * whether it may be acknowledged. A refused message is counted and acknowledged (it can never become
 * valid); a database that cannot take the batch is retried with backoff (1 s doubling to 30 s) and
 * nothing is acknowledged meanwhile. Runs on one thread.
 */
public final class MealWorker {
    private static final Logger LOG = LoggerFactory.getLogger(MealWorker.class);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final MealIntake intake;
    private final MealLedger ledger;
    private final CanteenCounters counters;
    private final Clock clock;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Map<String, Instant> lastLogged = new HashMap<>();

    /** What became of a message. */
    public enum Outcome {
        /** Refused or stored without a new claim: acknowledge. */
        DONE,
        /** Stored with a new subsidised claim: acknowledge and push the claims. */
        DONE_NEW_CLAIMS,
        /** Stopped before it could be stored: do not acknowledge, the broker delivers it again. */
        STOPPED
    }

    public MealWorker(MealIntake intake, MealLedger ledger, CanteenCounters counters, Clock clock) {
        this.intake = intake;
        this.ledger = ledger;
        this.counters = counters;
        this.clock = clock;
    }

    public Outcome process(String topic, byte[] payload) {
        MealIntake.Outcome checked = intake.check(topic, payload);
        if (checked instanceof MealIntake.Refused refused) {
            counters.refused(refused.reason(), topic, refused.detail(), new String(payload, StandardCharsets.UTF_8));
            if (due("refused:" + refused.reason())) {
                LOG.warn("canteen: refused a meal message on {} ({}): {}", topic, refused.reason(), refused.detail());
            }
            return Outcome.DONE;
        }
        MealIntake.Accepted accepted = (MealIntake.Accepted) checked;
        int failures = 0;
        while (true) {
            try {
                LedgerResult r = ledger.store(accepted.batch(), clock.instant());
                counters.stored(r);
                LOG.debug("canteen: {} from {}: {} stored, {} replays, {} double claims, {} anomalies", topic,
                        accepted.batch().gateway(), r.stored(), r.replays(), r.doubleClaims(), r.anomalies());
                return r.claimsChanged() ? Outcome.DONE_NEW_CLAIMS : Outcome.DONE;
            } catch (RuntimeException e) {
                failures++;
                counters.storeFailed();
                long wait = Math.min(30_000L, 1_000L << Math.min(failures - 1, 5));
                if (due("store")) {
                    LOG.warn("canteen: cannot store {} meal records from {} (attempt {}), retrying in {} s: {}",
                            accepted.batch().records().size(), accepted.batch().gateway(), failures, wait / 1000, e.toString());
                }
                try {
                    if (stopping.await(wait, TimeUnit.MILLISECONDS)) {
                        return Outcome.STOPPED;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return Outcome.STOPPED;
                }
            }
        }
    }

    /** Ends a retry in progress; the message stays unacknowledged. */
    public void stop() {
        stopping.countDown();
    }

    private boolean due(String key) {
        Instant now = clock.instant();
        Instant last = lastLogged.get(key);
        if (last != null && last.plus(LOG_EVERY).isAfter(now)) {
            return false;
        }
        lastLogged.put(key, now);
        return true;
    }
}
