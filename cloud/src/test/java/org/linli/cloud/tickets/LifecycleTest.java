package org.linli.cloud.tickets;

import org.junit.jupiter.api.Test;
import org.linli.config.SpaceKind;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.cloud.tickets.Fixtures.LIFECYCLE;
import static org.linli.cloud.tickets.Fixtures.at;
import static org.linli.cloud.tickets.Fixtures.filed;
import static org.linli.cloud.tickets.Fixtures.must;

class LifecycleTest {
    private static final Instant MONDAY_9 = at("2026-11-23T09:00");

    @Test
    void shouldWalkTheWholeLoop() {
        Ticket t = filed(1, MONDAY_9);
        for (Action a : new Action[]{Action.DISPATCH, Action.ACCEPT, Action.START, Action.RESOLVE, Action.EVALUATE, Action.CLOSE}) {
            t = must(t, a, MONDAY_9.plus(Duration.ofMinutes(10 * a.ordinal())));
        }
        assertEquals(TicketStatus.CLOSED, t.status());
        assertEquals(Boolean.TRUE, t.satisfied());
        assertEquals(MONDAY_9, t.dispatchedAt());
        assertTrue(t.closedAt() != null && t.evaluatedAt() != null && t.resolvedAt() != null);
    }

    @Test
    void shouldRecordEveryChangeAsAnEventWithWhoWhenFromTo() {
        Lifecycle.Changed c = (Lifecycle.Changed) LIFECYCLE.apply(must(filed(1, MONDAY_9), Action.DISPATCH, MONDAY_9),
                new Lifecycle.Command(Action.ACCEPT, "li", "on my way", null), MONDAY_9.plusSeconds(60), SpaceKind.PLAZA);
        assertEquals(1, c.events().size());
        TicketEvent e = c.events().get(0);
        assertEquals(new TicketEvent(MONDAY_9.plusSeconds(60), "li", "accept", TicketStatus.DISPATCHED,
                TicketStatus.ACCEPTED, "on my way"), e);
    }

    @Test
    void shouldRefuseAcceptingATicketNotDispatched() {
        Lifecycle.Decision d = LIFECYCLE.apply(filed(1, MONDAY_9), Lifecycle.Command.of(Action.ACCEPT, "li"), MONDAY_9, SpaceKind.PLAZA);
        Lifecycle.Refused r = assertInstanceOf(Lifecycle.Refused.class, d);
        assertTrue(r.reason().contains("cannot accept a ticket that is FILED"), r.reason());
    }

    @Test
    void shouldRefuseClosingBeforeEvaluation() {
        Ticket resolved = must(must(must(filed(1, MONDAY_9), Action.DISPATCH, MONDAY_9), Action.ACCEPT, MONDAY_9), Action.RESOLVE, MONDAY_9);
        assertInstanceOf(Lifecycle.Refused.class, LIFECYCLE.apply(resolved, Lifecycle.Command.of(Action.CLOSE, "li"), MONDAY_9, SpaceKind.PLAZA));
    }

    @Test
    void shouldRequireAReasonToReturnOrReject() {
        Ticket dispatched = must(filed(1, MONDAY_9), Action.DISPATCH, MONDAY_9);
        Lifecycle.Refused r = assertInstanceOf(Lifecycle.Refused.class,
                LIFECYCLE.apply(dispatched, Lifecycle.Command.of(Action.RETURN, "li"), MONDAY_9, SpaceKind.PLAZA));
        assertTrue(r.reason().contains("reason"), r.reason());
        assertInstanceOf(Lifecycle.Refused.class,
                LIFECYCLE.apply(dispatched, new Lifecycle.Command(Action.REJECT, "li", "  ", null), MONDAY_9, SpaceKind.PLAZA));
    }

    @Test
    void shouldReturnToDispatchAndDispatchAgainWithNewDeadlines() {
        Ticket returned = must(must(filed(1, MONDAY_9), Action.DISPATCH, MONDAY_9), Action.RETURN, MONDAY_9.plusSeconds(600));
        assertEquals(TicketStatus.RETURNED, returned.status());
        Instant later = at("2026-11-24T09:00");
        Ticket again = must(returned, Action.DISPATCH, later);
        assertEquals(TicketStatus.DISPATCHED, again.status());
        assertEquals(MONDAY_9, again.dispatchedAt(), "KPIs count from the first dispatch");
        assertEquals(at("2026-11-24T11:00"), again.acceptDue());
    }

    @Test
    void shouldRejectWithAReasonAndCloseIt() {
        Ticket rejected = must(filed(1, MONDAY_9), new Lifecycle.Command(Action.REJECT, "wang", "物业管辖 property's matter", null), MONDAY_9);
        assertEquals(TicketStatus.REJECTED, rejected.status());
        assertEquals(MONDAY_9, rejected.closedAt());
        assertTrue(!rejected.open());
    }

    @Test
    void shouldRequireTheEvaluation() {
        Ticket resolved = must(must(must(filed(1, MONDAY_9), Action.DISPATCH, MONDAY_9), Action.ACCEPT, MONDAY_9), Action.RESOLVE, MONDAY_9);
        Lifecycle.Refused r = assertInstanceOf(Lifecycle.Refused.class,
                LIFECYCLE.apply(resolved, Lifecycle.Command.of(Action.EVALUATE, "wang"), MONDAY_9, SpaceKind.PLAZA));
        assertTrue(r.reason().contains("satisfied"), r.reason());
        Ticket evaluated = must(resolved, new Lifecycle.Command(Action.EVALUATE, "wang", "还是吵", false), MONDAY_9);
        assertEquals(Boolean.FALSE, evaluated.satisfied());
    }

    @Test
    void shouldRequireAnActor() {
        assertInstanceOf(Lifecycle.Refused.class,
                LIFECYCLE.apply(filed(1, MONDAY_9), Lifecycle.Command.of(Action.DISPATCH, " "), MONDAY_9, SpaceKind.PLAZA));
    }

    @Test
    void shouldSetDeadlinesAtDispatchOnTheWorkingCalendar() {
        Ticket t = must(filed(1, at("2026-11-27T16:30")), Action.DISPATCH, at("2026-11-27T16:30"));
        assertEquals(at("2026-11-30T09:30"), t.acceptDue(), "2 working hours from Friday 16:30");
        assertEquals(at("2026-12-02T17:30"), t.resolveDue(), "3 working days after Friday");
    }

    @Test
    void shouldUseTheFireLaneLimitsForAnEncroachmentThere() {
        Ticket.Builder b = filed(1, MONDAY_9).toBuilder();
        b.kind = TicketKind.ENCROACHMENT;
        Lifecycle.Changed c = (Lifecycle.Changed) LIFECYCLE.apply(b.build(), Lifecycle.Command.of(Action.DISPATCH, "system"),
                at("2026-11-23T20:00"), SpaceKind.FIRE_LANE);
        assertEquals(at("2026-11-24T00:00"), c.ticket().resolveDue());
    }

    @Test
    void shouldSetTheCallbackAndTheRecheckAtResolution() {
        Ticket resolved = must(must(must(filed(1, MONDAY_9), Action.DISPATCH, MONDAY_9), Action.ACCEPT, MONDAY_9), Action.RESOLVE, MONDAY_9);
        assertEquals(at("2026-11-24T17:30"), resolved.callbackDue());
        assertEquals(MONDAY_9.plus(Duration.ofHours(24)), resolved.recheckUntil());
    }

    @Test
    void shouldKeepTheStatusOnANote() {
        Ticket t = filed(1, MONDAY_9);
        Lifecycle.Changed c = (Lifecycle.Changed) LIFECYCLE.apply(t, new Lifecycle.Command(Action.NOTE, "li", "居民来电", null),
                MONDAY_9, SpaceKind.PLAZA);
        assertEquals(TicketStatus.FILED, c.ticket().status());
        assertEquals("note", c.events().get(0).type());
        assertEquals(TicketStatus.FILED, c.events().get(0).from());
    }

    @Test
    void shouldEscalateByHandOneLevelAndRefuseAboveTheCommunity() {
        Ticket t = must(filed(1, MONDAY_9), Action.ESCALATE, MONDAY_9);
        assertEquals(Level.GRID_HEAD, t.level());
        assertEquals("王建华", t.assignee());
        t = must(t, Action.ESCALATE, MONDAY_9);
        assertEquals(Level.COMMUNITY, t.level());
        assertEquals("花园社区", t.assignee());
        assertInstanceOf(Lifecycle.Refused.class,
                LIFECYCLE.apply(t, Lifecycle.Command.of(Action.ESCALATE, "wang"), MONDAY_9, SpaceKind.PLAZA));
    }

    @Test
    void shouldNotResolveARejectedTicket() {
        Ticket rejected = must(filed(1, MONDAY_9), Action.REJECT, MONDAY_9);
        assertInstanceOf(Lifecycle.Refused.class,
                LIFECYCLE.apply(rejected, Lifecycle.Command.of(Action.RESOLVE, "li"), MONDAY_9, SpaceKind.PLAZA));
        assertNull(rejected.resolvedAt());
    }
}
