package org.linli.gateway.mqtt;

import java.time.Duration;

/**
 * How long to wait before the next connection attempt: doubling from {@code first} up to {@code max}.
 * A gateway on site never gives up; the cap keeps it from waiting long once the broker is back.
 *
 * @param first the wait after the first failure
 * @param max   the longest wait
 */
public record Backoff(Duration first, Duration max) {

    /** 1 s, 2 s, 4 s ... up to 30 s. */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The wait after {@code failures} failures in a row (1 or more). */
    public Duration delay(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        long ms = first.toMillis() << doublings;
        return ms <= 0 || ms > max.toMillis() ? max : Duration.ofMillis(ms);
    }
}
