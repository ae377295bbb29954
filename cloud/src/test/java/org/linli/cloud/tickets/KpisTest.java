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
}
