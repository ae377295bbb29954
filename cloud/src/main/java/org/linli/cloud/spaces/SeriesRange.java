package org.linli.cloud.spaces;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The spans the space page charts: the last day in 1-minute buckets (the gateways' noise minutes as they
 * are) or the last week in 10-minute buckets. Pure.
 */
public enum SeriesRange {
    DAY(Duration.ofDays(1), Duration.ofMinutes(1)),
    WEEK(Duration.ofDays(7), Duration.ofMinutes(10));

    private final Duration span;
    private final Duration bucket;

    SeriesRange(Duration span, Duration bucket) {
        this.span = span;
        this.bucket = bucket;
    }

    public Duration span() {
        return span;
    }

    public Duration bucket() {
        return bucket;
    }

    /** {@code day} or {@code week}, any case; empty for anything else. */
    public static Optional<SeriesRange> parse(String text) {
        if (text == null) {
            return Optional.of(DAY);
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "", "day" -> Optional.of(DAY);
            case "week" -> Optional.of(WEEK);
            default -> Optional.empty();
        };
    }

    /** Where the chart ends: {@code now} rounded up to the end of its bucket. */
    public Instant to(Instant now) {
        long b = bucket.toMillis();
        long ms = now.toEpochMilli();
        long floor = Math.floorDiv(ms, b) * b;
        return Instant.ofEpochMilli(floor == ms ? ms : floor + b);
    }

    /** Where the chart starts: a whole span before {@link #to}. */
    public Instant from(Instant now) {
        return to(now).minus(span);
    }

    /** How many buckets the chart has. */
    public long buckets() {
        return span.toMillis() / bucket.toMillis();
    }

    /** The InfluxQL duration literal of a bucket ({@code 1m}, {@code 10m}). */
    public String influxBucket() {
        return bucket.toMinutes() + "m";
    }
}
