package org.linli.cloud.tickets;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a ticket, as the ticket's history shows it: who, when, from which status to which, and
 * a note. State changes carry the action's name as type; events that do not change the status
 * ({@code note}, {@code escalated}, {@code overdue}, {@code episode}, {@code recheck}) have
 * {@code from == to}.
 *
 * @param at    when
 * @param actor a user name, or {@code system} for the service itself
 * @param type  {@code opened}, an action's name ({@code dispatch}, {@code accept} …), {@code escalated},
 *              {@code overdue}, {@code episode}, {@code recheck}
 * @param from  the status before; null for {@code opened}
 * @param to    the status after
 * @param note  free text: the reason of a return or rejection, the escalation's target …; may be null
 */
public record TicketEvent(Instant at, String actor, String type, TicketStatus from, TicketStatus to, String note) {

    /** The actor of what the service does by itself. */
    public static final String SYSTEM = "system";

    public TicketEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(to, "to");
    }

    /** An event that leaves the status as it is. */
    public static TicketEvent about(Ticket t, Instant at, String actor, String type, String note) {
        return new TicketEvent(at, actor, type, t.status(), t.status(), note);
    }
}
