package org.linli.gateway.noise;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DecibelsTest {
    private static final double TENTH = 0.05;

    @Test
    void shouldAverageEnergiesNotDecibels() {
        // 10·log10((10^8 + 10^6) / 2) = 10·log10(50,500,000) = 77.033; the arithmetic mean is 70.
        double laeq = Decibels.laeq(80, 60);

        assertEquals(77.0, laeq, TENTH);
        assertNotEquals(70.0, Decibels.tenth(laeq));
    }

    @Test
    void shouldCombineMinutesOfEqualSamplesLikeOneLongPeriod() {
        List<NoiseMinute> minutes = List.of(minute(80.0, 60), minute(60.0, 60));

        // Same as Decibels.laeq over all 120 samples: 10·log10((60·10^8 + 60·10^6) / 120) = 77.03.
        assertEquals(77.0, Decibels.combine(minutes), TENTH);
    }

    @Test
    void shouldWeightCombinedMinutesBySampleCount() {
        // 10·log10((30·10^8 + 90·10^6) / 120) = 10·log10(25,750,000) = 74.11
        double laeq = Decibels.combine(List.of(minute(80.0, 30), minute(60.0, 90)));

        assertEquals(74.1, Decibels.tenth(laeq));
    }

    @Test
    void shouldTakeL10AndL90ByNearestRankFromTheLoudest() {
        double[] tenLevels = {41, 42, 43, 44, 45, 46, 47, 48, 49, 50};

        // n = 10: L10 is rank ⌈1⌉ = 1 from the loudest (50), L90 rank ⌈9⌉ = 9 (42).
        assertEquals(50.0, Decibels.exceeded(tenLevels, 10));
        assertEquals(42.0, Decibels.exceeded(tenLevels, 90));
    }

    @Test
    void shouldNotDependOnTheOrderOfTheLevels() {
        double[] twenty = {20, 1, 19, 2, 18, 3, 17, 4, 16, 5, 15, 6, 14, 7, 13, 8, 12, 9, 11, 10};

        // n = 20: L10 is rank 2 from the loudest (19), L90 rank 18 (3).
        assertEquals(19.0, Decibels.exceeded(twenty, 10));
        assertEquals(3.0, Decibels.exceeded(twenty, 90));
    }

    @Test
    void shouldComputeTheRankInIntegersSoTenPercentOfSeventyIsSeven() {
        double[] seventy = IntStream.rangeClosed(1, 70).asDoubleStream().toArray();

        // Math.ceil(0.1 * 70) is 8 in doubles; the rank is 7, so L10 = 70 - 7 + 1 = 64 and
        // L90 is rank 63: 70 - 63 + 1 = 8.
        assertEquals(64.0, Decibels.exceeded(seventy, 10));
        assertEquals(8.0, Decibels.exceeded(seventy, 90));
    }

    private static NoiseMinute minute(double laeq, int samples) {
        return new NoiseMinute("noise-1", 0, laeq, laeq, laeq, laeq, laeq, samples, 60, null);
    }
}
