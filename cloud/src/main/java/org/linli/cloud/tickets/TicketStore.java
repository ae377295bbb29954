package org.linli.cloud.tickets;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.linli.config.Site;
import org.linli.config.Space;
import org.linli.config.SpaceKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tickets' transactions: each method reads, decides with the core and writes the ticket with its
 * events in one transaction, the ticket's row locked ({@code FOR UPDATE}) so that a person's action and
 * the deadline job never interleave on one ticket, not even across cloud instances.
 */
@Singleton
public class TicketStore {
    private final TicketRepository tickets;
    private final TicketEventRepository events;
    private final Lifecycle lifecycle;
    private final Escalation escalation;
    private final Recurrence recurrence;
    private final Site site;

    public TicketStore(TicketRepository tickets, TicketEventRepository events, Lifecycle lifecycle,
                       Escalation escalation, Recurrence recurrence, Site site) {
        this.tickets = tickets;
        this.events = events;
        this.lifecycle = lifecycle;
        this.escalation = escalation;
        this.recurrence = recurrence;
        this.site = site;
    }

    /**
     * Saves a new ticket linked to its recurrence series, with its {@code opened} event and, if asked,
     * dispatched at once. Throws the database's unique violation when the episode already has its
     * ticket ({@link TicketService} reads that as "already open"); empty when it is found beforehand.
     */
    @Transactional
    public Optional<Lifecycle.Changed> open(Ticket draft, boolean dispatch, Instant now) {
        if (tickets.findBySpaceAndKindAndEpisodeKey(draft.space(), draft.kind(), draft.episodeKey()).isPresent()) {
            return Optional.empty();
        }
        List<Ticket> earlier = tickets.findBySpaceAndKindAndFiledAtGreaterThanEqualsOrderByFiledAt(draft.space(),
                draft.kind(), now.minus(recurrence.lookBack())).stream().map(TicketRow::toTicket).toList();
        Recurrence.Link link = recurrence.link(earlier, now);
        Ticket.Builder b = draft.toBuilder();
        b.seriesId = link.seriesId();
        b.seriesCount = link.count();
        Ticket saved = tickets.save(TicketRow.of(b.build())).toTicket();
        List<TicketEvent> history = new ArrayList<>();
        String label = recurrence.label(link.count());
        history.add(new TicketEvent(now, TicketEvent.SYSTEM, "opened", null, TicketStatus.FILED,
                saved.title() + (label.isEmpty() ? "" : "（" + label + "，首单 #" + link.seriesId() + "）")
                        + "；" + saved.level().zh() + " " + saved.assignee()));
        if (dispatch) {
            Lifecycle.Decision d = lifecycle.apply(saved, Lifecycle.Command.of(Action.DISPATCH, TicketEvent.SYSTEM), now,
                    spaceKind(saved));
            if (d instanceof Lifecycle.Changed c) {
                saved = tickets.update(TicketRow.of(c.ticket())).toTicket();
                history.addAll(c.events());
            }
        }
        long id = saved.id();
        events.saveAll(history.stream().map(e -> TicketEventRow.of(id, e)).toList());
        return Optional.of(new Lifecycle.Changed(saved, history));
    }

    /** Applies a person's command; empty when there is no such ticket. */
    @Transactional
    public Optional<Lifecycle.Decision> act(long id, Lifecycle.Command cmd, Instant now) {
        return tickets.findByIdForUpdate(id).map(row -> {
            Ticket t = row.toTicket();
            Lifecycle.Decision d = lifecycle.apply(t, cmd, now, spaceKind(t));
            if (d instanceof Lifecycle.Changed c) {
                persist(c);
            }
            return d;
        });
    }

    /** Escalates the ticket if a deadline passed; empty when nothing was due (or it is gone). */
    @Transactional
    public Optional<Lifecycle.Changed> checkDeadlines(long id, Instant now) {
        return tickets.findByIdForUpdate(id).flatMap(row -> escalation.check(row.toTicket(), now)).map(this::persist);
    }

    /**
     * Changes the episode facts of the ticket of (space, kind, episode key), never its status; empty
     * when that episode has no ticket.
     */
    @Transactional
    public Optional<Lifecycle.Changed> updateEpisode(String space, TicketKind kind, String episodeKey,
                                                     Function<Ticket, Lifecycle.Changed> change) {
        return tickets.findBySpaceAndKindAndEpisodeKey(space, kind, episodeKey)
                .flatMap(row -> tickets.findByIdForUpdate(row.id()))
                .map(row -> persist(change.apply(row.toTicket())));
    }

    /**
     * Records the re-check outcome on resolved tickets of (space, kind) whose watch window holds
     * {@code at}, the start of an episode that just ended: the space was loud or occupied again, as
     * measured.
     */
    @Transactional
    public List<Lifecycle.Changed> recheckRecurred(String space, TicketKind kind, Instant at, String outcome) {
        List<Lifecycle.Changed> out = new ArrayList<>();
        for (TicketRow candidate : tickets.findBySpaceAndKindAndRecheckUntilIsNotNullAndRecheckOutcomeIsNull(space, kind)) {
            Ticket t = tickets.findByIdForUpdate(candidate.id()).map(TicketRow::toTicket).orElse(null);
            if (t == null || t.recheckOutcome() != null || t.resolvedAt() == null
                    || at.isBefore(t.resolvedAt()) || at.isAfter(t.recheckUntil())) {
                continue;
            }
            out.add(persist(recheck(t, at, outcome)));
        }
        return out;
    }

    /**
     * Records "quiet" on a ticket whose watch window ended without a new episode. A new episode that
     * started in the window but has not ended yet is waited for: its end records the outcome.
     */
    @Transactional
    public Optional<Lifecycle.Changed> recheckQuiet(long id, Instant now) {
        return tickets.findByIdForUpdate(id).map(TicketRow::toTicket)
                .filter(t -> t.recheckOutcome() == null && t.recheckUntil() != null && !now.isBefore(t.recheckUntil()))
                .filter(t -> !tickets.existsBySpaceAndKindAndEpisodeStartGreaterThanEqualsAndEpisodeStartLessThanEquals(
                        t.space(), t.kind(), t.resolvedAt(), t.recheckUntil()))
                .map(t -> persist(recheck(t, now, "安静 quiet: no new episode within the re-check window (until "
                        + t.recheckUntil() + ")")));
    }

    private static Lifecycle.Changed recheck(Ticket t, Instant at, String outcome) {
        Ticket.Builder b = t.toBuilder();
        b.recheckOutcome = outcome;
        b.updatedAt = at;
        return new Lifecycle.Changed(b.build(), List.of(TicketEvent.about(t, at, TicketEvent.SYSTEM, "recheck", outcome)));
    }

    private Lifecycle.Changed persist(Lifecycle.Changed c) {
        tickets.update(TicketRow.of(c.ticket()));
        long id = c.ticket().id();
        if (!c.events().isEmpty()) {
            events.saveAll(c.events().stream().map(e -> TicketEventRow.of(id, e)).toList());
        }
        return c;
    }

    /**
     * Folds the sensor tickets that a gateway's outage explains into the gateway's ticket: those of
     * {@code sensors} still waiting (filed or dispatched, nobody accepted them) whose outage began in
     * [{@code from}, {@code to}] are rejected by {@code system} with a reason naming the gateway ticket.
     */
    @Transactional
    public List<Lifecycle.Changed> foldIntoGateway(Ticket gatewayTicket, List<String> sensors, Instant from, Instant to,
                                                   Instant now) {
        List<Lifecycle.Changed> out = new ArrayList<>();
        if (sensors.isEmpty()) {
            return out;
        }
        for (TicketRow candidate : tickets.findByKindAndSubjectInListAndStatusInList(TicketKind.DEVICE_OFFLINE, sensors,
                List.of(TicketStatus.FILED, TicketStatus.DISPATCHED))) {
            Ticket t = tickets.findByIdForUpdate(candidate.id()).map(TicketRow::toTicket).orElse(null);
            if (t == null || t.episodeStart() == null || t.episodeStart().isBefore(from) || t.episodeStart().isAfter(to)
                    || t.id().equals(gatewayTicket.id())) {
                continue;
            }
            Lifecycle.Decision d = lifecycle.apply(t, new Lifecycle.Command(Action.REJECT, TicketEvent.SYSTEM,
                    "并入网关离线工单 #" + gatewayTicket.id() + " merged: gateway " + gatewayTicket.subject() + " is offline", null),
                    now, spaceKind(t));
            if (d instanceof Lifecycle.Changed c) {
                out.add(persist(c));
            }
        }
        return out;
    }

    /** The open offline ticket of a gateway, if there is one. */
    @Transactional(readOnly = true)
    public Optional<Ticket> openGatewayTicket(String gateway) {
        return tickets.findByKindAndSubjectInListAndStatusInList(TicketKind.DEVICE_OFFLINE, List.of(gateway),
                        List.of(TicketStatus.FILED, TicketStatus.DISPATCHED, TicketStatus.ACCEPTED, TicketStatus.IN_PROGRESS,
                                TicketStatus.RETURNED)).stream()
                .map(TicketRow::toTicket)
                .filter(t -> t.episodeKey().startsWith("gateway:") && t.episodeEnd() == null)
                .findFirst();
    }

    /** The ticket, if there is one. */
    @Transactional(readOnly = true)
    public Optional<Ticket> find(long id) {
        return tickets.findById(id).map(TicketRow::toTicket);
    }

    /** The ticket of an episode, if there is one. */
    @Transactional(readOnly = true)
    public Optional<Ticket> find(String space, TicketKind kind, String episodeKey) {
        return tickets.findBySpaceAndKindAndEpisodeKey(space, kind, episodeKey).map(TicketRow::toTicket);
    }

    /** A ticket's history, oldest first. */
    @Transactional(readOnly = true)
    public List<TicketEvent> history(long id) {
        return events.findByTicketIdOrderById(id).stream().map(TicketEventRow::toEvent).toList();
    }

    /** Filtered by any of status, grid, kind (null: any), newest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<Ticket> search(TicketStatus status, String grid, TicketKind kind, int limit) {
        return tickets.search(status == null ? null : status.name(), grid, kind == null ? null : kind.name(), limit)
                .stream().map(TicketRow::toTicket).toList();
    }

    /**
     * Tickets of any of {@code grids} (each grid one indexed query, merged), newest first, at most {@code limit}.
     */
    @Transactional(readOnly = true)
    public List<Ticket> searchGrids(TicketStatus status, java.util.Collection<String> grids, TicketKind kind, int limit) {
        return grids.stream().flatMap(g -> search(status, g, kind, limit).stream())
                .sorted(java.util.Comparator.comparing(Ticket::filedAt).reversed()
                        .thenComparing(Ticket::id, java.util.Comparator.reverseOrder()))
                .limit(limit).toList();
    }

    /** Tickets first dispatched in [from, to). */
    @Transactional(readOnly = true)
    public List<Ticket> dispatchedBetween(Instant from, Instant to) {
        return tickets.findByDispatchedAtGreaterThanEqualsAndDispatchedAtLessThan(from, to).stream()
                .map(TicketRow::toTicket).toList();
    }

    /** Tickets filed in [from, to), newest first. */
    @Transactional(readOnly = true)
    public List<Ticket> filedBetween(Instant from, Instant to) {
        return tickets.findByFiledAtGreaterThanEqualsAndFiledAtLessThanOrderByFiledAtDesc(from, to).stream()
                .map(TicketRow::toTicket).toList();
    }

    /** Ids of tickets the deadline job must look at: open or resolved ones with deadlines, and expired watches. */
    @Transactional(readOnly = true)
    public List<Long> deadlineCandidates(Instant now) {
        List<Long> ids = new ArrayList<>();
        for (TicketRow r : tickets.findByStatusInList(List.of(TicketStatus.DISPATCHED, TicketStatus.ACCEPTED,
                TicketStatus.IN_PROGRESS, TicketStatus.RETURNED, TicketStatus.FILED, TicketStatus.RESOLVED))) {
            if (escalation.check(r.toTicket(), now).isPresent()) {
                ids.add(r.id());
            }
        }
        return ids;
    }

    /** Ids of tickets whose re-check window ended without an outcome. */
    @Transactional(readOnly = true)
    public List<Long> expiredWatches(Instant now) {
        return tickets.findByRecheckUntilLessThanAndRecheckOutcomeIsNull(now).stream().map(TicketRow::id).toList();
    }

    /** The kind of the ticket's space, which refines the time limits; null for an unknown space. */
    SpaceKind spaceKind(Ticket t) {
        return site.space(t.space()).map(Space::kind).orElse(null);
    }
}
