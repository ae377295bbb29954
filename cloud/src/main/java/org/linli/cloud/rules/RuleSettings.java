package org.linli.cloud.rules;

import org.linli.config.RuleOverrides;
import org.linli.config.SensorKind;
import org.linli.config.Space;
import org.linli.config.SpaceKind;

import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the rules, one record per rule. Where cities differ (end time, boundary cap, dwell
 * times) these are configuration with the defaults of {@link #defaults()}, never constants in code.
 *
 * @param noise        square-dance noise
 * @param encroachment clear-zone encroachment
 * @param deadman      sensor and gateway liveness
 */
public record RuleSettings(Noise noise, Encroachment encroachment, Deadman deadman) {

    public RuleSettings {
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(encroachment, "encroachment");
        Objects.requireNonNull(deadman, "deadman");
    }

    /** Every rule with its defaults. */
    public static RuleSettings defaults() {
        return new RuleSettings(Noise.defaults(), Encroachment.defaults(), Deadman.defaults());
    }

    /**
     * The settings of one space: these settings, overridden key by key by the site inventory's
     * site-wide {@code rules:} block, then by the space's own. A pure function of its inputs.
     *
     * <p>Encroachment dwell: the space kind's dwell from these settings, or the site-wide dwell of that
     * kind, or the space's own dwell; a space with its own dwell is watched whatever its kind (the
     * resolved dwell map holds its kind). The deadman rule is site-wide and stays as it is.
     *
     * @throws IllegalArgumentException when the result is not valid (the site loader refuses such values first)
     */
    public RuleSettings forSpace(RuleOverrides site, Space space) {
        return new RuleSettings(noise.with(site.noise()).with(space.rules().noise()),
                encroachment.with(site.encroachment(), space.kind()).with(space.rules().encroachment(), space.kind()),
                deadman);
    }

    /** Where a space's settings come from, for the people who read them: {@code space}, {@code site} or {@code defaults}. */
    public static String source(RuleOverrides site, Space space) {
        return !space.rules().isEmpty() ? "space" : !site.isEmpty() ? "site" : "defaults";
    }

    /**
     * Square-dance noise.
     *
     * @param dayStart      GB 3096 day start, local time (06:00)
     * @param nightStart    GB 3096 night start, local time (22:00)
     * @param endTime       local rule: from this time until {@code dayStart} any noise that emerges
     *                      {@code emergenceDb} over the background counts, even under the limit
     *                      (e.g. 21:00); null for none (default)
     * @param boundaryCapDb local rule: a volume cap at the boundary (e.g. 70) that replaces the zone
     *                      limit when it is lower; null for none (default)
     * @param marginDb      a minute counts as loud when its LAeq is over limit + margin (3 dB)
     * @param window        the rolling LAeq window, the episode's peak is its highest value (10 min)
     * @param startAfter    consecutive loud minutes that open an episode (5 min)
     * @param endAfter      quiet time after the last loud minute that ends it (10 min)
     * @param emergenceDb   LAeq minus background L90 that counts as dance-level after the end time (10 dB)
     * @param impulseDb     at night an Lmax over the night limit + this is an impulse (15 dB)
     * @param settle        a minute is judged once a reading this much later arrived, so a sensor
     *                      lagging its neighbour on the same space still counts (1 min)
     */
    public record Noise(LocalTime dayStart, LocalTime nightStart, LocalTime endTime, Double boundaryCapDb,
                        double marginDb, Duration window, Duration startAfter, Duration endAfter,
                        double emergenceDb, double impulseDb, Duration settle) {

        public Noise {
            Objects.requireNonNull(dayStart, "dayStart");
            Objects.requireNonNull(nightStart, "nightStart");
            requireMinutes(window, "window");
            requireMinutes(startAfter, "startAfter");
            requireMinutes(endAfter, "endAfter");
            Objects.requireNonNull(settle, "settle");
            if (settle.isNegative()) {
                throw new IllegalArgumentException("settle must not be negative: " + settle);
            }
        }

        public static Noise defaults() {
            return new Noise(LocalTime.of(6, 0), LocalTime.of(22, 0), null, null, 3.0, Duration.ofMinutes(10),
                    Duration.ofMinutes(5), Duration.ofMinutes(10), 10.0, 15.0, Duration.ofMinutes(1));
        }

        /** These settings with the local rules: end time and boundary cap (either may be null). */
        public Noise withLocalRules(LocalTime endTime, Double boundaryCapDb) {
            return new Noise(dayStart, nightStart, endTime, boundaryCapDb, marginDb, window, startAfter, endAfter,
                    emergenceDb, impulseDb, settle);
        }

        /** These settings with every value {@code o} sets in place of this one. */
        public Noise with(RuleOverrides.Noise o) {
            return new Noise(dayStart, nightStart, or(o.endTime(), endTime), or(o.boundaryCapDb(), boundaryCapDb),
                    or(o.marginDb(), marginDb), or(o.window(), window), or(o.startAfter(), startAfter),
                    or(o.endAfter(), endAfter), or(o.emergenceDb(), emergenceDb), impulseDb, settle);
        }

        /** These settings with another rolling window. */
        public Noise withWindow(Duration window) {
            return new Noise(dayStart, nightStart, endTime, boundaryCapDb, marginDb, window, startAfter, endAfter,
                    emergenceDb, impulseDb, settle);
        }

        private static void requireMinutes(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.toMinutes() < 1 || !d.equals(Duration.ofMinutes(d.toMinutes()))) {
                throw new IllegalArgumentException(name + " must be a whole number of minutes, at least 1: " + d);
            }
        }
    }

    /**
     * Encroachment on spaces that must stay clear.
     *
     * @param confirm           continuous occupancy that confirms an entry (1 min)
     * @param dwell             occupancy after confirmation that makes an encroachment, by space kind;
     *                          a kind without an entry is not watched (green space 30 min, fire lane
     *                          5 min, walkway 15 min)
     * @param cooldown          continuous vacancy that ends it (2 min)
     * @param staleAfter        a sensor whose last reading is older than this is UNKNOWN, never vacant
     *                          nor occupied (5 min; gateways send a state reading every 60 s)
     * @param allowedActivities schedule activities that allow occupancy in their window; empty = every
     *                          schedule of the space allows it (default)
     */
    public record Encroachment(Duration confirm, Map<SpaceKind, Duration> dwell, Duration cooldown,
                               Duration staleAfter, Set<String> allowedActivities) {

        public Encroachment {
            requirePositive(confirm, "confirm");
            requirePositive(cooldown, "cooldown");
            requirePositive(staleAfter, "staleAfter");
            dwell.forEach((kind, d) -> requirePositive(d, "dwell." + kind));
            dwell = Map.copyOf(dwell);
            allowedActivities = Set.copyOf(allowedActivities);
        }

        /**
         * These settings with every value {@code o} sets in place of this one; its dwell (a space's own)
         * or its dwell of {@code kind} (site-wide) replaces the dwell of {@code kind}.
         */
        public Encroachment with(RuleOverrides.Encroachment o, SpaceKind kind) {
            Map<SpaceKind, Duration> d = new EnumMap<>(SpaceKind.class);
            d.putAll(dwell);
            Duration own = o.dwell() != null ? o.dwell() : o.dwellByKind().get(kind);
            if (own != null) {
                d.put(kind, own);
            }
            return new Encroachment(or(o.confirm(), confirm), d, or(o.cooldown(), cooldown), staleAfter, allowedActivities);
        }

        public static Encroachment defaults() {
            return new Encroachment(Duration.ofMinutes(1),
                    Map.of(SpaceKind.GREEN_SPACE, Duration.ofMinutes(30),
                            SpaceKind.FIRE_LANE, Duration.ofMinutes(5),
                            SpaceKind.WALKWAY, Duration.ofMinutes(15)),
                    Duration.ofMinutes(2), Duration.ofMinutes(5), Set.of());
        }
    }

    /**
     * Sensor and gateway liveness.
     *
     * @param heartbeat the longest silence of a sensor kind before it is offline: occupancy sensors
     *                  5 min (their gateways send a state reading every 60 s), noise 2 min; every
     *                  kind must have one
     */
    public record Deadman(Map<SensorKind, Duration> heartbeat) {

        public Deadman {
            for (SensorKind kind : SensorKind.values()) {
                requirePositive(heartbeat.get(kind), "heartbeat." + kind);
            }
            heartbeat = Map.copyOf(heartbeat);
        }

        public static Deadman defaults() {
            Map<SensorKind, Duration> m = new EnumMap<>(SensorKind.class);
            for (SensorKind kind : SensorKind.values()) {
                m.put(kind, Duration.ofMinutes(5));
            }
            m.put(SensorKind.NOISE_MODULE, Duration.ofMinutes(2));
            m.put(SensorKind.SOUND_LEVEL_METER, Duration.ofMinutes(2));
            return new Deadman(m);
        }

        /** The heartbeat interval of a kind. */
        public Duration heartbeat(SensorKind kind) {
            return heartbeat.get(kind);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration: " + d);
        }
    }
}
