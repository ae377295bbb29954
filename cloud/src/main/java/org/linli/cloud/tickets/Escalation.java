package org.linli.cloud.tickets;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Holds tickets to their deadlines: an accept deadline that passes while the ticket waits for
 * acceptance, and a resolve deadline that passes while it is open, each move it one level up (worker
 * → grid head → community) exactly once; a callback that is overdue is recorded once. A ticket already
 * at the community stays there and the passed deadline is recorded as overdue.
 */
public final class Escalation {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Routing routing;
    private final ZoneId zone;

    public Escalation(Routing routing, ZoneId zone) {
        this.routing = routing;
        this.zone = zone;
    }

    /** What passed deadlines do to {@code t} at {@code now}; empty when nothing is due. */
    public Optional<Lifecycle.Changed> check(Ticket t, Instant now) {
        Ticket.Builder b = t.toBuilder();
        List<TicketEvent> events = new ArrayList<>();
        if (t.status().awaitsAccept() && t.acceptDue() != null && now.isAfter(t.acceptDue()) && !t.acceptEscalated()) {
            b.acceptEscalated = true;
            escalate(b, t, now, "接单超时 accept deadline " + SHOWN.format(t.acceptDue().atZone(zone)) + " passed", events);
        }
        if (t.status().open() && t.resolveDue() != null && now.isAfter(t.resolveDue()) && !t.resolveEscalated()) {
            b.resolveEscalated = true;
            escalate(b, t, now, "办结超时 resolve deadline " + SHOWN.format(t.resolveDue().atZone(zone)) + " passed", events);
        }
        if (t.status() == TicketStatus.RESOLVED && t.callbackDue() != null && now.isAfter(t.callbackDue())
                && !t.callbackOverdue()) {
            b.callbackOverdue = true;
            events.add(TicketEvent.about(t, now, TicketEvent.SYSTEM, "overdue",
                    "回访超时 callback deadline " + SHOWN.format(t.callbackDue().atZone(zone)) + " passed"));
        }
        if (events.isEmpty()) {
            return Optional.empty();
        }
        b.updatedAt = now;
        return Optional.of(new Lifecycle.Changed(b.build(), events));
    }

    private void escalate(Ticket.Builder b, Ticket t, Instant now, String why, List<TicketEvent> events) {
        if (b.level == Level.COMMUNITY) {
            events.add(TicketEvent.about(t, now, TicketEvent.SYSTEM, "overdue", why + "；已在社区 stays with the community"));
            return;
        }
        Routing.Assignment up = routing.assignee(t.grid(), b.level.up());
        events.add(TicketEvent.about(t, now, TicketEvent.SYSTEM, "escalated",
                why + "；升级至" + up.level().zh() + " " + up.assignee() + "（原 " + b.level.zh() + " " + b.assignee + "）"));
        b.level = up.level();
        b.assignee = up.assignee();
    }
}
