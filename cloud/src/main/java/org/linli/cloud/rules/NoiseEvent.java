package org.linli.cloud.rules;

import java.time.Instant;

/** What {@link NoiseRule} decides. Levels in dB(A), unrounded; instants are event time. */
public sealed interface NoiseEvent {

    /** The space the event is about. */
    String space();

    /** Why the minutes of an episode counted as loud. */
    enum Reason {
        /** LAeq over the GB 3096 day or night limit of the space's zone plus the margin. */
        OVER_LIMIT,
        /** LAeq over the local boundary cap plus the margin, where the cap is below the zone limit. */
        OVER_CAP,
        /** After the local end time, LAeq emerging over the background L90 by the emergence threshold. */
        AFTER_END_TIME
    }

    /**
     * An episode was confirmed: {@code startAfter} consecutive loud minutes.
     *
     * @param start       the first loud minute's start (the onset)
     * @param confirmedAt the end of the confirming minute, when the rule could know
     * @param reason      why the confirming minute was loud
     * @param limitDb     the limit that minute was judged against (before the margin)
     * @param peakDb      the highest rolling LAeq so far
     */
    record EpisodeStarted(String space, Instant start, Instant confirmedAt, Reason reason, double limitDb,
                          double peakDb) implements NoiseEvent {
    }

    /**
     * An open episode reached a new peak.
     *
     * @param start  the episode's start
     * @param at     the end of the minute that set the peak
     * @param peakDb the new highest rolling LAeq
     * @param laeqDb the LAeq from the start to the last loud minute
     */
    record EpisodeUpdated(String space, Instant start, Instant at, double peakDb, double laeqDb)
            implements NoiseEvent {
    }

    /**
     * An episode ended: no loud minute for {@code endAfter}.
     *
     * @param start        the first loud minute's start
     * @param end          the last loud minute's end (when the music stopped)
     * @param confirmedAt  {@code end + endAfter}, when the rule could know
     * @param peakDb       the highest rolling LAeq within the episode
     * @param laeqDb       LAeq from start to end (quiet pauses inside included, energy average)
     * @param minutesAbove loud minutes in the episode
     */
    record EpisodeEnded(String space, Instant start, Instant end, Instant confirmedAt, double peakDb,
                        double laeqDb, int minutesAbove) implements NoiseEvent {
    }

    /**
     * At night, a minute's Lmax exceeded the night limit by more than the impulse allowance
     * (GB 3096: a sudden event may exceed the limit by at most 15 dB).
     *
     * @param minute  the minute's start
     * @param lmaxDb  its Lmax
     * @param limitDb night limit + allowance
     */
    record NightImpulse(String space, Instant minute, double lmaxDb, double limitDb) implements NoiseEvent {
    }
}
