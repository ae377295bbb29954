package org.linli.gateway.log;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Rate-limits a log line per key (a sensor, a reason): at most one line per key per interval, and
 * the line that passes tells how many were held back since the last one. Bad input from the field
 * can arrive many times a second; the counters keep the full count, the log keeps readable.
 *
 * <p>Not thread-safe: use it on one Vert.x context.
 */
public final class LogGate {
    /** Returned by {@link #admit} when the line must not be logged. */
    public static final long SUPPRESS = -1;

    private final long intervalMs;
    private final Map<String, Window> windows = new HashMap<>();

    public LogGate(Duration interval) {
        this.intervalMs = interval.toMillis();
    }

    /**
     * Whether a line for {@code key} may be logged at {@code nowMs}.
     *
     * @return {@link #SUPPRESS}, or the number of lines for {@code key} suppressed since the last one logged
     */
    public long admit(String key, long nowMs) {
        Window w = windows.get(key);
        if (w == null || nowMs - w.loggedAt >= intervalMs || nowMs < w.loggedAt) {
            long suppressed = w == null ? 0 : w.suppressed;
            windows.put(key, new Window(nowMs));
            return suppressed;
        }
        w.suppressed++;
        return SUPPRESS;
    }

    private static final class Window {
        final long loggedAt;
        long suppressed;

        Window(long loggedAt) {
            this.loggedAt = loggedAt;
        }
    }
}
