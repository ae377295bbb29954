package org.linli.gateway.counter;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counter's counters: decisions, repeats, refusals by reason, Wiegand rejections by reason,
 * meal records sent and waiting, cloud messages refused by reason. Thread-safe.
 */
public final class CounterStats {
    private final LongAdder decisions = new LongAdder();
    private final Map<ReasonCode, LongAdder> decisionsByReason = new java.util.EnumMap<>(ReasonCode.class);
    private final LongAdder repeats = new LongAdder();
    private final LongAdder served = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder recordsSent = new LongAdder();
    private final AtomicLong recordsWaiting = new AtomicLong();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> wiegandRejected = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> cloudRefused = new ConcurrentHashMap<>();

    public CounterStats() {
        for (ReasonCode r : ReasonCode.values()) {
            decisionsByReason.put(r, new LongAdder());
        }
    }

    void decided(ReasonCode reason) {
        decisions.increment();
        decisionsByReason.get(reason).increment();
    }

    /** Decisions for {@code reason} ({@link ReasonCode#OK}: subsidised). */
    public long decisions(ReasonCode reason) {
        return decisionsByReason.get(reason).sum();
    }

    void repeated() {
        repeats.increment();
    }

    void closed(LedgerEntry.Status status) {
        (status == LedgerEntry.Status.SERVED ? served : cancelled).increment();
    }

    void sent(int records) {
        recordsSent.add(records);
    }

    void waiting(long records) {
        recordsWaiting.set(records);
    }

    /** A terminal event refused before any decision, by reason code (e.g. {@code face-data}). */
    public void countRefused(String reason) {
        refused.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** A Wiegand frame refused, by reason (e.g. {@code bad-even-parity}). */
    public void countWiegandRejected(String reason) {
        wiegandRejected.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** A roster, policy or claims message from the cloud refused, by {@code kind/reason}. */
    void countCloudRefused(String kindAndReason) {
        cloudRefused.computeIfAbsent(kindAndReason, k -> new LongAdder()).increment();
    }

    public long decisions() {
        return decisions.sum();
    }

    public long repeats() {
        return repeats.sum();
    }

    public long served() {
        return served.sum();
    }

    public long cancelled() {
        return cancelled.sum();
    }

    public long recordsSent() {
        return recordsSent.sum();
    }

    /** Closed records the cloud has not acknowledged yet, as of the last look at the ledger. */
    public long recordsWaiting() {
        return recordsWaiting.get();
    }

    public long refused(String reason) {
        LongAdder a = refused.get(reason);
        return a == null ? 0 : a.sum();
    }

    public long wiegandRejected(String reason) {
        LongAdder a = wiegandRejected.get(reason);
        return a == null ? 0 : a.sum();
    }

    public long cloudRefused(String kindAndReason) {
        LongAdder a = cloudRefused.get(kindAndReason);
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> refusedByReason() {
        return snapshot(refused);
    }

    public Map<String, Long> wiegandRejectedByReason() {
        return snapshot(wiegandRejected);
    }

    public Map<String, Long> cloudRefusedByReason() {
        return snapshot(cloudRefused);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
