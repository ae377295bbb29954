package org.linli.cloud.rules;

import java.time.Instant;
import java.util.List;

/**
 * The whole state of one {@link NoiseRule}, immutable, to persist and rebuild it with
 * {@link NoiseRule#restore}.
 *
 * @param space        the space id
 * @param pending      combined minutes not judged yet, oldest first
 * @param watermark    the latest minute start seen, or null
 * @param nextMinute   the first minute not judged yet; earlier readings are late. Null before the first
 * @param window       judged minutes inside the rolling window, oldest first
 * @param backgroundDb the L90 of the last quiet minute, or null
 * @param run          the loud run or episode, or null
 */
public record NoiseSnapshot(String space, List<Level> pending, Instant watermark, Instant nextMinute,
                            List<Level> window, Double backgroundDb, Run run) {

    public NoiseSnapshot {
        // Null as empty: JSON writers may leave empty collections out.
        pending = pending == null ? List.of() : List.copyOf(pending);
        window = window == null ? List.of() : List.copyOf(window);
    }

    /** A minute's levels (combined over the space's sensors by max). */
    public record Level(Instant start, double laeq, double lmax, double l90) {
    }

    /**
     * A run of loud minutes; once confirmed, an episode.
     *
     * @param start         first loud minute's start
     * @param lastLoudEnd   last loud minute's end
     * @param confirmed     whether EpisodeStarted was emitted
     * @param energy        sum of 10^(L/10) of the minutes from start to lastLoudEnd
     * @param minutes       how many minutes with data that sum holds
     * @param peakDb        highest rolling LAeq from start to lastLoudEnd
     * @param pendingEnergy sum over the quiet minutes after lastLoudEnd (joins the episode if it goes on)
     * @param pendingMinutes how many
     * @param pendingPeakDb highest rolling LAeq over them, 0 when there are none (kept finite for JSON)
     * @param minutesAbove  loud minutes
     */
    public record Run(Instant start, Instant lastLoudEnd, boolean confirmed, double energy, int minutes,
                      double peakDb, double pendingEnergy, int pendingMinutes, double pendingPeakDb,
                      int minutesAbove) {

        /** The LAeq from start to lastLoudEnd. */
        public double laeqDb() {
            return Decibels.level(energy / minutes);
        }
    }
}
