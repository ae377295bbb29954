package org.linli.cloud.rules;

import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.util.Optional;

/** What an occupancy sensor says about its spot. UNKNOWN is never read as either of the others. */
public enum Occupancy {
    OCCUPIED, VACANT, UNKNOWN;

    /**
     * The state in an occupancy reading: {@code occupied} ≥ 0.5 is OCCUPIED, below VACANT (GOOD or
     * SUSPECT); an ERROR or OFFLINE status is UNKNOWN. Empty for a reading without {@code occupied}.
     */
    public static Optional<Occupancy> of(Reading r) {
        if (r.quality() == Quality.ERROR || r.quality() == Quality.OFFLINE) {
            return Optional.of(UNKNOWN);
        }
        Double v = r.values().get("occupied");
        if (v == null || v.isNaN()) {
            return Optional.empty();
        }
        return Optional.of(v >= 0.5 ? OCCUPIED : VACANT);
    }
}
