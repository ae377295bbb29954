package org.linli.cloud.canteen;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the meal ingestion did since start: batches and records taken, replays, double claims,
 * anomalies, and refusals by reason with the last few samples. Thread-safe.
 */
public final class CanteenCounters {
    /** Samples kept per reason. */
    static final int SAMPLES = 3;
    /** Characters of a refused payload kept in a sample. */
    static final int SAMPLE_CHARS = 512;

    private final Clock clock;
    private long batches;
    private long records;
    private long replays;
    private long doubleClaims;
    private long anomalies;
    private long storeRetries;
    private boolean waiting;
    private final Map<String, Long> refusals = new TreeMap<>();
    private final Map<String, Deque<Sample>> samples = new TreeMap<>();
    private Instant lastStoredAt;

    public CanteenCounters(Clock clock) {
        this.clock = clock;
    }

    /** A refused message, for review: the payload is left out for face data (it would keep the face). */
    public record Sample(Instant at, String topic, String detail, String payload) {
    }

    /** A snapshot. */
    public record Stats(long batches, long records, long replays, long doubleClaims, long anomalies, long storeRetries,
                        long refusedTotal,
                        Map<String, Long> refusals, Map<String, List<Sample>> samples, Instant lastStoredAt) {
    }

    public synchronized void stored(LedgerResult r) {
        batches++;
        records += r.stored();
        replays += r.replays();
        doubleClaims += r.doubleClaims();
        anomalies += r.anomalies();
        waiting = false;
        lastStoredAt = clock.instant();
    }

    /** The database could not take a batch: it is tried again, unacknowledged. */
    public synchronized void storeFailed() {
        storeRetries++;
        waiting = true;
    }

    /** Whether the last batch could not be stored yet (the database is down). */
    public synchronized boolean waitingForDatabase() {
        return waiting;
    }

    public synchronized void refused(String reason, String topic, String detail, String payload) {
        refusals.merge(reason, 1L, Long::sum);
        String kept = "face-data".equals(reason) || payload == null ? null
                : payload.length() > SAMPLE_CHARS ? payload.substring(0, SAMPLE_CHARS) : payload;
        Deque<Sample> q = samples.computeIfAbsent(reason, k -> new ArrayDeque<>());
        q.addLast(new Sample(clock.instant(), topic, detail, kept));
        while (q.size() > SAMPLES) {
            q.removeFirst();
        }
    }

    public synchronized Stats stats() {
        Map<String, List<Sample>> s = new TreeMap<>();
        samples.forEach((k, v) -> s.put(k, List.copyOf(v)));
        long total = refusals.values().stream().mapToLong(Long::longValue).sum();
        return new Stats(batches, records, replays, doubleClaims, anomalies, storeRetries, total, Map.copyOf(refusals), s, lastStoredAt);
    }
}
