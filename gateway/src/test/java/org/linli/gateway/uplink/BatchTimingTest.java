package org.linli.gateway.uplink;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchTimingTest {
    private static final long T = 1_763_800_000_000L;
    private final BatchTiming timing = new BatchTiming(200, 1000);

    @Test
    void shouldSendTheFirstReadingAfterAStartAtOnce() {
        assertEquals(T, timing.dueAt(1, T, true, BatchTiming.NEVER));
    }

    @Test
    void shouldSendALoneReadingOnAQuietPipeAtOnce() {
        assertEquals(T, timing.dueAt(1, T, true, T - 5000));
    }

    @Test
    void shouldWaitTheBatchDelayWhileABatchIsInFlight() {
        assertEquals(T + 1000, timing.dueAt(1, T, false, T - 5000));
    }

    @Test
    void shouldNotSendASecondEarlyBatchWithinTheDelay() {
        // The previous batch left 200 ms ago and is acknowledged already: a LAN-fast PUBACK must not
        // turn every reading into a batch of its own.
        assertEquals(T + 800, timing.dueAt(1, T, true, T - 200));
    }

    @Test
    void shouldNeverWaitLongerThanTheBatchDelay() {
        assertEquals(T + 1000, timing.dueAt(5, T, true, T + 900));
    }

    @Test
    void shouldSendAFullBatchAtOnce() {
        assertEquals(Long.MIN_VALUE, timing.dueAt(200, T, false, T));
    }

    @Test
    void shouldNotBeDueWithNothingPending() {
        assertEquals(Long.MAX_VALUE, timing.dueAt(0, -1, true, BatchTiming.NEVER));
    }

    @Test
    void shouldSendReadingsKeptFromBeforeARestartAtOnce() {
        assertEquals(1000, timing.dueAt(3, 0, false, BatchTiming.NEVER), "pendingSince 0: long overdue");
    }
}
