package org.linli.gateway.uplink;

/**
 * When the uplink seals its pending readings into a batch: the pure decision, with the times in.
 *
 * <p>A batch is due when {@code maxReadings} are pending, or when the oldest pending reading has
 * waited {@code maxDelay}; that is what batching under load needs. But a lone reading on a quiet
 * pipe would then wait the whole delay for nothing (the first reading after a start, a door that
 * opens once an hour). So, as Nagle's algorithm does for TCP, a batch also goes at once when the
 * pipe is idle (nothing sealed waits for a PUBACK) and the previous batch left at least
 * {@code maxDelay} ago. The second condition keeps a fast link from degrading into one batch per
 * reading: a PUBACK from a broker on the LAN is back within a millisecond, so "idle" alone would
 * hold almost always under a moderate load; with it, at most one early batch leaves per
 * {@code maxDelay} and a steady stream is batched as before.
 *
 * @param maxReadings a batch is due when this many readings are pending
 * @param maxDelayMs  ... or when the oldest has waited this long (ms)
 */
public record BatchTiming(int maxReadings, long maxDelayMs) {
    /** No previous batch. */
    public static final long NEVER = Long.MIN_VALUE;

    /**
     * When the pending readings are due to be sealed.
     *
     * @param pending      readings pending
     * @param pendingSince when the oldest of them arrived, epoch ms (0 for readings from before a restart)
     * @param pipeIdle     whether no sealed batch waits for its PUBACK
     * @param lastSentAt   when the previous batch was published, epoch ms, or {@link #NEVER}
     * @return epoch ms from which they are due (at or before now: seal now); {@link Long#MAX_VALUE}
     *         when nothing is pending
     */
    public long dueAt(long pending, long pendingSince, boolean pipeIdle, long lastSentAt) {
        if (pending <= 0) {
            return Long.MAX_VALUE;
        }
        if (pending >= maxReadings) {
            return Long.MIN_VALUE;
        }
        long byDelay = pendingSince + maxDelayMs;
        if (!pipeIdle) {
            return byDelay;
        }
        long quietSince = lastSentAt == NEVER ? Long.MIN_VALUE : lastSentAt + maxDelayMs;
        return Math.min(byDelay, Math.max(pendingSince, quietSince));
    }
}
