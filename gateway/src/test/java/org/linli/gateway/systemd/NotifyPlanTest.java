package org.linli.gateway.systemd;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotifyPlanTest {
    private static final String SOCKET = "/run/systemd/notify";

    @Test
    void shouldDoNothingWithoutANotifySocket() {
        assertEquals(NotifyPlan.OFF, NotifyPlan.from(Map.of("WATCHDOG_USEC", "30000000"), 42));
        assertEquals(NotifyPlan.OFF, NotifyPlan.from(Map.of("NOTIFY_SOCKET", " "), 42));
    }

    @Test
    void shouldNotifyWithoutAWatchdogWhenNoneIsAskedFor() {
        NotifyPlan plan = NotifyPlan.from(Map.of("NOTIFY_SOCKET", SOCKET), 42);

        assertTrue(plan.enabled());
        assertFalse(plan.watchdog());
        assertNull(plan.note());
    }

    @Test
    void shouldPingAtHalfTheWatchdogTimeout() {
        NotifyPlan plan = NotifyPlan.from(Map.of("NOTIFY_SOCKET", SOCKET, "WATCHDOG_USEC", "30000000"), 42);

        assertEquals(Duration.ofSeconds(15), plan.watchdogInterval());
    }

    @Test
    void shouldPingWhenTheWatchdogPidIsThisProcess() {
        NotifyPlan plan = NotifyPlan.from(Map.of("NOTIFY_SOCKET", SOCKET, "WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "42"), 42);

        assertEquals(Duration.ofSeconds(1), plan.watchdogInterval());
    }

    @Test
    void shouldNotPingForAnotherProcess() {
        NotifyPlan plan = NotifyPlan.from(Map.of("NOTIFY_SOCKET", SOCKET, "WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "7"), 42);

        assertTrue(plan.enabled());
        assertFalse(plan.watchdog());
        assertEquals("WATCHDOG_PID 7 is not this process (42)", plan.note());
    }

    @Test
    void shouldExplainAWatchdogTimeoutItCannotRead() {
        assertEquals("WATCHDOG_USEC '30s' is not a number",
                NotifyPlan.from(Map.of("NOTIFY_SOCKET", SOCKET, "WATCHDOG_USEC", "30s"), 42).note());
        assertEquals("WATCHDOG_USEC 0 is not positive",
                NotifyPlan.from(Map.of("NOTIFY_SOCKET", SOCKET, "WATCHDOG_USEC", "0"), 42).note());
    }
}
