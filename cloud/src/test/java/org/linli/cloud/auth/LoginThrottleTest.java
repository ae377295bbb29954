package org.linli.cloud.auth;

import org.junit.jupiter.api.Test;
import org.linli.cloud.ingest.TestClock;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginThrottleTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T08:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock, 5, Duration.ofMinutes(1), Duration.ofMinutes(15), 100);

    private void fail(int times, String user, String ip) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, ip);
        }
    }

    @Test
    void shouldLockAfterFiveFailuresInARow() {
        fail(4, "li", "10.0.0.1");
        assertEquals(Optional.empty(), throttle.lockedFor("li", "10.0.0.1"));
        assertTrue(throttle.failed("li", "10.0.0.1"), "the fifth failure locks");
        assertEquals(Optional.of(Duration.ofMinutes(1)), throttle.lockedFor("li", "10.0.0.1"));
    }

    @Test
    void shouldUnlockAfterTheLockTime() {
        fail(5, "li", "10.0.0.1");
        clock.advance(Duration.ofSeconds(59));
        assertTrue(throttle.lockedFor("li", "10.0.0.1").isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), throttle.lockedFor("li", "10.0.0.1"));
        assertFalse(throttle.failed("li", "10.0.0.1"), "the count starts again after a lock");
    }

    @Test
    void shouldKeepPairsApart() {
        fail(5, "li", "10.0.0.1");
        assertEquals(Optional.empty(), throttle.lockedFor("li", "10.0.0.2"));
        assertEquals(Optional.empty(), throttle.lockedFor("wang", "10.0.0.1"));
    }

    @Test
    void shouldTreatUserNamesCaseInsensitively() {
        fail(5, "Li ", "10.0.0.1");
        assertTrue(throttle.lockedFor("li", "10.0.0.1").isPresent());
    }

    @Test
    void shouldForgetFailuresAfterASuccess() {
        fail(4, "li", "10.0.0.1");
        throttle.succeeded("li", "10.0.0.1");
        assertFalse(throttle.failed("li", "10.0.0.1"));
    }

    @Test
    void shouldForgetOldFailures() {
        fail(4, "li", "10.0.0.1");
        clock.advance(Duration.ofMinutes(15));
        assertFalse(throttle.failed("li", "10.0.0.1"));
    }

    @Test
    void shouldCountFailuresLocksAndRefusals() {
        fail(5, "li", "10.0.0.1");
        throttle.lockedFor("li", "10.0.0.1");
        throttle.lockedFor("li", "10.0.0.1");
        assertEquals(new LoginThrottle.Counts(5, 1, 2), throttle.counts());
    }

    @Test
    void shouldHoldABoundedNumberOfPairs() {
        LoginThrottle small = new LoginThrottle(clock, 5, Duration.ofMinutes(1), Duration.ofMinutes(15), 3);
        for (int i = 0; i < 10; i++) {
            small.failed("user" + i, "10.0.0.1");
            clock.advance(Duration.ofSeconds(1));
        }
        for (int i = 0; i < 4; i++) {
            small.failed("user9", "10.0.0.1");
        }
        assertTrue(small.lockedFor("user9", "10.0.0.1").isPresent(), "the newest pair is kept");
    }
}
