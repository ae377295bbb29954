package org.linli.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/**
 * A time window in which a space allows an activity, e.g. a morning market 06:00-08:00.
 * A window whose end is before its start runs over midnight.
 *
 * @param activity what is allowed, e.g. {@code market} or {@code dance}
 * @param from     start, inclusive
 * @param to       end, exclusive
 * @param days     the days it applies on; all days when empty
 */
public record Schedule(String activity, LocalTime from, LocalTime to, Set<DayOfWeek> days) {

    public Schedule {
        days = Set.copyOf(days);
    }

    /** Whether {@code day} at {@code time} falls in this window. */
    public boolean covers(DayOfWeek day, LocalTime time) {
        if (!days.isEmpty() && !days.contains(day)) {
            return false;
        }
        if (from.isBefore(to)) {
            return !time.isBefore(from) && time.isBefore(to);
        }
        return !time.isBefore(from) || time.isBefore(to);
    }
}
