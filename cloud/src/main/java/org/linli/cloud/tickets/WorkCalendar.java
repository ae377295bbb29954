package org.linli.cloud.tickets;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The working-time calendar deadlines count on: working periods of a day (e.g. 08:30–12:00 and
 * 13:30–17:30), working days of the week, public holidays that are off, and make-up working days
 * (调休) that are on although they fall on a weekend. Local time in the site's zone.
 *
 * @param zone       the site's time zone
 * @param periods    working periods of a working day, in order, not overlapping
 * @param workDays   days of the week that are working days unless a holiday
 * @param holidays   dates that are off although on a working day of the week
 * @param makeUpDays dates that are working days although not on a working day of the week
 */
public record WorkCalendar(ZoneId zone, List<Period> periods, Set<DayOfWeek> workDays, Set<LocalDate> holidays,
                           Set<LocalDate> makeUpDays) {

    /** Look no further ahead than this for working time: a calendar without any is a configuration error. */
    private static final int MAX_DAYS = 3 * 366;

    /** A working period within a day, from (inclusive) to (exclusive). */
    public record Period(LocalTime from, LocalTime to) {
        public Period {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("working period must end after it starts: " + from + "-" + to);
            }
        }

        /** Parses {@code 08:30-12:00}. */
        public static Period parse(String text) {
            String[] parts = text.strip().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("working period must look like 08:30-12:00: " + text);
            }
            try {
                return new Period(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("working period must look like 08:30-12:00: " + text, e);
            }
        }

        Duration length() {
            return Duration.between(from, to);
        }
    }

    public WorkCalendar {
        Objects.requireNonNull(zone, "zone");
        periods = periods.stream().sorted(Comparator.comparing(Period::from)).toList();
        if (periods.isEmpty()) {
            throw new IllegalArgumentException("a working calendar needs at least one working period");
        }
        for (int i = 1; i < periods.size(); i++) {
            if (periods.get(i).from().isBefore(periods.get(i - 1).to())) {
                throw new IllegalArgumentException("working periods overlap: " + periods.get(i - 1) + " and " + periods.get(i));
            }
        }
        workDays = workDays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(workDays));
        holidays = Set.copyOf(holidays);
        makeUpDays = Set.copyOf(makeUpDays);
    }

    /** 08:30–12:00 and 13:30–17:30, Monday to Friday, no holidays. */
    public static WorkCalendar defaults(ZoneId zone) {
        return new WorkCalendar(zone,
                List.of(new Period(LocalTime.of(8, 30), LocalTime.of(12, 0)),
                        new Period(LocalTime.of(13, 30), LocalTime.of(17, 30))),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Set.of(), Set.of());
    }

    /** This calendar with other holidays and make-up days. */
    public WorkCalendar withDays(Set<LocalDate> holidays, Set<LocalDate> makeUpDays) {
        return new WorkCalendar(zone, periods, workDays, holidays, makeUpDays);
    }

    /** Whether people work on this date: a make-up day, or a working day of the week that is no holiday. */
    public boolean isWorkingDay(LocalDate date) {
        if (makeUpDays.contains(date)) {
            return true;
        }
        return !holidays.contains(date) && workDays.contains(date.getDayOfWeek());
    }

    /** Whether {@code t} falls inside a working period of a working day. */
    public boolean isWorkingTime(Instant t) {
        ZonedDateTime local = t.atZone(zone);
        if (!isWorkingDay(local.toLocalDate())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        return periods.stream().anyMatch(p -> !time.isBefore(p.from()) && time.isBefore(p.to()));
    }

    /**
     * The instant when {@code amount} of working time has passed after {@code start}: time outside
     * the working periods (lunch, nights, weekends, holidays) does not count. A deadline that ends
     * exactly at a period's end is that end (17:30), not the next morning.
     */
    public Instant plusWorkingTime(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("working time must not be negative: " + amount);
        }
        ZonedDateTime at = start.atZone(zone);
        Duration remaining = amount;
        LocalDate day = at.toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            for (Period p : periods) {
                ZonedDateTime from = ZonedDateTime.of(day, p.from(), zone);
                ZonedDateTime to = ZonedDateTime.of(day, p.to(), zone);
                if (!to.isAfter(at)) {
                    continue;
                }
                ZonedDateTime segmentStart = from.isAfter(at) ? from : at;
                Duration length = Duration.between(segmentStart, to);
                if (remaining.compareTo(length) <= 0) {
                    return segmentStart.plus(remaining).toInstant();
                }
                remaining = remaining.minus(length);
            }
        }
        throw new IllegalStateException("no working time within " + MAX_DAYS + " days after " + start);
    }

    /**
     * The end of the {@code days}-th working day after {@code start}'s date (the day of {@code start}
     * itself does not count): {@code 1} after a Friday is the end of Monday's working time. {@code 0}
     * is the end of today's working time if today is a working day and it has not ended yet,
     * otherwise of the next working day.
     */
    public Instant endOfWorkingDays(Instant start, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("working days must not be negative: " + days);
        }
        ZonedDateTime at = start.atZone(zone);
        LocalDate day = at.toLocalDate();
        LocalTime end = periods.get(periods.size() - 1).to();
        int counted = 0;
        if (days == 0 && isWorkingDay(day) && at.toLocalTime().isBefore(end)) {
            return ZonedDateTime.of(day, end, zone).toInstant();
        }
        int wanted = Math.max(days, 1);
        for (int i = 0; i < MAX_DAYS; i++) {
            day = day.plusDays(1);
            if (isWorkingDay(day) && ++counted == wanted) {
                return ZonedDateTime.of(day, end, zone).toInstant();
            }
        }
        throw new IllegalStateException("no " + days + " working days within " + MAX_DAYS + " days after " + start);
    }

    /** Working days off the week's pattern, for display: holidays then make-up days, sorted. */
    public List<LocalDate> exceptions() {
        List<LocalDate> all = new ArrayList<>(holidays);
        all.addAll(makeUpDays);
        all.sort(Comparator.naturalOrder());
        return all;
    }
}
