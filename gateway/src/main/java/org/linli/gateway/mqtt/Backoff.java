package org.linli.gateway.mqtt;

import java.time.Duration;
import java.util.Random;

/**
 * How long to wait before the next connection attempt: "full jitter" over a doubling ceiling. After
 * {@code n} failures in a row the ceiling is {@code first · 2^(n-1)}, capped at {@code max}, and the
 * wait is drawn uniformly from 1 ms to the ceiling.
 *
 * <p>Why jitter: when the cloud broker restarts, every gateway of every site loses its connection in
 * the same second. Without jitter they would all dial again 1 s later, then 2 s later, and so on, in
 * lock step, and a broker that has just come back would take the whole fleet's TLS handshakes in one
 * burst each time. Full jitter spreads each round over the whole interval (see the AWS Architecture
 * Blog, "Exponential Backoff And Jitter", 2015); the ceiling still doubles, so a long outage costs
 * few attempts. A gateway on site never gives up; the cap keeps it from waiting long once the broker
 * is back.
 *
 * @param first  the ceiling after the first failure
 * @param max    the highest ceiling
 * @param random where the jitter comes from; injectable so tests can fix it
 */
public record Backoff(Duration first, Duration max, Random random) {
    private static final Random SHARED = new Random();

    /** A backoff with its jitter from a shared {@link Random}. */
    public Backoff(Duration first, Duration max) {
        this(first, max, SHARED);
    }

    /** Ceilings 1 s, 2 s, 4 s ... up to 30 s. */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The longest wait after {@code failures} failures in a row (1 or more): doubling, capped. */
    public Duration ceiling(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        long ms = first.toMillis() << doublings;
        return ms <= 0 || ms > max.toMillis() ? max : Duration.ofMillis(ms);
    }

    /** The wait after {@code failures} failures in a row (1 or more): uniform in [1 ms, {@link #ceiling}]. */
    public Duration delay(int failures) {
        long ceiling = Math.max(1, ceiling(failures).toMillis());
        return Duration.ofMillis(1 + (long) (random.nextDouble() * ceiling) % ceiling);
    }
}
