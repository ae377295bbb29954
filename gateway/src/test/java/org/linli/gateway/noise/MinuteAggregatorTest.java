package org.linli.gateway.noise;

import org.junit.jupiter.api.Test;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinuteAggregatorTest {
    /** A whole UTC minute: 2025-11-22T08:27:00Z. */
    static final long T0 = 29_396_667L * 60_000;
    private static final double TENTH = 0.05;

    private final MinuteAggregator minutes = new MinuteAggregator("noise-1", MinuteSettings.defaults());

    @Test
    void shouldGiveTwoMinutesOf80And60dBWhoseCombinedLaeqIs77() {
        List<NoiseMinute> closed = new ArrayList<>();
        fill(0, 80.0, closed);
        fill(1, 60.0, closed);
        minutes.flush(T0 + 122_000).ifPresent(closed::add);

        assertEquals(2, closed.size());
        assertEquals(80.0, closed.get(0).laeq(), TENTH);
        assertEquals(60.0, closed.get(1).laeq(), TENTH);
        assertEquals(T0, closed.get(0).startMs());
        assertEquals(T0 + 60_000, closed.get(1).startMs());
        // 10·log10((60·10^8 + 60·10^6) / 120) = 77.03
        assertEquals(77.0, Decibels.tenth(Decibels.combine(closed)));
    }

    @Test
    void shouldReportAConstantMinuteAsItsLevelEverywhere() {
        List<NoiseMinute> closed = new ArrayList<>();
        fill(0, 55.0, closed);
        NoiseMinute m = minutes.closeNow().orElseThrow();

        assertEquals(55.0, m.laeq(), 1e-9);
        assertEquals(55.0, m.l10());
        assertEquals(55.0, m.l90());
        assertEquals(55.0, m.lmax());
        assertEquals(55.0, m.lmin());
        assertEquals(60, m.samples());
        assertFalse(m.isPartial());
    }

    @Test
    void shouldLetOneLoudSecondDominateTheLaeqButNotL90() {
        NoiseMinute m = minute(i -> i == 30 ? 90.0 : 50.0);

        // 10·log10((59·10^5 + 1·10^9) / 60) = 10·log10(16,765,000) = 72.244 → 72.2 dB
        assertEquals(72.244, m.laeq(), 0.001);
        assertEquals(72.2, Decibels.tenth(m.laeq()));
        assertEquals(90.0, m.lmax());
        assertEquals(50.0, m.lmin());
        // L10 is the 6th loudest of 60 samples: 50; L90 the 54th loudest: 50.
        assertEquals(50.0, m.l10());
        assertEquals(50.0, m.l90());
    }

    @Test
    void shouldNotBeTheArithmeticMean() {
        NoiseMinute m = minute(i -> i < 30 ? 80.0 : 60.0);

        // Arithmetic mean: 70.0. Energy average: 10·log10((30·10^8 + 30·10^6) / 60) = 77.03.
        assertEquals(77.0, Decibels.tenth(m.laeq()));
        assertNotEquals(70.0, Decibels.tenth(m.laeq()));
    }

    @Test
    void shouldMarkAMinuteWith41Of60SamplesPartial() {
        // Seconds 20-38 missing: 41 samples, the first at +0.5 s and the last at +59.5 s.
        NoiseMinute m = minute(i -> i >= 20 && i <= 38 ? null : 60.0);

        assertEquals(41, m.samples());
        assertEquals("partial minute: 41 of 60 samples", m.partial());
        Reading r = m.toReading("dBA");
        assertEquals(Quality.SUSPECT, r.quality());
        assertEquals("partial minute: 41 of 60 samples", r.message());
    }

    @Test
    void shouldKeepAMinuteWithNinetyPercentOfItsSamplesWhole() {
        NoiseMinute m = minute(i -> i % 10 == 5 ? null : 60.0); // 54 of 60

        assertEquals(54, m.samples());
        assertNull(m.partial());
    }

    @Test
    void shouldMarkAMinuteTheSensorStartedInPartialEvenWithEnoughSamples() {
        NoiseMinute m = minute(i -> i < 5 ? null : 60.0); // 55 samples, the first at +5.5 s

        assertEquals("partial minute: 55 of 60 samples, started 5 s in", m.partial());
    }

    @Test
    void shouldMarkAMinuteTheSensorStoppedInPartial() {
        for (int i = 0; i < 30; i++) {
            assertTrue(minutes.add(T0 + 500 + i * 1000L, 60.0).isEmpty());
        }
        NoiseMinute m = minutes.flush(T0 + 62_000).orElseThrow();

        assertEquals("partial minute: 30 of 60 samples, stopped 30 s before the end", m.partial());
    }

    @Test
    void shouldCloseAMinuteOnTheFirstSampleOfTheNextOne() {
        minutes.add(T0 + 500, 60.0);
        assertTrue(minutes.add(T0 + 59_999, 62.0).isEmpty());

        Optional<NoiseMinute> closed = minutes.add(T0 + 60_000, 64.0);

        assertEquals(T0, closed.orElseThrow().startMs());
        assertEquals(2, closed.orElseThrow().samples());
        assertEquals(64.0, minutes.closeNow().orElseThrow().lmax());
    }

    @Test
    void shouldCloseASilentSensorsMinuteAfterTheGraceOnly() {
        minutes.add(T0 + 500, 60.0);

        assertTrue(minutes.flush(T0 + 61_999).isEmpty());
        assertEquals(T0, minutes.flush(T0 + 62_000).orElseThrow().startMs());
        assertTrue(minutes.flush(T0 + 200_000).isEmpty());
    }

    @Test
    void shouldEmitNothingForMinutesWithoutSamplesAcrossAGap() {
        List<NoiseMinute> closed = new ArrayList<>();
        fill(0, 60.0, closed);

        minutes.add(T0 + 3 * 60_000 + 500, 70.0).ifPresent(closed::add);
        minutes.flush(T0 + 4 * 60_000 + 2_000).ifPresent(closed::add);

        assertEquals(List.of(T0, T0 + 3 * 60_000), closed.stream().map(NoiseMinute::startMs).toList());
        assertEquals(1, closed.get(1).samples());
    }

    @Test
    void shouldCountASampleArrivingOutOfOrderWithinItsMinute() {
        minutes.add(T0 + 10_500, 60.0);
        minutes.add(T0 + 5_500, 70.0);

        NoiseMinute m = minutes.closeNow().orElseThrow();

        assertEquals(2, m.samples());
        assertEquals(70.0, m.lmax());
        assertEquals(0, minutes.lateSamples());
    }

    @Test
    void shouldDropAndCountASampleOfAMinuteAlreadyClosed() {
        minutes.add(T0 + 500, 60.0);
        minutes.add(T0 + 60_500, 60.0);

        assertTrue(minutes.add(T0 + 59_000, 90.0).isEmpty());

        assertEquals(1, minutes.lateSamples());
        assertEquals(60.0, minutes.closeNow().orElseThrow().lmax());
    }

    @Test
    void shouldTurnAMinuteIntoAReadingAtItsStart() {
        NoiseMinute m = minute(i -> i == 30 ? 90.0 : 50.0);

        Reading r = m.toReading("dBA");

        assertEquals(new Reading("noise-1", T0, Map.of("laeq", 72.2, "lmax", 90.0, "lmin", 50.0, "l10", 50.0,
                "l90", 50.0, "samples", 60.0), "dBA", Quality.GOOD, null), r);
    }

    /** One minute from a level per second at +0.5 s, +1.5 s … (null: no sample that second). */
    private NoiseMinute minute(java.util.function.IntFunction<Double> level) {
        for (int i = 0; i < 60; i++) {
            Double db = level.apply(i);
            if (db != null) {
                assertTrue(minutes.add(T0 + 500 + i * 1000L, db).isEmpty());
            }
        }
        return minutes.flush(T0 + 62_000).orElseThrow();
    }

    private void fill(int minute, double db, List<NoiseMinute> closed) {
        for (int i = 0; i < 60; i++) {
            minutes.add(T0 + minute * 60_000L + 500 + i * 1000L, db).ifPresent(closed::add);
        }
    }
}
