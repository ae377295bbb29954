package org.linli.cloud.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Lets a log line through at most once per interval per key, and counts the ones held back, so that a
 * gateway sending garbage ten times a second writes one WARN a minute, not six hundred. Thread-safe.
 */
public final class LogThrottle {
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Window> windows = new HashMap<>();

    public LogThrottle(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Whether to log for {@code key} now.
     *
     * @return empty when the line is to be held back; otherwise how many were held back since the last one let through
     */
    public synchronized OptionalLong acquire(String key) {
        Instant now = clock.instant();
        Window w = windows.get(key);
        if (w == null || !now.isBefore(w.openedAt.plus(interval))) {
            long suppressed = w == null ? 0 : w.suppressed;
            windows.put(key, new Window(now));
            return OptionalLong.of(suppressed);
        }
        w.suppressed++;
        return OptionalLong.empty();
    }

    private static final class Window {
        private final Instant openedAt;
        private long suppressed;

        Window(Instant openedAt) {
            this.openedAt = openedAt;
        }
    }
}
