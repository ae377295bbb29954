package org.linli.cloud.tickets;

import org.linli.config.SpaceKind;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The time limits per ticket kind, optionally refined by the kind of space (an encroachment on a fire
 * lane is an emergency): how long to accept and to resolve from dispatch, and when the callback is due
 * after resolution.
 *
 * <p>Defaults (DOMAIN.md "The ticket loop": emergencies the same day, help requests ≤ 3 working days,
 * complaints ≤ 13 working days, callback the day after resolution; the accept limits are ours):
 * noise accept 2h resolve 3d; encroachment accept 2h resolve 3d, on a fire lane accept 1h resolve
 * same-day; device offline accept 4h resolve 3d; resident report accept 1d resolve 13d; callback 1d.
 *
 * @param limits   by key: a kind ({@code NOISE}) or a kind and space kind ({@code ENCROACHMENT/FIRE_LANE})
 * @param callback from resolution to the callback and evaluation
 */
public record DeadlinePolicy(Map<String, Limits> limits, WorkTime callback) {

    /** Accept and resolve limits, both counted from dispatch. */
    public record Limits(WorkTime accept, WorkTime resolve) {
        public Limits {
            Objects.requireNonNull(accept, "accept");
            Objects.requireNonNull(resolve, "resolve");
        }
    }

    public DeadlinePolicy {
        limits = Map.copyOf(limits);
        Objects.requireNonNull(callback, "callback");
        for (TicketKind kind : TicketKind.values()) {
            if (!limits.containsKey(kind.name())) {
                throw new IllegalArgumentException("no time limits for ticket kind " + kind);
            }
        }
    }

    /** The defaults described above. */
    public static DeadlinePolicy defaults() {
        Map<String, Limits> m = new HashMap<>();
        m.put(key(TicketKind.NOISE, null), new Limits(WorkTime.parse("2h"), WorkTime.parse("3d")));
        m.put(key(TicketKind.ENCROACHMENT, null), new Limits(WorkTime.parse("2h"), WorkTime.parse("3d")));
        m.put(key(TicketKind.ENCROACHMENT, SpaceKind.FIRE_LANE), new Limits(WorkTime.parse("1h"), WorkTime.parse("same-day")));
        m.put(key(TicketKind.DEVICE_OFFLINE, null), new Limits(WorkTime.parse("4h"), WorkTime.parse("3d")));
        m.put(key(TicketKind.RESIDENT_REPORT, null), new Limits(WorkTime.parse("1d"), WorkTime.parse("13d")));
        return new DeadlinePolicy(m, WorkTime.parse("1d"));
    }

    /** The limits for a kind in a kind of space: the refined entry if there is one, else the kind's. */
    public Limits limits(TicketKind kind, SpaceKind spaceKind) {
        Limits refined = spaceKind == null ? null : limits.get(key(kind, spaceKind));
        return refined != null ? refined : limits.get(kind.name());
    }

    /** This policy with one entry replaced or added. */
    public DeadlinePolicy with(TicketKind kind, SpaceKind spaceKind, Limits l) {
        Map<String, Limits> m = new HashMap<>(limits);
        m.put(key(kind, spaceKind), l);
        return new DeadlinePolicy(m, callback);
    }

    /** {@code NOISE} or {@code ENCROACHMENT/FIRE_LANE}. */
    public static String key(TicketKind kind, SpaceKind spaceKind) {
        return spaceKind == null ? kind.name() : kind.name() + "/" + spaceKind.name();
    }

    /**
     * Reads a settings key such as {@code noise}, {@code resident-report} or
     * {@code encroachment-fire-lane} (case and {@code _}/{@code -} do not matter) as a kind and an
     * optional space kind.
     */
    public static String parseKey(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace('/', '_');
        TicketKind best = null;
        for (TicketKind kind : TicketKind.values()) {
            if ((t.equals(kind.name()) || t.startsWith(kind.name() + "_"))
                    && (best == null || kind.name().length() > best.name().length())) {
                best = kind;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("unknown ticket kind in '" + text + "' (noise, encroachment, device-offline, resident-report)");
        }
        if (t.equals(best.name())) {
            return key(best, null);
        }
        String rest = t.substring(best.name().length() + 1);
        try {
            return key(best, SpaceKind.valueOf(rest));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown space kind '" + rest + "' in '" + text + "'", e);
        }
    }
}
