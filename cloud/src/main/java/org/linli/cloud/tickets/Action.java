package org.linli.cloud.tickets;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What staff do to a ticket; the name in lower case is the action's path ({@code POST /api/tickets/{id}/accept}). */
public enum Action {
    DISPATCH(EnumSet.of(TicketStatus.FILED, TicketStatus.RETURNED), TicketStatus.DISPATCHED),
    ACCEPT(EnumSet.of(TicketStatus.DISPATCHED), TicketStatus.ACCEPTED),
    START(EnumSet.of(TicketStatus.ACCEPTED), TicketStatus.IN_PROGRESS),
    RESOLVE(EnumSet.of(TicketStatus.ACCEPTED, TicketStatus.IN_PROGRESS), TicketStatus.RESOLVED),
    EVALUATE(EnumSet.of(TicketStatus.RESOLVED), TicketStatus.EVALUATED),
    CLOSE(EnumSet.of(TicketStatus.EVALUATED), TicketStatus.CLOSED),
    /** The worker sends it back to dispatch; needs a reason. */
    RETURN(EnumSet.of(TicketStatus.DISPATCHED, TicketStatus.ACCEPTED, TicketStatus.IN_PROGRESS), TicketStatus.RETURNED),
    /** Not a matter for the grid; needs a reason. */
    REJECT(EnumSet.of(TicketStatus.FILED, TicketStatus.DISPATCHED, TicketStatus.RETURNED), TicketStatus.REJECTED),
    /** A note in the history; any status, no change. */
    NOTE(EnumSet.allOf(TicketStatus.class), null),
    /** By hand: one level up, while the ticket is open. */
    ESCALATE(EnumSet.of(TicketStatus.FILED, TicketStatus.DISPATCHED, TicketStatus.ACCEPTED, TicketStatus.IN_PROGRESS,
            TicketStatus.RETURNED), null);

    /**
     * The permission a person needs for this action (besides the ticket's grid, see
     * {@link org.linli.cloud.auth.Access#mayOnGrid}): the worker's part ({@code WORK_TICKETS}: accept, start,
     * resolve, return, note) or the holder's above ({@code MANAGE_TICKETS}: dispatch, escalate, evaluate,
     * close, reject).
     */
    public org.linli.cloud.auth.Action permission() {
        return switch (this) {
            case ACCEPT, START, RESOLVE, RETURN, NOTE -> org.linli.cloud.auth.Action.WORK_TICKETS;
            case DISPATCH, ESCALATE, EVALUATE, CLOSE, REJECT -> org.linli.cloud.auth.Action.MANAGE_TICKETS;
        };
    }

    private final Set<TicketStatus> from;
    private final TicketStatus to;

    Action(Set<TicketStatus> from, TicketStatus to) {
        this.from = from;
        this.to = to;
    }

    /** The statuses it may be taken from. */
    public Set<TicketStatus> from() {
        return from;
    }

    /** The status it leads to; null when the status stays. */
    public TicketStatus to() {
        return to;
    }

    /** The path and event name: {@code accept}. */
    public String path() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action for a path segment such as {@code accept}, if there is one. */
    public static Optional<Action> ofPath(String path) {
        for (Action a : values()) {
            if (a.path().equals(path)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
