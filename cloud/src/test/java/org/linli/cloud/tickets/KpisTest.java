package org.linli.cloud.tickets;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.linli.cloud.tickets.Fixtures.at;
import static org.linli.cloud.tickets.Fixtures.filed;
import static org.linli.cloud.tickets.Fixtures.must;

class KpisTest {
    private static final Instant MON = at("2026-11-23T09:00");

    /** Accepted after {@code acceptAfter}, resolved after {@code resolveAfter} (null: not), evaluated. */
    private static Ticket ticket(long id, String grid, Duration acceptAfter, Duration resolveAfter, Boolean satisfied) {
        Ticket.Builder b = filed(id, MON).toBuilder();
        b.grid = grid;
        Ticket t = must(b.build(), Action.DISPATCH, MON);
        if (acceptAfter != null) {
            t = must(t, Action.ACCEPT, MON.plus(acceptAfter));
        }
        if (resolveAfter != null) {
            t = must(t, Action.RESOLVE, MON.plus(resolveAfter));
        }
        if (satisfied != null) {
            t = must(t, new Lifecycle.Command(Action.EVALUATE, "wang", null, satisfied), MON.plus(resolveAfter).plusSeconds(60));
        }
        return t;
    }

    @Test
    void shouldComputeTheRatesPerGridAndCommunity() {
        List<Ticket> tickets = List.of(
                ticket(1, "g1-1", Duration.ofMinutes(30), Duration.ofHours(3), true),
                ticket(2, "g1-1", Duration.ofHours(3), Duration.ofHours(5), false), // accepted late (due 11:00)
                ticket(3, "g1-1", Duration.ofMinutes(10), null, null),
                ticket(4, "g2-1", Duration.ofMinutes(20), Duration.ofHours(1), true));
        Kpis.Report r = Kpis.report(tickets, MON.minusSeconds(60), MON.plusSeconds(60), at("2026-11-23T18:00"), "花园社区");
        Kpis.Figures all = r.community();
        assertEquals(4, all.dispatched());
        assertEquals(0.75, all.responseRate());
        assertEquals(0.75, all.resolutionRate());
        assertEquals(2.0 / 3, all.satisfactionRate(), 1e-9);
        assertEquals(1, all.overdue());
        assertEquals(Duration.ofMinutes(25), all.medianToAccept());
        assertEquals(Duration.ofHours(3), all.medianToResolve());
        assertEquals(List.of("g1-1", "g2-1"), r.grids().stream().map(Kpis.Figures::scope).toList());
        Kpis.Figures g1 = r.grids().get(0);
        assertEquals(3, g1.dispatched());
        assertEquals(2.0 / 3, g1.responseRate(), 1e-9);
        assertEquals(0.5, g1.satisfactionRate());
    }

    @Test
    void shouldCountAnUnacceptedTicketPastItsDeadlineAsOverdue() {
        Ticket waiting = ticket(5, "g1-1", null, null, null);
        assertEquals(0, Kpis.figures("x", List.of(waiting), at("2026-11-23T10:59")).overdue());
        assertEquals(1, Kpis.figures("x", List.of(waiting), at("2026-11-23T11:01")).overdue());
    }

    @Test
    void shouldLeaveRatesEmptyWithNothingToCount() {
        Kpis.Figures none = Kpis.figures("x", List.of(), MON);
        assertNull(none.responseRate());
        assertNull(none.satisfactionRate());
        assertNull(none.medianToAccept());
    }

    @Test
    void shouldLeaveOutRejectedAndOtherPeriods() {
        Ticket rejected = must(ticket(6, "g1-1", null, null, null), Action.REJECT, MON);
        Ticket lastWeek = ticket(7, "g1-1", Duration.ofMinutes(5), null, null);
        Kpis.Report r = Kpis.report(List.of(rejected, lastWeek), MON.plusSeconds(60), MON.plusSeconds(120), MON, "c");
        assertEquals(0, r.community().dispatched());
    }

    private static final java.time.ZoneId SHANGHAI = java.time.ZoneId.of("Asia/Shanghai");

    private static Ticket dispatchedAt(long id, String grid, Instant at, boolean resolved) {
        Ticket.Builder b = filed(id, at).toBuilder();
        b.grid = grid;
        Ticket t = must(b.build(), Action.DISPATCH, at);
        if (resolved) {
            t = must(must(t, Action.ACCEPT, at.plusSeconds(60)), Action.RESOLVE, at.plusSeconds(600));
        }
        return t;
    }

    private static java.time.LocalDate day(String d) {
        return java.time.LocalDate.parse(d);
    }

    @Test
    void shouldCutTheLastEightWeeksMondayToSundayNewestFirst() {
        List<Kpis.Period> weeks = Kpis.periods(Kpis.By.WEEK, day("2026-11-22"), 8); // a Sunday
        assertEquals(8, weeks.size());
        assertEquals(new Kpis.Period(day("2026-11-16"), day("2026-11-23")), weeks.get(0), "this week, from Monday");
        assertEquals(day("2026-11-22"), weeks.get(0).last());
        assertEquals(new Kpis.Period(day("2026-09-28"), day("2026-10-05")), weeks.get(7));
        for (int i = 1; i < weeks.size(); i++) {
            assertEquals(weeks.get(i).to(), weeks.get(i - 1).from(), "no gap, no overlap");
        }
        assertEquals(day("2026-11-23"), Kpis.periods(Kpis.By.WEEK, day("2026-11-23"), 1).get(0).from(), "a Monday starts its week");
    }

    @Test
    void shouldCutCalendarMonthsAcrossTheYearAndFebruary() {
        List<Kpis.Period> months = Kpis.periods(Kpis.By.MONTH, day("2027-03-31"), 6);
        assertEquals(new Kpis.Period(day("2027-03-01"), day("2027-04-01")), months.get(0));
        assertEquals(new Kpis.Period(day("2027-02-01"), day("2027-03-01")), months.get(1));
        assertEquals(day("2027-02-28"), months.get(1).last());
        assertEquals(new Kpis.Period(day("2026-10-01"), day("2026-11-01")), months.get(5), "back into the year before");
    }

    @Test
    void shouldRefuseAnEmptyPeriodList() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Kpis.periods(Kpis.By.WEEK, day("2026-11-22"), 0));
    }

    @Test
    void shouldCountEachTicketInTheLocalWeekOfItsDispatch() {
        // Sunday 23:30 in Shanghai is still last week although it is Sunday 15:30 UTC; Monday 00:10 is this week
        Ticket sundayNight = dispatchedAt(1, "g1-1", Instant.parse("2026-11-15T15:30:00Z"), true);
        Ticket mondayEarly = dispatchedAt(2, "g1-1", Instant.parse("2026-11-15T16:10:00Z"), false);
        Ticket otherGrid = dispatchedAt(3, "g1-2", Instant.parse("2026-11-18T02:00:00Z"), true);
        Ticket tooOld = dispatchedAt(4, "g1-1", Instant.parse("2026-10-01T02:00:00Z"), true);
        List<Kpis.PeriodReport> r = Kpis.byPeriod(List.of(sundayNight, mondayEarly, otherGrid, tooOld),
                Kpis.periods(Kpis.By.WEEK, day("2026-11-22"), 2), SHANGHAI, Instant.parse("2026-11-22T10:00:00Z"), "花园社区");
        Kpis.Report thisWeek = r.get(0).report();
        Kpis.Report lastWeek = r.get(1).report();
        assertEquals(Instant.parse("2026-11-15T16:00:00Z"), thisWeek.from(), "local midnight");
        assertEquals(2, thisWeek.community().dispatched());
        assertEquals(List.of("g1-1", "g1-2"), thisWeek.grids().stream().map(Kpis.Figures::scope).toList());
        assertEquals(0, thisWeek.grids().get(0).resolved());
        assertEquals(1, thisWeek.grids().get(1).resolved());
        assertEquals(1, lastWeek.community().dispatched());
        assertEquals(1, lastWeek.grids().get(0).resolved());
        assertEquals(1.0, lastWeek.grids().get(0).resolutionRate());
    }

    @Test
    void shouldCountEachTicketInTheLocalMonthOfItsDispatch() {
        // 1 November 07:00 in Shanghai is 31 October 23:00 UTC: a November ticket
        Ticket firstOfNovember = dispatchedAt(1, "g1-1", Instant.parse("2026-10-31T23:00:00Z"), true);
        Ticket endOfOctober = dispatchedAt(2, "g1-1", Instant.parse("2026-10-31T15:59:00Z"), false);
        List<Kpis.PeriodReport> r = Kpis.byPeriod(List.of(firstOfNovember, endOfOctober),
                Kpis.periods(Kpis.By.MONTH, day("2026-11-22"), 6), SHANGHAI, Instant.parse("2026-11-22T10:00:00Z"), "c");
        assertEquals(6, r.size());
        assertEquals(1, r.get(0).report().community().dispatched());
        assertEquals(1, r.get(0).report().community().resolved());
        assertEquals(1, r.get(1).report().community().dispatched());
        assertEquals(0, r.get(1).report().community().resolved());
        assertEquals(0, r.get(2).report().community().dispatched());
        assertNull(r.get(2).report().community().resolutionRate(), "nothing to count");
    }

    @Test
    void shouldKeepLocalMidnightsAcrossADaylightSavingChange() {
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        Kpis.Period week = Kpis.periods(Kpis.By.WEEK, day("2026-10-25"), 1).get(0); // the change is on 25 October
        assertEquals(Instant.parse("2026-10-18T22:00:00Z"), week.start(berlin));
        assertEquals(Instant.parse("2026-10-25T23:00:00Z"), week.end(berlin), "a week of 169 hours");
    }
}
