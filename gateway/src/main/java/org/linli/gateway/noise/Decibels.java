package org.linli.gateway.noise;

import java.util.Arrays;
import java.util.Collection;

/**
 * Level arithmetic on dB values: energy averages and exceedance levels.
 *
 * <p>Decibels are logarithmic, so they are averaged as energies: LAeq = 10·log10(mean(10^(Li/10))).
 * An arithmetic mean of dB values is wrong (60 s at 80 dB and 60 s at 60 dB give 77.0 dB, not 70).
 *
 * <p>LN, the level exceeded N % of the time, is taken by <em>nearest rank</em> on the levels sorted
 * from loudest to quietest: LN is the level at rank k = ⌈N·n/100⌉ (1-based), so at least N % of
 * the samples are at or above it. With n = 60: L10 is the 6th loudest sample, L90 the 54th loudest
 * (the 7th quietest). The rank is computed in integers, so 10 % of 60 is exactly 6.
 */
public final class Decibels {

    private Decibels() {
    }

    /** The energy average of {@code levels} (dB); at least one level. */
    public static double laeq(double... levels) {
        if (levels.length == 0) {
            throw new IllegalArgumentException("no levels");
        }
        double energy = 0;
        for (double level : levels) {
            energy += energy(level);
        }
        return level(energy / levels.length);
    }

    /**
     * The LAeq over several minutes, each weighted by its sample count: the same value as the LAeq
     * of all their samples together.
     */
    public static double combine(Collection<NoiseMinute> minutes) {
        double energy = 0;
        long samples = 0;
        for (NoiseMinute m : minutes) {
            energy += m.samples() * energy(m.laeq());
            samples += m.samples();
        }
        if (samples == 0) {
            throw new IllegalArgumentException("no samples");
        }
        return level(energy / samples);
    }

    /**
     * LN by nearest rank (see the class comment).
     *
     * @param levels  at least one level, in any order (not changed)
     * @param percent N, 1–99
     */
    public static double exceeded(double[] levels, int percent) {
        if (levels.length == 0) {
            throw new IllegalArgumentException("no levels");
        }
        if (percent < 1 || percent > 99) {
            throw new IllegalArgumentException("percent must be 1-99: " + percent);
        }
        double[] ascending = levels.clone();
        Arrays.sort(ascending);
        int n = ascending.length;
        int rank = (percent * n + 99) / 100; // ⌈N·n/100⌉, 1-based from the loudest
        return ascending[n - rank];
    }

    /** Rounds to 0.1 dB, the resolution levels are reported with. */
    public static double tenth(double db) {
        return Math.round(db * 10) / 10.0;
    }

    private static double energy(double db) {
        return Math.pow(10, db / 10);
    }

    private static double level(double energy) {
        return 10 * Math.log10(energy);
    }
}
