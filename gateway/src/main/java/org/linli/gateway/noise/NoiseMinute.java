package org.linli.gateway.noise;

import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.util.Map;

/**
 * The noise of one sensor over one clock minute (UTC), from its ~1 s dB(A) levels.
 *
 * @param sensor   sensor id
 * @param startMs  the minute's start, epoch ms (a multiple of 60,000)
 * @param laeq     energy average, dB(A)
 * @param lmax     loudest sample
 * @param lmin     quietest sample
 * @param l10      level exceeded by 10 % of the samples (peaks), see {@link Decibels#exceeded}
 * @param l90      level exceeded by 90 % of the samples (background)
 * @param samples  how many samples the minute holds
 * @param expected how many a whole minute holds (60 s / sample interval)
 * @param partial  why the minute does not cover the whole minute, or null when it does
 */
public record NoiseMinute(String sensor, long startMs, double laeq, double lmax, double lmin, double l10, double l90,
                          int samples, int expected, String partial) {

    /** Whether the minute is missing samples, or the sensor started or stopped during it. */
    public boolean isPartial() {
        return partial != null;
    }

    /**
     * The minute as a reading at its start time: values {@code laeq, lmax, lmin, l10, l90} (rounded
     * to 0.1 dB) and {@code samples}, unit dBA; {@link Quality#SUSPECT} with the reason when partial.
     */
    public Reading toReading(String unit) {
        Map<String, Double> values = Map.of(
                "laeq", Decibels.tenth(laeq),
                "lmax", Decibels.tenth(lmax),
                "lmin", Decibels.tenth(lmin),
                "l10", Decibels.tenth(l10),
                "l90", Decibels.tenth(l90),
                "samples", (double) samples);
        return new Reading(sensor, startMs, values, unit, isPartial() ? Quality.SUSPECT : Quality.GOOD, partial);
    }
}
