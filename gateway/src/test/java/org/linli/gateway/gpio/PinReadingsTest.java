package org.linli.gateway.gpio;

import org.junit.jupiter.api.Test;
import org.linli.config.Pull;
import org.linli.config.SensorBinding;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;
import org.linli.gateway.readings.ReadingTimes;
import org.linli.gateway.testing.MutableClock;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinReadingsTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final SensorSpec PIR = pin("pir-1", SensorKind.PIR, false);
    private static final SensorSpec BEAM_ACTIVE_LOW = pin("beam-1", SensorKind.BEAM, true);

    private final PinReadings readings = new PinReadings(new ReadingTimes(Clock.systemUTC()));

    @Test
    void shouldReportAHighLineAsOneUnderTheKindsValueName() {
        Reading r = readings.level(PIR, true, T0).orElseThrow();

        assertEquals(new Reading("pir-1", T0, Map.of("occupied", 1.0), "bool", Quality.GOOD, null), r);
    }

    @Test
    void shouldInvertTheLevelOfAnActiveLowSensor() {
        assertEquals(Map.of("blocked", 1.0), readings.level(BEAM_ACTIVE_LOW, false, T0).orElseThrow().values());
        assertEquals(Map.of("blocked", 0.0), readings.level(BEAM_ACTIVE_LOW, true, T0 + 1).orElseThrow().values());
    }

    @Test
    void shouldGiveNoReadingWhenTheLevelHasNotChanged() {
        readings.level(PIR, true, T0);

        assertEquals(Optional.empty(), readings.level(PIR, true, T0 + 10));
    }

    @Test
    void shouldStampTwoChangesInOneMillisecondOneMillisecondApart() {
        Reading up = readings.level(PIR, true, T0).orElseThrow();
        Reading down = readings.level(PIR, false, T0).orElseThrow();

        assertEquals(T0, up.ts());
        assertEquals(T0 + 1, down.ts());
    }

    @Test
    void shouldReportTheNextLevelAfterAnUnreadableOne() {
        readings.level(PIR, true, T0);

        Reading error = readings.unreadable(PIR, "pin level unknown", T0 + 1);

        assertEquals(Quality.ERROR, error.quality());
        assertTrue(readings.level(PIR, true, T0 + 2).isPresent());
    }

    @Test
    void shouldHoldAPirThatDropsForLessThanItsHoldTime() {
        MutableClock clock = new MutableClock(T0);
        PinReadings held = new PinReadings(new ReadingTimes(clock), Duration.ofSeconds(60));
        SensorSpec pir = new SensorSpec("pir-2", SensorKind.PIR, "plaza-east",
                new SensorBinding.GpioInput(17, Pull.DOWN, Duration.ofMillis(50), false), Duration.ofSeconds(30));
        held.level(pir, true, T0);

        assertEquals(Optional.empty(), held.level(pir, false, T0 + 5_000));
        clock.set(T0 + 20_000);
        assertEquals(List.of(), held.tick());
        assertEquals(Optional.empty(), held.level(pir, true, T0 + 20_000), "back within the hold: no vacant, no occupied");
        held.level(pir, false, T0 + 21_000);
        clock.set(T0 + 51_000);

        assertEquals(List.of(new Reading("pir-2", T0 + 51_000, Map.of("occupied", 0.0), "bool", Quality.GOOD, null)), held.tick());
    }

    @Test
    void shouldRepeatEverySensorsStateOncePerStateInterval() {
        MutableClock clock = new MutableClock(T0);
        PinReadings periodic = new PinReadings(new ReadingTimes(clock), Duration.ofSeconds(60));
        periodic.level(PIR, true, T0);
        periodic.level(BEAM_ACTIVE_LOW, true, T0 + 30_000);

        clock.set(T0 + 60_000);
        assertEquals(List.of(new Reading("pir-1", T0 + 60_000, Map.of("occupied", 1.0), "bool", Quality.GOOD, null)),
                periodic.tick());
        clock.set(T0 + 90_000);
        assertEquals(List.of(new Reading("beam-1", T0 + 90_000, Map.of("blocked", 0.0), "bool", Quality.GOOD, null)),
                periodic.tick());
        assertEquals(List.of(), periodic.tick());
    }

    @Test
    void shouldNotRepeatAStateItCouldNotRead() {
        MutableClock clock = new MutableClock(T0);
        PinReadings periodic = new PinReadings(new ReadingTimes(clock), Duration.ofSeconds(60));
        periodic.level(PIR, true, T0);
        periodic.unreadable(PIR, "pin level unknown", T0 + 1);

        clock.set(T0 + 120_000);
        assertEquals(List.of(), periodic.tick());
    }

    static SensorSpec pin(String id, SensorKind kind, boolean activeLow) {
        return new SensorSpec(id, kind, "plaza-east",
                new SensorBinding.GpioInput(17, Pull.DOWN, Duration.ofMillis(50), activeLow));
    }
}
