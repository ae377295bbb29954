package org.linli.cloud.tickets;

import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tickets' use cases over {@link TicketStore}: each change is committed first, then shown on the
 * live stream. Opening an episode's ticket is idempotent: a second delivery of the event, or a race
 * between two cloud instances, meets the unique key and is "already open".
 */
@Singleton
public class TicketService {
    private static final Logger LOG = LoggerFactory.getLogger(TicketService.class);
    /** SQLSTATE of a unique violation, the same on PostgreSQL and H2. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final TicketStore store;
    private final LiveEvents live;
    private final TicketSettings settings;
    private final Clock clock;

    public TicketService(TicketStore store, LiveEvents live, TicketSettings settings, Clock clock) {
        this.store = store;
        this.live = live;
        this.settings = settings;
        this.clock = clock;
    }

    /** The service's clock: what "now" is for filing, actions and deadlines. */
    public Instant now() {
        return clock.instant();
    }

    /** Opens the draft's ticket; empty when its episode already has one. */
    public Optional<Ticket> open(Ticket draft) {
        Instant now = now();
        Optional<Lifecycle.Changed> opened;
        try {
            opened = store.open(draft, settings.autoDispatch(), now);
        } catch (DataAccessException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            LOG.debug("{} ticket for {} episode {} already open (raced)", draft.kind(), draft.space(), draft.episodeKey());
            return Optional.empty();
        }
        if (opened.isEmpty()) {
            LOG.debug("{} ticket for {} episode {} already open", draft.kind(), draft.space(), draft.episodeKey());
            return Optional.empty();
        }
        Lifecycle.Changed c = opened.get();
        LOG.info("ticket #{} opened: {} {} in {} to {} {}", c.ticket().id(), c.ticket().kind(), c.ticket().episodeKey(),
                c.ticket().space(), c.ticket().level(), c.ticket().assignee());
        show(c, "ticket-opened");
        return Optional.of(c.ticket());
    }

    /** A person's command on ticket {@code id}; empty when there is no such ticket. */
    public Optional<Lifecycle.Decision> act(long id, Lifecycle.Command cmd) {
        Optional<Lifecycle.Decision> d = store.act(id, cmd, now());
        d.ifPresent(decision -> {
            if (decision instanceof Lifecycle.Changed c) {
                show(c, cmd.action() == Action.ESCALATE ? "ticket-escalated" : "ticket-changed");
            }
        });
        return d;
    }

    /** Changes an episode's facts on its ticket (never the status). */
    public Optional<Ticket> updateEpisode(String space, TicketKind kind, String key, Function<Ticket, Lifecycle.Changed> change) {
        Optional<Lifecycle.Changed> c = store.updateEpisode(space, kind, key, change);
        c.ifPresent(changed -> show(changed, "ticket-event"));
        return c.map(Lifecycle.Changed::ticket);
    }

    /** Rejects the waiting sensor tickets a gateway's outage explains (see {@link TicketStore#foldIntoGateway}). */
    public void foldIntoGateway(Ticket gatewayTicket, List<String> sensors, Instant from, Instant to) {
        store.foldIntoGateway(gatewayTicket, sensors, from, to, now()).forEach(c -> show(c, "ticket-changed"));
    }

    /** A new episode in a space and kind: the re-check outcome of the resolved tickets that watch it. */
    public void recheckRecurred(String space, TicketKind kind, Instant at, String outcome) {
        store.recheckRecurred(space, kind, at, outcome).forEach(c -> show(c, "ticket-event"));
    }

    /**
     * The deadline job's work at {@code now}: escalates overdue tickets, records overdue callbacks and
     * quiet re-checks. Returns how many tickets changed.
     */
    public int runDeadlines(Instant now) {
        int changed = 0;
        for (long id : store.deadlineCandidates(now)) {
            Optional<Lifecycle.Changed> c = store.checkDeadlines(id, now);
            if (c.isPresent()) {
                changed++;
                LOG.info("ticket #{} overdue: {}", id, c.get().events().stream().map(TicketEvent::note).toList());
                show(c.get(), c.get().events().stream().anyMatch(e -> e.type().equals("escalated"))
                        ? "ticket-escalated" : "ticket-event");
            }
        }
        for (long id : store.expiredWatches(now)) {
            Optional<Lifecycle.Changed> c = store.recheckQuiet(id, now);
            if (c.isPresent()) {
                changed++;
                show(c.get(), "ticket-event");
            }
        }
        return changed;
    }

    public Optional<Ticket> find(long id) {
        return store.find(id);
    }

    public List<TicketEvent> history(long id) {
        return store.history(id);
    }

    public TicketStore store() {
        return store;
    }

    private void show(Lifecycle.Changed c, String type) {
        for (TicketEvent e : c.events()) {
            live.ticket(type, c.ticket(), e);
        }
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
