package org.linli.cloud.tickets;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time limit as the published rules state it: so many working hours ({@code 2h}, {@code 30m}),
 * so many working days ({@code 3d}: the end of the third working day after the start's day), or the
 * same calendar day ({@code same-day}: midnight after the start, round the clock, since emergencies do
 * not wait for office hours).
 */
public sealed interface WorkTime {

    /** The deadline for something that starts at {@code start}. */
    Instant from(Instant start, WorkCalendar calendar);

    /** As written in the settings. */
    String text();

    /** Working time on the calendar. */
    record Hours(Duration amount) implements WorkTime {
        @Override
        public Instant from(Instant start, WorkCalendar calendar) {
            return calendar.plusWorkingTime(start, amount);
        }

        @Override
        public String text() {
            return amount.toMinutes() % 60 == 0 ? amount.toHours() + "h" : amount.toMinutes() + "m";
        }
    }

    /** The end of the n-th working day after the start's day. */
    record Days(int days) implements WorkTime {
        @Override
        public Instant from(Instant start, WorkCalendar calendar) {
            return calendar.endOfWorkingDays(start, days);
        }

        @Override
        public String text() {
            return days + "d";
        }
    }

    /** Midnight after the start, local time. */
    record SameDay() implements WorkTime {
        @Override
        public Instant from(Instant start, WorkCalendar calendar) {
            ZonedDateTime local = start.atZone(calendar.zone());
            return local.toLocalDate().plusDays(1).atStartOfDay(calendar.zone()).toInstant();
        }

        @Override
        public String text() {
            return "same-day";
        }
    }

    Pattern FORM = Pattern.compile("(\\d{1,4})\\s*([hmd])");

    /** Parses {@code 2h}, {@code 90m}, {@code 3d} or {@code same-day}. */
    static WorkTime parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("same-day")) {
            return new SameDay();
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("a time limit must look like 2h, 90m, 3d or same-day: '" + text + "'");
        }
        int n = Integer.parseInt(m.group(1));
        return switch (m.group(2)) {
            case "h" -> new Hours(Duration.ofHours(n));
            case "m" -> new Hours(Duration.ofMinutes(n));
            default -> new Days(n);
        };
    }
}
