package org.linli.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;

/**
 * Local rule settings from the site inventory's {@code rules:} blocks, site-wide or on one space. Every
 * field is optional: null means "not set here", and the cloud takes the value from the next level
 * (space ← site ← the cloud's defaults). Plain data: what the rules do with it is the cloud's business.
 *
 * @param noise        square-dance noise settings; never null ({@link Noise#NONE} when the block is absent)
 * @param encroachment encroachment settings; never null ({@link Encroachment#NONE} when absent)
 */
public record RuleOverrides(Noise noise, Encroachment encroachment) {

    /** No local rules: every value from the next level. */
    public static final RuleOverrides NONE = new RuleOverrides(Noise.NONE, Encroachment.NONE);

    public RuleOverrides {
        noise = noise == null ? Noise.NONE : noise;
        encroachment = encroachment == null ? Encroachment.NONE : encroachment;
    }

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return noise.equals(Noise.NONE) && encroachment.equals(Encroachment.NONE);
    }

    /**
     * Noise settings (YAML {@code rules.noise}).
     *
     * @param endTime       local end time (e.g. 21:00): from then until the day start, noise that emerges
     *                      over the background counts even under the limit ({@code endTime})
     * @param boundaryCapDb a volume cap at the boundary in dB(A) (e.g. 70) that replaces the zone limit
     *                      when it is lower ({@code boundaryCapDb})
     * @param marginDb      a minute is loud over limit + margin ({@code marginDb})
     * @param window        rolling LAeq window, whole minutes ({@code window})
     * @param startAfter    loud minutes in a row that open an episode, whole minutes ({@code startAfter})
     * @param endAfter      quiet time that ends an episode, whole minutes ({@code endAfter})
     * @param emergenceDb   LAeq over the background L90 that counts after the end time ({@code emergenceDb})
     */
    public record Noise(LocalTime endTime, Double boundaryCapDb, Double marginDb, Duration window,
                        Duration startAfter, Duration endAfter, Double emergenceDb) {

        /** Nothing set. */
        public static final Noise NONE = new Noise(null, null, null, null, null, null, null);
    }

    /**
     * Encroachment settings (YAML {@code rules.encroachment}).
     *
     * @param dwell       on a space: its dwell time ({@code dwell: 10m}); a space of a kind that is not
     *                    watched by default (a plaza, a parking area) is watched once it has one. Null
     *                    at site level
     * @param dwellByKind at site level: dwell times by space kind ({@code dwell: {green-space: 20m}});
     *                    empty on a space
     * @param confirm     continuous occupancy that confirms an entry ({@code confirm})
     * @param cooldown    continuous vacancy that ends an encroachment ({@code cooldown})
     */
    public record Encroachment(Duration dwell, Map<SpaceKind, Duration> dwellByKind, Duration confirm,
                               Duration cooldown) {

        /** Nothing set. */
        public static final Encroachment NONE = new Encroachment(null, Map.of(), null, null);

        public Encroachment {
            dwellByKind = dwellByKind == null ? Map.of() : Map.copyOf(dwellByKind);
        }
    }
}
