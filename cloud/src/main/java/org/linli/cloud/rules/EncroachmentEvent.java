package org.linli.cloud.rules;

import java.time.Duration;
import java.time.Instant;

/** What {@link EncroachmentRule} decides; instants are event time. */
public sealed interface EncroachmentEvent {

    /** The space the event is about. */
    String space();

    /**
     * The space has been occupied past its dwell time (not at entry).
     *
     * @param since     when the counted occupancy began (entry, or the end of an allowed window)
     * @param startedAt confirmation + dwell: when it became an encroachment
     * @param dwell     the space kind's dwell threshold
     */
    record EncroachmentStarted(String space, Instant since, Instant startedAt, Duration dwell)
            implements EncroachmentEvent {
    }

    /**
     * The space has been vacant for the cooldown.
     *
     * @param since       as in the start
     * @param startedAt   as in the start
     * @param end         the first vacant moment after the last occupied one
     * @param confirmedAt end + cooldown (+ any UNKNOWN time during the cooldown)
     * @param occupied    counted occupied time from confirmation to end (UNKNOWN and allowed time excluded)
     * @param unknown     time the sensors were UNKNOWN during the episode; more than zero makes it
     *                    uncertain: the car may have left earlier than {@code end}
     */
    record EncroachmentEnded(String space, Instant since, Instant startedAt, Instant end, Instant confirmedAt,
                             Duration occupied, Duration unknown) implements EncroachmentEvent {

        /** Whether the sensors were UNKNOWN for part of the episode. */
        public boolean uncertain() {
            return !unknown.isZero();
        }
    }
}
