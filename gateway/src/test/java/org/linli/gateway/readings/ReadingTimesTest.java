package org.linli.gateway.readings;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReadingTimesTest {
    private static final long T0 = 1_763_800_000_000L;

    @Test
    void shouldGiveTheObservedTimeWhenItIsNewForTheSensor() {
        ReadingTimes times = new ReadingTimes(Clock.systemUTC());

        assertEquals(T0, times.stamp("pir-1", T0));
        assertEquals(T0 + 5, times.stamp("pir-1", T0 + 5));
    }

    @Test
    void shouldMoveASecondReadingInTheSameMillisecondOneMillisecondLater() {
        ReadingTimes times = new ReadingTimes(Clock.systemUTC());

        assertEquals(T0, times.stamp("pir-1", T0));
        assertEquals(T0 + 1, times.stamp("pir-1", T0));
        assertEquals(T0 + 2, times.stamp("pir-1", T0));
        assertEquals(T0 + 3, times.stamp("pir-1", T0 + 1));
    }

    @Test
    void shouldKeepEachSensorsTimestampsApart() {
        ReadingTimes times = new ReadingTimes(Clock.systemUTC());

        times.stamp("pir-1", T0);
        times.stamp("pir-1", T0);

        assertEquals(T0, times.stamp("park-3", T0));
    }

    @Test
    void shouldStayIncreasingWhenTheClockStepsBack() {
        ReadingTimes times = new ReadingTimes(Clock.systemUTC());

        times.stamp("pir-1", T0);

        assertEquals(T0 + 1, times.stamp("pir-1", T0 - 60_000));
    }

    @Test
    void shouldTakeNowFromTheInjectedClock() {
        ReadingTimes times = new ReadingTimes(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));

        assertEquals(T0, times.now("pir-1"));
        assertEquals(T0 + 1, times.now("pir-1"));
    }
}
