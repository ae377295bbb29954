package org.linli.gateway.noise;

import java.util.Arrays;
import java.util.Optional;

/**
 * Cuts one sensor's dB(A) levels into clock minutes (UTC epoch minutes, aligned to :00) and sums
 * each up as a {@link NoiseMinute}.
 *
 * <p>A minute is closed when the first sample of a later minute arrives ({@link #add}), or by
 * {@link #flush} once its end plus the grace has passed, so a sensor that falls silent still closes
 * its minute. A minute without samples yields nothing. Samples may arrive out of order within the
 * open minute; a sample for a minute already closed is dropped and counted ({@link #lateSamples}).
 *
 * <p>A minute is partial when it holds fewer than {@link MinuteSettings#completeSamples()} samples,
 * or when its first sample comes more than two sample intervals after its start (the sensor started,
 * or came back, during it) or its last more than two intervals before its end (the sensor stopped).
 *
 * <p>Not thread-safe: its driver owns it and uses it on one thread.
 */
public final class MinuteAggregator {
    static final long MINUTE_MS = 60_000;

    private final String sensor;
    private final MinuteSettings settings;
    private long openMinute = Long.MIN_VALUE;
    private long closedThrough = Long.MIN_VALUE;
    private double[] levels = new double[64];
    private int count;
    private long firstMs;
    private long lastMs;
    private long late;

    public MinuteAggregator(String sensor, MinuteSettings settings) {
        this.sensor = sensor;
        this.settings = settings;
    }

    /**
     * Adds a level observed at {@code tsMs} (epoch ms).
     *
     * @return the minute this sample closed, if it is the first of a later minute
     */
    public Optional<NoiseMinute> add(long tsMs, double level) {
        if (!Double.isFinite(level)) {
            throw new IllegalArgumentException("level must be finite: " + level);
        }
        long minute = Math.floorDiv(tsMs, MINUTE_MS);
        if (minute <= closedThrough || (count > 0 && minute < openMinute)) {
            late++;
            return Optional.empty();
        }
        Optional<NoiseMinute> closed = Optional.empty();
        if (count > 0 && minute > openMinute) {
            closed = Optional.of(close());
        }
        if (count == 0) {
            openMinute = minute;
            firstMs = tsMs;
            lastMs = tsMs;
        }
        if (count == levels.length) {
            levels = Arrays.copyOf(levels, count * 2);
        }
        levels[count++] = level;
        firstMs = Math.min(firstMs, tsMs);
        lastMs = Math.max(lastMs, tsMs);
        return closed;
    }

    /** Closes the open minute if {@code nowMs} is past its end plus the grace. */
    public Optional<NoiseMinute> flush(long nowMs) {
        if (count > 0 && nowMs >= (openMinute + 1) * MINUTE_MS + settings.grace().toMillis()) {
            return Optional.of(close());
        }
        return Optional.empty();
    }

    /** Closes the open minute now, e.g. when the driver stops; it is then usually partial. */
    public Optional<NoiseMinute> closeNow() {
        return count > 0 ? Optional.of(close()) : Optional.empty();
    }

    /** Samples dropped because their minute had already been closed. */
    public long lateSamples() {
        return late;
    }

    private NoiseMinute close() {
        double[] minute = Arrays.copyOf(levels, count);
        long start = openMinute * MINUTE_MS;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double level : minute) {
            max = Math.max(max, level);
            min = Math.min(min, level);
        }
        NoiseMinute result = new NoiseMinute(sensor, start, Decibels.laeq(minute), max, min,
                Decibels.exceeded(minute, 10), Decibels.exceeded(minute, 90), count, settings.expectedSamples(),
                partial(start));
        closedThrough = openMinute;
        count = 0;
        return result;
    }

    private String partial(long start) {
        long slack = 2 * settings.sampleInterval().toMillis();
        boolean few = count < settings.completeSamples();
        boolean lateStart = firstMs - start > slack;
        boolean earlyStop = start + MINUTE_MS - lastMs > slack;
        if (!few && !lateStart && !earlyStop) {
            return null;
        }
        StringBuilder why = new StringBuilder("partial minute: ").append(count).append(" of ")
                .append(settings.expectedSamples()).append(" samples");
        if (lateStart) {
            why.append(", started ").append((firstMs - start) / 1000).append(" s in");
        }
        if (earlyStop) {
            why.append(", stopped ").append((start + MINUTE_MS - lastMs) / 1000).append(" s before the end");
        }
        return why.toString();
    }
}
