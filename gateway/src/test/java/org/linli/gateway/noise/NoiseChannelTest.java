package org.linli.gateway.noise;

import org.junit.jupiter.api.Test;
import org.linli.config.SensorBinding;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;
import org.linli.gateway.readings.ReadingTimes;
import org.linli.gateway.testing.MutableClock;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.noise.MinuteAggregatorTest.T0;

class NoiseChannelTest {
    static final SensorSpec NOISE = new SensorSpec("noise-1", SensorKind.NOISE_MODULE, "plaza-east",
            new SensorBinding.I2cDevice(1, 0x30));

    private final MutableClock clock = new MutableClock(T0);
    private final NoiseChannel channel = new NoiseChannel(NOISE, MinuteSettings.defaults(), Duration.ofSeconds(10),
            new ReadingTimes(clock), T0);

    @Test
    void shouldReportEachLevelAsARawReading() {
        List<Reading> out = channel.level(T0 + 500, 63.0);

        assertEquals(List.of(new Reading("noise-1", T0 + 500, Map.of("la", 63.0), "dBA", Quality.GOOD, null)), out);
    }

    @Test
    void shouldReportTheMinuteWhenTheNextMinutesFirstLevelArrives() {
        for (int i = 0; i < 60; i++) {
            assertEquals(1, channel.level(T0 + 500 + i * 1000L, 55.0).size());
        }

        List<Reading> out = channel.level(T0 + 60_500, 55.0);

        assertEquals(2, out.size());
        assertEquals(T0, out.get(0).ts());
        assertEquals(Map.of("laeq", 55.0, "lmax", 55.0, "lmin", 55.0, "l10", 55.0, "l90", 55.0, "samples", 60.0),
                out.get(0).values());
        assertEquals(Map.of("la", 55.0), out.get(1).values());
    }

    @Test
    void shouldNeverStampARawReadingOnAWholeMinute() {
        long ts = channel.level(T0 + 60_000, 60.0).get(0).ts();

        assertEquals(T0 + 60_001, ts);
    }

    @Test
    void shouldReportOneErrorPerFailureStreakAndResumeWithAGoodReading() {
        channel.level(T0 + 500, 60.0);

        List<Reading> first = channel.failure(T0 + 1_500, "I2C read failed: EIO");
        List<Reading> second = channel.failure(T0 + 2_500, "I2C read failed: EIO");
        List<Reading> back = channel.level(T0 + 3_500, 61.0);
        List<Reading> again = channel.failure(T0 + 4_500, "I2C read failed: EIO");

        assertEquals(List.of(Reading.status("noise-1", T0 + 1_500, Quality.ERROR, "I2C read failed: EIO")), first);
        assertTrue(second.isEmpty());
        assertEquals(Quality.GOOD, back.get(0).quality());
        assertEquals(1, again.size());
    }

    @Test
    void shouldReportASensorSilentForMoreThanTenSecondsOfflineOnce() {
        channel.level(T0 + 500, 60.0);

        assertTrue(channel.tick(T0 + 10_500).isEmpty());
        List<Reading> offline = channel.tick(T0 + 10_501);
        List<Reading> later = channel.tick(T0 + 30_000);

        assertEquals(List.of(Reading.status("noise-1", T0 + 10_501, Quality.OFFLINE, "no level for 10 s")), offline);
        assertTrue(later.isEmpty());
        assertEquals(Quality.GOOD, channel.level(T0 + 31_000, 60.0).get(0).quality());
    }

    @Test
    void shouldCloseASilentSensorsMinuteOnATickAfterTheGrace() {
        channel.level(T0 + 500, 60.0);
        channel.failure(T0 + 1_500, "I2C read failed: EIO");

        List<Reading> out = channel.tick(T0 + 62_000);

        assertEquals(1, out.size());
        assertEquals(T0, out.get(0).ts());
        assertEquals(Quality.SUSPECT, out.get(0).quality());
        assertEquals("partial minute: 1 of 60 samples, stopped 59 s before the end", out.get(0).message());
    }
}
