package org.linli.gateway.uplink;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentMessagesTest {

    @Test
    void shouldForgetTheOldestKeysBeyondTheCapacity() {
        RecentMessages recent = new RecentMessages(3);
        for (long d = 1; d <= 4; d++) {
            recent.record(d);
        }

        long keepFrom = recent.trim();

        assertFalse(recent.contains(1));
        assertTrue(recent.contains(2) && recent.contains(3) && recent.contains(4));
        assertEquals(2, keepFrom, "rows below the oldest kept id may go");
    }

    @Test
    void shouldMoveAKeyRecordedAgainToTheNewestEnd() {
        RecentMessages recent = new RecentMessages(3);
        recent.record(1);
        recent.record(2);
        recent.record(3);

        RecentMessages.Recorded again = recent.record(1);
        recent.record(4);
        recent.trim();

        assertEquals(1, again.before(), "its old row is to be deleted");
        assertEquals(4, again.id());
        assertTrue(recent.contains(1), "a redelivery matched again stays, for a second crash while it is handled");
        assertFalse(recent.contains(2));
    }

    @Test
    void shouldContinueRowIdsAfterTheHighestLoaded() {
        RecentMessages recent = new RecentMessages(10);
        recent.load(7, 70);
        recent.load(9, 90);

        assertEquals(10, recent.record(100).id());
        assertTrue(recent.contains(70) && recent.contains(90));
        assertEquals(7, recent.trim());
    }
}
