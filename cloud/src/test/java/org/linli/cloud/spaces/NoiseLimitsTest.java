package org.linli.cloud.spaces;

import org.junit.jupiter.api.Test;
import org.linli.cloud.rules.RuleSettings;
import org.linli.config.NoiseZone;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseLimitsTest {
    private static final ZoneId TZ = ZoneId.of("Asia/Shanghai");
    private static final RuleSettings.Noise DEFAULTS = RuleSettings.defaults().noise();

    private static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(TZ).toInstant();
    }

    @Test
    void shouldApplyTheDayLimitFromSixAndTheNightLimitFromTwentyTwo() {
        NoiseLimits limits = new NoiseLimits(NoiseZone.CLASS_1, DEFAULTS, TZ);
        assertEquals(45.0, limits.at(local("2026-11-02T05:59:59")));
        assertEquals(55.0, limits.at(local("2026-11-02T06:00")));
        assertEquals(55.0, limits.at(local("2026-11-02T21:59:59")));
        assertEquals(45.0, limits.at(local("2026-11-02T22:00")));
        assertTrue(limits.isDay(local("2026-11-02T12:00")));
        assertFalse(limits.isDay(local("2026-11-02T23:00")));
    }

    @Test
    void shouldUseTheBoundaryCapWhereItIsLower() {
        RuleSettings.Noise capped = new RuleSettings.Noise(LocalTime.of(6, 0), LocalTime.of(22, 0), null, 60.0,
                DEFAULTS.marginDb(), DEFAULTS.window(), DEFAULTS.startAfter(), DEFAULTS.endAfter(), DEFAULTS.emergenceDb(),
                DEFAULTS.impulseDb(), DEFAULTS.settle());
        NoiseLimits limits = new NoiseLimits(NoiseZone.CLASS_4A, capped, TZ);
        assertEquals(60.0, limits.at(local("2026-11-02T12:00")), "the cap 60 is under the day limit 70");
        assertEquals(55.0, limits.at(local("2026-11-02T23:00")), "the night limit 55 is under the cap");
    }

    @Test
    void shouldDrawTheLimitAsAStepAtEachPeriodChange() {
        NoiseLimits limits = new NoiseLimits(NoiseZone.CLASS_2, DEFAULTS, TZ);
        List<double[]> line = limits.line(local("2026-11-02T00:00"), local("2026-11-03T00:00"));
        assertEquals(4, line.size());
        assertEquals(List.of(local("2026-11-02T00:00"), local("2026-11-02T06:00"), local("2026-11-02T22:00"), local("2026-11-03T00:00")),
                line.stream().map(p -> Instant.ofEpochMilli((long) p[0])).toList());
        assertEquals(List.of(50.0, 60.0, 50.0, 50.0), line.stream().map(p -> p[1]).toList());
    }

    @Test
    void shouldHaveFourteenChangesInAWeek() {
        NoiseLimits limits = new NoiseLimits(NoiseZone.CLASS_1, DEFAULTS, TZ);
        assertEquals(14 + 2, limits.line(local("2026-11-02T03:00"), local("2026-11-09T03:00")).size());
    }
}
