package org.linli.cloud.tickets;

import org.linli.config.SpaceKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The ticket loop as a state machine: which action is allowed in which status, what it changes, and
 * the events it leaves. Deadlines start at dispatch (accept and resolve) and at resolution (callback);
 * a resolved noise or encroachment ticket watches its space for the re-check window.
 */
public final class Lifecycle {
    private static final Set<TicketKind> RECHECKED = Set.of(TicketKind.NOISE, TicketKind.ENCROACHMENT);

    private final DeadlinePolicy policy;
    private final WorkCalendar calendar;
    private final Routing routing;
    private final Duration recheckWindow;

    public Lifecycle(DeadlinePolicy policy, WorkCalendar calendar, Routing routing, Duration recheckWindow) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.recheckWindow = Objects.requireNonNull(recheckWindow, "recheckWindow");
    }

    /**
     * What a person (or the service) asks for.
     *
     * @param action    what
     * @param actor     who; required
     * @param note      a note; the reason of a return or rejection, the text of a note
     * @param satisfied the evaluation; required for {@link Action#EVALUATE}
     */
    public record Command(Action action, String actor, String note, Boolean satisfied) {
        public Command {
            Objects.requireNonNull(action, "action");
        }

        public static Command of(Action action, String actor) {
            return new Command(action, actor, null, null);
        }
    }

    /** The outcome: refused with a reason, or the changed ticket with its new events. */
    public sealed interface Decision {
    }

    /** Not allowed; nothing changed. */
    public record Refused(String reason) implements Decision {
    }

    /** The ticket after the change, and the events that record it. */
    public record Changed(Ticket ticket, List<TicketEvent> events) implements Decision {
        public Changed {
            events = List.copyOf(events);
        }
    }

    /** Applies {@code cmd} to {@code t} at {@code now}; {@code spaceKind} picks the time limits. */
    public Decision apply(Ticket t, Command cmd, Instant now, SpaceKind spaceKind) {
        Action a = cmd.action();
        if (cmd.actor() == null || cmd.actor().isBlank()) {
            return new Refused("an actor is required (who does it)");
        }
        if (!a.from().contains(t.status())) {
            return new Refused("cannot " + a.path() + " a ticket that is " + t.status() + " (" + t.status().zh()
                    + "); " + a.path() + " needs " + a.from());
        }
        String note = cmd.note() == null || cmd.note().isBlank() ? null : cmd.note().strip();
        if ((a == Action.RETURN || a == Action.REJECT || a == Action.NOTE) && note == null) {
            return new Refused(a.path() + " needs a " + (a == Action.NOTE ? "note" : "reason") + " (field note)");
        }
        if (a == Action.EVALUATE && cmd.satisfied() == null) {
            return new Refused("evaluate needs satisfied: true or false");
        }
        Ticket.Builder b = t.toBuilder();
        b.updatedAt = now;
        List<TicketEvent> events = new ArrayList<>();
        switch (a) {
            case DISPATCH -> {
                DeadlinePolicy.Limits limits = policy.limits(t.kind(), spaceKind);
                if (b.dispatchedAt == null) {
                    b.dispatchedAt = now;
                }
                b.acceptedAt = null;
                b.acceptDue = limits.accept().from(now, calendar);
                b.resolveDue = limits.resolve().from(now, calendar);
                b.acceptEscalated = false;
                b.resolveEscalated = false;
                note = join(note, "派给" + t.level().zh() + " " + t.assignee() + "，接单时限 " + limits.accept().text()
                        + "，办结时限 " + limits.resolve().text());
            }
            case ACCEPT -> b.acceptedAt = now;
            case START -> {
            }
            case RESOLVE -> {
                b.resolvedAt = now;
                b.callbackDue = policy.callback().from(now, calendar);
                if (RECHECKED.contains(t.kind())) {
                    b.recheckUntil = now.plus(recheckWindow);
                    b.recheckOutcome = null;
                }
            }
            case EVALUATE -> {
                b.evaluatedAt = now;
                b.satisfied = cmd.satisfied();
                note = join(cmd.satisfied() ? "满意 satisfied" : "不满意 not satisfied", note);
            }
            case CLOSE, REJECT -> b.closedAt = now;
            case RETURN, NOTE -> {
            }
            case ESCALATE -> {
                if (t.level() == Level.COMMUNITY) {
                    return new Refused("already at the community (" + routing.community() + "): nothing above it");
                }
                Routing.Assignment up = routing.assignee(t.grid(), t.level().up());
                b.level = up.level();
                b.assignee = up.assignee();
                events.add(new TicketEvent(now, cmd.actor(), "escalated", t.status(), t.status(),
                        join("升级至" + up.level().zh() + " " + up.assignee(), note)));
                return new Changed(b.build(), events);
            }
        }
        if (a.to() != null) {
            b.status = a.to();
        }
        Ticket after = b.build();
        events.add(new TicketEvent(now, cmd.actor(), a.path(), t.status(), after.status(), note));
        return new Changed(after, events);
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "；" + b;
    }
}
