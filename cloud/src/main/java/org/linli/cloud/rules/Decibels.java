package org.linli.cloud.rules;

import java.util.Collection;

/**
 * Level arithmetic in dB. Levels are logarithms of energy, so they are averaged as energy:
 * LAeq = 10·log10(mean of 10^(L/10)). An arithmetic mean of dB values is wrong (60 s at 80 dB and
 * 60 s at 60 dB give 77.0 dB, not 70).
 */
public final class Decibels {

    private Decibels() {
    }

    /** The relative energy of a level: 10^(L/10). */
    public static double energy(double levelDb) {
        return Math.pow(10.0, levelDb / 10.0);
    }

    /** The level of a relative energy: 10·log10(E). */
    public static double level(double energy) {
        return 10.0 * Math.log10(energy);
    }

    /** The energy average of equal-length intervals; NaN for none. */
    public static double energyAverage(Collection<Double> levelsDb) {
        if (levelsDb.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (double l : levelsDb) {
            sum += energy(l);
        }
        return level(sum / levelsDb.size());
    }
}
