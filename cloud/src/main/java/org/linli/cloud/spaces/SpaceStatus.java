package org.linli.cloud.spaces;

import java.util.Locale;

/**
 * The colour of a space on the map and in the list, worst first: noise over the limit now, a space
 * occupied (for a clear zone, an encroachment), no fresh reading from any sensor, or quiet. Pure.
 */
public enum SpaceStatus {
    NOISY, OCCUPIED, OFFLINE, QUIET;

    /** The name in the API and in CSS classes: {@code noisy}, {@code occupied}, {@code offline}, {@code quiet}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status of a space.
     *
     * @param noiseLaeq the highest fresh LAeq of its noise sensors, null for none
     * @param limitDb   its limit now
     * @param occupancy {@code occupied}, {@code vacant} or {@code unknown}
     * @param fresh     whether any of its sensors sent a reading recently
     */
    public static SpaceStatus of(Double noiseLaeq, double limitDb, String occupancy, boolean fresh) {
        if (noiseLaeq != null && noiseLaeq > limitDb) {
            return NOISY;
        }
        if ("occupied".equals(occupancy)) {
            return OCCUPIED;
        }
        if (!fresh) {
            return OFFLINE;
        }
        return QUIET;
    }
}
