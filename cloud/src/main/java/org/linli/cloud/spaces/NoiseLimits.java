package org.linli.cloud.spaces;

import org.linli.cloud.rules.RuleSettings;
import org.linli.config.NoiseZone;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The LAeq limit of a space at an instant, as the noise rule applies it: the GB 3096 zone's day or night
 * limit by the local time (day from {@code dayStart} to {@code nightStart}), or the local boundary cap
 * where that is lower. Pure.
 *
 * @param zone     the space's GB 3096 class
 * @param settings the noise rule's settings (day and night start, boundary cap)
 * @param tz       the site's time zone
 */
public record NoiseLimits(NoiseZone zone, RuleSettings.Noise settings, ZoneId tz) {

    public NoiseLimits {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tz, "tz");
    }

    /** Whether {@code at} is in the day period (local time). */
    public boolean isDay(Instant at) {
        LocalTime local = at.atZone(tz).toLocalTime();
        return !local.isBefore(settings.dayStart()) && local.isBefore(settings.nightStart());
    }

    /** The limit in dB(A) at {@code at}. */
    public double at(Instant at) {
        int zoneLimit = isDay(at) ? zone.dayLimitDb() : zone.nightLimitDb();
        Double cap = settings.boundaryCapDb();
        return cap != null && cap < zoneLimit ? cap : zoneLimit;
    }

    /**
     * The limit as a step line from {@code from} to {@code to}: a point at {@code from}, one at every change
     * of period, and one at {@code to}, each {@code [epochMillis, dB]}.
     */
    public List<double[]> line(Instant from, Instant to) {
        List<double[]> out = new ArrayList<>();
        double current = at(from);
        out.add(new double[] {from.toEpochMilli(), current});
        Instant t = from;
        while (true) {
            Instant next = nextChange(t);
            if (!next.isBefore(to)) {
                break;
            }
            current = at(next);
            out.add(new double[] {next.toEpochMilli(), current});
            t = next;
        }
        out.add(new double[] {to.toEpochMilli(), at(to)});
        return out;
    }

    /** The first day or night start after {@code t}. */
    Instant nextChange(Instant t) {
        var local = t.atZone(tz);
        Instant best = null;
        for (LocalTime start : List.of(settings.dayStart(), settings.nightStart())) {
            var candidate = local.toLocalDate().atTime(start).atZone(tz);
            if (!candidate.toInstant().isAfter(t)) {
                candidate = local.toLocalDate().plusDays(1).atTime(start).atZone(tz);
            }
            if (best == null || candidate.toInstant().isBefore(best)) {
                best = candidate.toInstant();
            }
        }
        return best;
    }
}
