package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogThrottleTest {
    private final TestClock clock = new TestClock(Instant.parse("2025-11-22T08:00:00Z"));
    private final LogThrottle throttle = new LogThrottle(clock, Duration.ofMinutes(1));

    @Test
    void shouldLetTheFirstLineThrough() {
        assertEquals(OptionalLong.of(0), throttle.acquire("not-json"));
    }

    @Test
    void shouldHoldBackRepeatsWithinTheIntervalAndCountThem() {
        throttle.acquire("not-json");
        assertTrue(throttle.acquire("not-json").isEmpty());
        assertTrue(throttle.acquire("not-json").isEmpty());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(OptionalLong.of(2), throttle.acquire("not-json"));
    }

    @Test
    void shouldThrottleEachKeyOnItsOwn() {
        throttle.acquire("not-json");
        assertEquals(OptionalLong.of(0), throttle.acquire("too-large"));
    }
}
