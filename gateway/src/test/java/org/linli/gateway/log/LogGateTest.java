package org.linli.gateway.log;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogGateTest {
    private final LogGate gate = new LogGate(Duration.ofMinutes(1));

    @Test
    void shouldLetTheFirstLineOfAKeyThrough() {
        assertEquals(0, gate.admit("park-3", 1_000));
    }

    @Test
    void shouldHoldBackLinesWithinTheIntervalAndCountThem() {
        gate.admit("park-3", 1_000);

        assertEquals(LogGate.SUPPRESS, gate.admit("park-3", 2_000));
        assertEquals(LogGate.SUPPRESS, gate.admit("park-3", 60_999));
        assertEquals(2, gate.admit("park-3", 61_000));
    }

    @Test
    void shouldGateEachKeyOnItsOwn() {
        gate.admit("park-3", 1_000);

        assertEquals(0, gate.admit("park-4", 1_001));
    }
}
