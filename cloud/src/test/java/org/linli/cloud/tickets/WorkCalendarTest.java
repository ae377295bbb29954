package org.linli.cloud.tickets;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.cloud.tickets.Fixtures.CALENDAR;
import static org.linli.cloud.tickets.Fixtures.ZONE;
import static org.linli.cloud.tickets.Fixtures.at;

class WorkCalendarTest {

    @Test
    void shouldCountWorkingHoursWithinAMorning() {
        assertEquals(at("2026-11-23T11:00"), CALENDAR.plusWorkingTime(at("2026-11-23T09:00"), Duration.ofHours(2)));
    }

    @Test
    void shouldSkipTheLunchBreak() {
        // 11:00 + 2h: one hour to 12:00, lunch until 13:30, one more hour
        assertEquals(at("2026-11-23T14:30"), CALENDAR.plusWorkingTime(at("2026-11-23T11:00"), Duration.ofHours(2)));
    }

    @Test
    void shouldStartCountingAtTheNextWorkingPeriodWhenFiledAfterHours() {
        // Monday 19:30 (the dance) + 2h = Tuesday 10:30
        assertEquals(at("2026-11-24T10:30"), CALENDAR.plusWorkingTime(at("2026-11-23T19:30"), Duration.ofHours(2)));
    }

    @Test
    void shouldSkipTheWeekend() {
        // Friday 17:00 + 2h: half an hour on Friday, 1.5 h on Monday
        assertEquals(at("2026-11-30T10:00"), CALENDAR.plusWorkingTime(at("2026-11-27T17:00"), Duration.ofHours(2)));
    }

    @Test
    void shouldEndAtThePeriodsEndRatherThanTheNextMorning() {
        assertEquals(at("2026-11-23T17:30"), CALENDAR.plusWorkingTime(at("2026-11-23T16:30"), Duration.ofHours(1)));
    }

    @Test
    void shouldSkipAHoliday() {
        WorkCalendar cal = CALENDAR.withDays(Set.of(LocalDate.of(2026, 11, 24)), Set.of());
        assertFalse(cal.isWorkingDay(LocalDate.of(2026, 11, 24)));
        assertEquals(at("2026-11-25T09:00"), cal.plusWorkingTime(at("2026-11-23T17:00"), Duration.ofHours(1)), "half an hour on Monday, half on Wednesday");
    }

    @Test
    void shouldWorkOnAMakeUpSaturday() {
        WorkCalendar cal = CALENDAR.withDays(Set.of(), Set.of(LocalDate.of(2026, 11, 28)));
        assertTrue(cal.isWorkingDay(LocalDate.of(2026, 11, 28)));
        assertEquals(at("2026-11-28T10:00"), cal.plusWorkingTime(at("2026-11-27T17:00"), Duration.ofHours(2)));
    }

    @Test
    void shouldEndWorkingDaysAtTheEndOfTheNthWorkingDayAfter() {
        // Thursday + 3 working days = Tuesday 17:30
        assertEquals(at("2026-12-01T17:30"), CALENDAR.endOfWorkingDays(at("2026-11-26T10:00"), 3));
    }

    @Test
    void shouldCountThirteenWorkingDaysAcrossAHolidayWeek() {
        WorkCalendar cal = CALENDAR.withDays(Set.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2),
                LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 6), LocalDate.of(2026, 10, 7)),
                Set.of(LocalDate.of(2026, 10, 10)));
        // Wed 30 Sep; 1-7 Oct off except the weekend, Sat 10 Oct a make-up day: 8, 9, 10, 12–16, 19–23 → the 13th is 23 Oct
        assertEquals(at("2026-10-23T17:30"), cal.endOfWorkingDays(at("2026-09-30T10:00"), 13));
    }

    @Test
    void shouldEndZeroWorkingDaysTodayWhenTodayStillWorks() {
        assertEquals(at("2026-11-23T17:30"), CALENDAR.endOfWorkingDays(at("2026-11-23T10:00"), 0));
        assertEquals(at("2026-11-24T17:30"), CALENDAR.endOfWorkingDays(at("2026-11-23T18:00"), 0));
    }

    @Test
    void shouldTellWorkingTime() {
        assertTrue(CALENDAR.isWorkingTime(at("2026-11-23T08:30")));
        assertFalse(CALENDAR.isWorkingTime(at("2026-11-23T12:30")));
        assertFalse(CALENDAR.isWorkingTime(at("2026-11-22T10:00")));
    }

    @Test
    void shouldRefuseOverlappingPeriods() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkCalendar(ZONE,
                List.of(WorkCalendar.Period.parse("08:00-12:00"), WorkCalendar.Period.parse("11:00-13:00")),
                Set.of(java.time.DayOfWeek.MONDAY), Set.of(), Set.of()));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    @Test
    void shouldRefuseABadPeriod() {
        assertThrows(IllegalArgumentException.class, () -> WorkCalendar.Period.parse("8.30 to 12"));
    }

    @Test
    void shouldParseTimeLimits() {
        assertEquals(new WorkTime.Hours(Duration.ofHours(2)), WorkTime.parse("2h"));
        assertEquals(new WorkTime.Hours(Duration.ofMinutes(90)), WorkTime.parse("90m"));
        assertEquals(new WorkTime.Days(13), WorkTime.parse("13d"));
        assertEquals(new WorkTime.SameDay(), WorkTime.parse("same-day"));
        assertThrows(IllegalArgumentException.class, () -> WorkTime.parse("soon"));
    }

    @Test
    void shouldEndTheSameDayAtMidnightRoundTheClock() {
        assertEquals(at("2026-11-23T00:00"), new WorkTime.SameDay().from(at("2026-11-22T20:15"), CALENDAR));
    }
}
