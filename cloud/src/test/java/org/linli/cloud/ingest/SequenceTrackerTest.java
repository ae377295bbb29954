package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;
import org.linli.cloud.ingest.SequenceTracker.Outcome;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceTrackerTest {
    private final TestClock clock = new TestClock(Instant.parse("2025-11-22T08:00:00Z"));
    private final SequenceTracker tracker = new SequenceTracker(clock, 3);

    @Test
    void shouldTakeTheFirstBatchOfAGatewayAsNewWhateverItsNumber() {
        assertEquals(Outcome.NEW, tracker.record("gw-01", "boot-a", 5000).outcome());
        assertTrue(tracker.recentGaps().isEmpty());
    }

    @Test
    void shouldSeeABatchOnlyAfterItIsRecorded() {
        assertFalse(tracker.seen("gw-01", "boot-a", 1));
        tracker.record("gw-01", "boot-a", 1);
        assertTrue(tracker.seen("gw-01", "boot-a", 1));
        assertFalse(tracker.seen("gw-01", "boot-a", 2));
    }

    @Test
    void shouldCallTheSameNumberInTheSameBootADuplicate() {
        tracker.record("gw-01", "boot-a", 1);
        tracker.record("gw-01", "boot-a", 2);
        assertEquals(Outcome.DUPLICATE, tracker.record("gw-01", "boot-a", 1).outcome());
    }

    @Test
    void shouldNotConfuseTheSameNumberOfAnotherBootOrGateway() {
        tracker.record("gw-01", "boot-a", 7);
        assertFalse(tracker.seen("gw-01", "boot-b", 7));
        assertFalse(tracker.seen("gw-02", "boot-a", 7));
    }

    @Test
    void shouldRecordAGapWithItsBoundsAndTime() {
        tracker.record("gw-01", "boot-a", 1);
        clock.advance(Duration.ofMinutes(1));
        SequenceTracker.Recorded r = tracker.record("gw-01", "boot-a", 5);
        assertEquals(Outcome.AFTER_GAP, r.outcome());
        assertEquals(new Gap("gw-01", "boot-a", 2, 4, Instant.parse("2025-11-22T08:01:00Z")), r.gap());
        assertEquals(3, r.gap().size());
        assertEquals(java.util.List.of(r.gap()), tracker.recentGaps());
    }

    @Test
    void shouldAcceptANumberThatFillsAGapAsLate() {
        tracker.record("gw-01", "boot-a", 1);
        tracker.record("gw-01", "boot-a", 4);
        assertEquals(Outcome.LATE, tracker.record("gw-01", "boot-a", 2).outcome());
        assertEquals(Outcome.DUPLICATE, tracker.record("gw-01", "boot-a", 2).outcome());
        assertFalse(tracker.seen("gw-01", "boot-a", 3));
    }

    @Test
    void shouldCountANewBootOfAKnownGatewayNotStartingAtOneAsAGap() {
        tracker.record("gw-01", "boot-a", 40);
        SequenceTracker.Recorded r = tracker.record("gw-01", "boot-b", 3);
        assertEquals(Outcome.AFTER_GAP, r.outcome());
        assertEquals(1, r.gap().from());
        assertEquals(2, r.gap().to());
    }

    @Test
    void shouldStartANewBootAtOneWithoutAGap() {
        tracker.record("gw-01", "boot-a", 40);
        assertEquals(Outcome.NEW, tracker.record("gw-01", "boot-b", 1).outcome());
        assertEquals(Outcome.NEW, tracker.record("gw-01", "boot-b", 2).outcome());
    }

    @Test
    void shouldStillRecogniseBatchesOfThePreviousBootReplayedAfterAReboot() {
        tracker.record("gw-01", "boot-a", 10);
        tracker.record("gw-01", "boot-b", 1);
        assertTrue(tracker.seen("gw-01", "boot-a", 10));
        assertEquals(Outcome.NEW, tracker.record("gw-01", "boot-a", 11).outcome());
    }

    @Test
    void shouldForgetTheOldestBootBeyondTheRunsKeptPerGateway() {
        for (int boot = 0; boot <= SequenceTracker.RUNS_PER_GATEWAY; boot++) {
            tracker.record("gw-01", "boot-" + boot, 1);
        }
        assertFalse(tracker.seen("gw-01", "boot-0", 1));
        assertTrue(tracker.seen("gw-01", "boot-" + SequenceTracker.RUNS_PER_GATEWAY, 1));
    }

    @Test
    void shouldRememberEveryNumberWithinTheWindow() {
        for (long seq = 1; seq <= SequenceTracker.WINDOW + 10; seq++) {
            assertEquals(Outcome.NEW, tracker.record("gw-01", "boot-a", seq).outcome());
        }
        long highest = SequenceTracker.WINDOW + 10;
        assertTrue(tracker.seen("gw-01", "boot-a", highest - SequenceTracker.WINDOW + 1));
        assertTrue(tracker.seen("gw-01", "boot-a", highest));
    }

    @Test
    void shouldLetANumberBelowTheWindowThroughAsLate() {
        tracker.record("gw-01", "boot-a", 1);
        tracker.record("gw-01", "boot-a", 2);
        long far = 2 + SequenceTracker.WINDOW + 5;
        tracker.record("gw-01", "boot-a", far);
        assertFalse(tracker.seen("gw-01", "boot-a", 1));
        assertEquals(Outcome.LATE, tracker.record("gw-01", "boot-a", 1).outcome());
    }

    @Test
    void shouldNotMistakeAnOldBitForANewNumberAfterTheWindowMoves() {
        int w = SequenceTracker.WINDOW;
        tracker.record("gw-01", "boot-a", 1);
        tracker.record("gw-01", "boot-a", 3);
        // 1 + w shares its slot with 1; it was skipped by this jump, so it must not look seen.
        tracker.record("gw-01", "boot-a", 2 + w);
        assertFalse(tracker.seen("gw-01", "boot-a", 1 + w));
        assertTrue(tracker.seen("gw-01", "boot-a", 3));
        tracker.record("gw-01", "boot-a", 3 + 2L * w);
        assertFalse(tracker.seen("gw-01", "boot-a", 3 + w));
        assertTrue(tracker.seen("gw-01", "boot-a", 3 + 2L * w));
    }

    @Test
    void shouldKeepOnlyTheMostRecentGaps() {
        tracker.record("gw-01", "boot-a", 1);
        for (long seq = 3; seq <= 11; seq += 2) {
            tracker.record("gw-01", "boot-a", seq);
        }
        assertEquals(3, tracker.recentGaps().size());
        assertEquals(10, tracker.recentGaps().get(2).from());
    }
}
