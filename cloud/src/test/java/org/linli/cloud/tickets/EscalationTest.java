package org.linli.cloud.tickets;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.cloud.tickets.Fixtures.ROUTING;
import static org.linli.cloud.tickets.Fixtures.ZONE;
import static org.linli.cloud.tickets.Fixtures.at;
import static org.linli.cloud.tickets.Fixtures.filed;
import static org.linli.cloud.tickets.Fixtures.must;

class EscalationTest {
    private static final Escalation ESCALATION = new Escalation(ROUTING, ZONE);
    /** Friday 17:00: the accept deadline (2 working hours) is Monday 10:00. */
    private static final Instant FRIDAY_17 = at("2026-11-27T17:00");

    private static Ticket dispatched() {
        return must(filed(7, FRIDAY_17), Action.DISPATCH, FRIDAY_17);
    }

    @Test
    void shouldNotEscalateOverTheWeekend() {
        assertEquals(Optional.empty(), ESCALATION.check(dispatched(), at("2026-11-29T23:00")));
    }

    @Test
    void shouldEscalateToTheGridHeadWhenTheAcceptDeadlinePasses() {
        Lifecycle.Changed c = ESCALATION.check(dispatched(), at("2026-11-30T10:00:01")).orElseThrow();
        assertEquals(Level.GRID_HEAD, c.ticket().level());
        assertEquals("王建华", c.ticket().assignee());
        assertTrue(c.ticket().acceptEscalated());
        assertEquals("escalated", c.events().get(0).type());
        assertTrue(c.events().get(0).note().contains("接单超时"), c.events().get(0).note());
    }

    @Test
    void shouldNeverEscalateTwiceForTheSameDeadline() {
        Ticket once = ESCALATION.check(dispatched(), at("2026-11-30T10:00:01")).orElseThrow().ticket();
        assertEquals(Optional.empty(), ESCALATION.check(once, at("2026-11-30T15:00")));
    }

    @Test
    void shouldEscalateOnceMoreWhenTheResolveDeadlinePasses() {
        Ticket once = ESCALATION.check(dispatched(), at("2026-11-30T10:00:01")).orElseThrow().ticket();
        Ticket accepted = must(once, Action.ACCEPT, at("2026-11-30T11:00"));
        Instant afterResolveDue = accepted.resolveDue().plusSeconds(1);
        Lifecycle.Changed c = ESCALATION.check(accepted, afterResolveDue).orElseThrow();
        assertEquals(Level.COMMUNITY, c.ticket().level());
        assertTrue(c.events().get(0).note().contains("办结超时"), c.events().get(0).note());
        assertEquals(Optional.empty(), ESCALATION.check(c.ticket(), afterResolveDue.plusSeconds(3600)));
    }

    @Test
    void shouldEscalateOneLevelPerOverdueDeadline() {
        Lifecycle.Changed c = ESCALATION.check(dispatched(), at("2026-12-10T10:00")).orElseThrow();
        assertEquals(Level.COMMUNITY, c.ticket().level());
        assertEquals(2, c.events().size());
    }

    @Test
    void shouldRecordOverdueAtTheCommunityWithoutGoingHigher() {
        Ticket t = must(must(dispatched(), Action.ESCALATE, FRIDAY_17), Action.ESCALATE, FRIDAY_17);
        Lifecycle.Changed c = ESCALATION.check(t, at("2026-11-30T10:00:01")).orElseThrow();
        assertEquals(Level.COMMUNITY, c.ticket().level());
        assertEquals("overdue", c.events().get(0).type());
    }

    @Test
    void shouldNotEscalateAcceptOnceAccepted() {
        Ticket accepted = must(dispatched(), Action.ACCEPT, at("2026-11-30T09:00"));
        assertEquals(Optional.empty(), ESCALATION.check(accepted, at("2026-11-30T12:00")));
    }

    @Test
    void shouldRecordAnOverdueCallbackOnce() {
        Ticket resolved = must(must(dispatched(), Action.ACCEPT, at("2026-11-30T09:00")), Action.RESOLVE, at("2026-11-30T10:00"));
        Lifecycle.Changed c = ESCALATION.check(resolved, at("2026-12-01T17:31")).orElseThrow();
        assertEquals("overdue", c.events().get(0).type());
        assertEquals(Level.WORKER, c.ticket().level());
        assertEquals(Optional.empty(), ESCALATION.check(c.ticket(), at("2026-12-02T17:31")));
    }

    @Test
    void shouldRouteAGridWithoutWorkerOrHeadToTheCommunity() {
        assertEquals(new Routing.Assignment(Level.COMMUNITY, "花园社区"), ROUTING.route("west-yard").orElseThrow().assignment());
        assertEquals(new Routing.Assignment(Level.WORKER, "李秀英"), ROUTING.route("plaza-east").orElseThrow().assignment());
        assertTrue(ROUTING.route("nowhere").isEmpty());
    }
}
