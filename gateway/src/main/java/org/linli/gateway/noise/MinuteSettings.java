package org.linli.gateway.noise;

import java.time.Duration;

/**
 * How a sensor's levels are cut into minutes.
 *
 * @param sampleInterval how often the sensor gives a level; a whole minute holds 60 s / interval samples
 * @param completeShare  the share of those samples a minute needs not to be partial, e.g. 0.9
 * @param grace          how long after a minute's end a late sample may still arrive; a minute
 *                       nobody closes with a later sample is closed at end + grace
 */
public record MinuteSettings(Duration sampleInterval, double completeShare, Duration grace) {

    public MinuteSettings {
        if (sampleInterval.isNegative() || sampleInterval.isZero() || sampleInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("sampleInterval must be more than 0 and at most 1 minute: " + sampleInterval);
        }
        if (!(completeShare > 0 && completeShare <= 1)) {
            throw new IllegalArgumentException("completeShare must be more than 0 and at most 1: " + completeShare);
        }
        if (grace.isNegative() || grace.compareTo(Duration.ofMinutes(1)) >= 0) {
            throw new IllegalArgumentException("grace must be 0 or more and under 1 minute: " + grace);
        }
    }

    /** 1 s samples, 90 % of them for a whole minute, 2 s grace. */
    public static MinuteSettings defaults() {
        return new MinuteSettings(Duration.ofSeconds(1), 0.9, Duration.ofSeconds(2));
    }

    /** Samples in a whole minute. */
    public int expectedSamples() {
        return (int) (MinuteAggregator.MINUTE_MS / sampleInterval.toMillis());
    }

    /** The fewest samples a minute may hold and still be whole. */
    public int completeSamples() {
        return (int) Math.ceil(completeShare * expectedSamples() - 1e-9);
    }
}
