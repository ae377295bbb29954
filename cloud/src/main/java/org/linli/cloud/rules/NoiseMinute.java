package org.linli.cloud.rules;

import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * One sensor's noise over one clock minute, the input of {@link NoiseRule}.
 *
 * @param sensor sensor id
 * @param start  the minute's start (event time, a whole minute)
 * @param laeq   energy average over the minute, dB(A)
 * @param lmax   loudest level, dB(A)
 * @param l90    level exceeded 90 % of the minute: the background, dB(A)
 */
public record NoiseMinute(String sensor, Instant start, double laeq, double lmax, double l90) {

    /** One minute. */
    public static final Duration LENGTH = Duration.ofMinutes(1);

    public NoiseMinute {
        start = start.truncatedTo(ChronoUnit.MINUTES);
    }

    /** The minute's end, exclusive. */
    public Instant end() {
        return start.plus(LENGTH);
    }

    /**
     * The minute in a gateway's per-minute noise reading (values {@code laeq, lmax, l90}; a sound level
     * meter's {@code lamax} stands for {@code lmax}). Empty for 1 s {@code la} levels, status readings
     * (ERROR, OFFLINE: the deadman rule handles those) and readings without these values. A SUSPECT
     * (partial) minute counts: it is still an energy average of what was measured.
     */
    public static Optional<NoiseMinute> of(Reading r) {
        if (r.quality() != Quality.GOOD && r.quality() != Quality.SUSPECT) {
            return Optional.empty();
        }
        Map<String, Double> v = r.values();
        Double laeq = v.get("laeq");
        Double lmax = v.containsKey("lmax") ? v.get("lmax") : v.get("lamax");
        Double l90 = v.get("l90");
        if (laeq == null || lmax == null || l90 == null) {
            return Optional.empty();
        }
        return Optional.of(new NoiseMinute(r.sensor(), Instant.ofEpochMilli(r.ts()), laeq, lmax, l90));
    }
}
