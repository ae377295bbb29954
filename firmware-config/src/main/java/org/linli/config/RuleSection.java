package org.linli.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds a site inventory's optional {@code rules:} block, at the top of the file (site-wide) or on a
 * space. Every key is optional; a value out of its range is a problem with its path, so a city's typo
 * stops the loader instead of a rule at run time.
 */
final class RuleSection {
    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,4}(\\.\\d{1,3})?");
    /** The noise rule judges whole minutes; more than a day is a mistake, not a setting. */
    private static final Duration MAX_NOISE = Duration.ofDays(1);
    /** Longer than a week is a mistake (and keeps the rules' instant arithmetic far from overflow). */
    private static final Duration MAX_ENCROACHMENT = Duration.ofDays(7);

    private RuleSection() {
    }

    /**
     * The {@code rules} block of {@code owner}, or {@link RuleOverrides#NONE} when there is none (or
     * when it has problems, recorded in {@code r}).
     *
     * @param siteLevel whether this is the site-wide block: its {@code encroachment.dwell} is by space kind
     */
    static RuleOverrides bind(YamlNode owner, boolean siteLevel, NodeReader r) {
        YamlNode n = r.get(owner, "rules");
        if (n == null || !r.isMap(n)) {
            return RuleOverrides.NONE;
        }
        r.allowOnly(n, "noise", "encroachment");
        int before = r.problems().size();
        RuleOverrides.Noise noise = noise(n, r);
        RuleOverrides.Encroachment encroachment = encroachment(n, siteLevel, r);
        return r.problems().size() > before ? RuleOverrides.NONE : new RuleOverrides(noise, encroachment);
    }

    private static RuleOverrides.Noise noise(YamlNode rules, NodeReader r) {
        YamlNode n = r.get(rules, "noise");
        if (n == null || !r.isMap(n)) {
            return RuleOverrides.Noise.NONE;
        }
        r.allowOnly(n, "endTime", "boundaryCapDb", "marginDb", "window", "startAfter", "endAfter", "emergenceDb");
        return new RuleOverrides.Noise(hhmm(n, "endTime", r), decibels(n, "boundaryCapDb", 30, 120, r),
                decibels(n, "marginDb", 0, 30, r), minutes(n, "window", r), minutes(n, "startAfter", r),
                minutes(n, "endAfter", r), decibels(n, "emergenceDb", 1, 40, r));
    }

    private static RuleOverrides.Encroachment encroachment(YamlNode rules, boolean siteLevel, NodeReader r) {
        YamlNode n = r.get(rules, "encroachment");
        if (n == null || !r.isMap(n)) {
            return RuleOverrides.Encroachment.NONE;
        }
        r.allowOnly(n, "dwell", "confirm", "cooldown");
        Duration dwell = null;
        Map<SpaceKind, Duration> byKind = new EnumMap<>(SpaceKind.class);
        YamlNode d = r.get(n, "dwell");
        if (d != null && siteLevel) {
            if (d.type() != YamlNode.Type.MAP) {
                r.problem(d, "site-wide, the dwell is set by space kind, e.g. dwell: {green-space: 30m, fire-lane: 5m}"
                        + " (a single dwell goes on a space's own rules)");
            } else {
                for (Map.Entry<String, YamlNode> e : d.fields().entrySet()) {
                    SpaceKind kind = kind(e.getKey());
                    if (kind == null) {
                        r.problem(e.getValue(), "'" + e.getKey() + "' is not a space kind (" + NodeReader.names(SpaceKind.class) + ")");
                        continue;
                    }
                    Duration value = positive(d, e.getKey(), r);
                    if (value != null) {
                        byKind.put(kind, value);
                    }
                }
            }
        } else if (d != null) {
            dwell = positive(n, "dwell", r);
        }
        return new RuleOverrides.Encroachment(dwell, byKind, positive(n, "confirm", r), positive(n, "cooldown", r));
    }

    private static SpaceKind kind(String key) {
        String wanted = key.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (SpaceKind k : SpaceKind.values()) {
            if (k.name().equals(wanted)) {
                return k;
            }
        }
        return null;
    }

    private static LocalTime hhmm(YamlNode map, String key, NodeReader r) {
        String text = r.string(map, key, false);
        if (text == null) {
            return null;
        }
        if (!HH_MM.matcher(text.trim()).matches()) {
            r.problem(r.get(map, key), "'" + text + "' is not a time of day as HH:MM (write e.g. \"21:00\")");
            return null;
        }
        return LocalTime.parse(text.trim());
    }

    private static Double decibels(YamlNode map, String key, int min, int max, NodeReader r) {
        String text = r.string(map, key, false);
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (!NUMBER.matcher(t).matches()) {
            r.problem(r.get(map, key), "'" + text + "' is not a number of dB (write e.g. 70 or 3.5)");
            return null;
        }
        double value = Double.parseDouble(t);
        if (value < min || value > max) {
            r.problem(r.get(map, key), t + " dB is out of range " + min + ".." + max);
            return null;
        }
        return value;
    }

    /** A whole number of minutes, 1 min to 1 day: the noise rule judges minutes. */
    private static Duration minutes(YamlNode map, String key, NodeReader r) {
        YamlNode node = r.get(map, key);
        if (node == null) {
            return null;
        }
        if (node.type() != YamlNode.Type.SCALAR) {
            r.problem(node, "expected a single value, e.g. 10m");
            return null;
        }
        Duration d = r.duration(map, key, Duration.ZERO);
        if (d == null) {
            return null;
        }
        if (d.toMinutes() < 1 || !d.equals(Duration.ofMinutes(d.toMinutes())) || d.compareTo(MAX_NOISE) > 0) {
            r.problem(r.get(map, key), "must be a whole number of minutes from 1m to 24h (the noise rule judges minutes), not "
                    + node.text());
            return null;
        }
        return d;
    }

    /** More than zero, at most a week. */
    private static Duration positive(YamlNode map, String key, NodeReader r) {
        YamlNode node = r.get(map, key);
        if (node == null) {
            return null;
        }
        if (node.type() != YamlNode.Type.SCALAR) {
            r.problem(node, "expected a single value, e.g. 10m");
            return null;
        }
        Duration d = r.duration(map, key, Duration.ZERO);
        if (d == null) {
            return null;
        }
        if (d.isZero() || d.compareTo(MAX_ENCROACHMENT) > 0) {
            r.problem(r.get(map, key), "must be more than 0 and at most 7d, not " + node.text());
            return null;
        }
        return d;
    }
}
