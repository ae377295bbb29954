package org.linli.cloud.tickets;

import java.time.Instant;
import java.util.Objects;

/**
 * A grid ticket (网格工单) as the core sees it: one matter in one space, its place in the loop,
 * its deadlines and the episode facts the rule measured. Immutable; change it with {@link #toBuilder()}.
 *
 * @param id assigned by the database; null before it is saved
 * @param kind what the ticket is about
 * @param space the public space (for a device: the space its sensor watches)
 * @param grid the grid responsible for the space
 * @param episodeKey identifies the episode within space and kind, e.g. the noise episode's start
 * @param status where it is in the loop
 * @param level who holds it: the grid worker, the grid head or the community
 * @param assignee the person or body at that level (the grid's {@code worker}, {@code head}, or the community)
 * @param title one line for staff, zh-CN
 * @param subject the sensor or gateway of a device ticket, the Open311 service code of a report
 * @param reporter who filed a resident report (name or contact as given)
 * @param description free text of a resident report
 * @param filedAt when it was filed
 * @param dispatchedAt first dispatch
 * @param acceptedAt last accept
 * @param resolvedAt resolution
 * @param evaluatedAt evaluation
 * @param closedAt closing (also rejection)
 * @param acceptDue accept deadline (from the last dispatch)
 * @param resolveDue resolve deadline (from the last dispatch)
 * @param callbackDue callback and evaluation deadline (from resolution)
 * @param acceptEscalated the accept deadline passed and was escalated (never twice)
 * @param resolveEscalated the resolve deadline passed and was escalated (never twice)
 * @param callbackOverdue the callback deadline passed without an evaluation (recorded once)
 * @param satisfied the resident's evaluation
 * @param seriesId the first ticket of the recurrence series; null when this is the first
 * @param seriesCount this ticket's place in the series within the look-back (1 for the first)
 * @param episodeStart episode start (noise onset, encroachment since, offline at)
 * @param episodeEnd episode end (music stopped, space vacant, device back)
 * @param peakDb noise: highest rolling LAeq
 * @param laeqDb noise: episode LAeq
 * @param limitDb noise: the limit applied (before the margin)
 * @param reason why the rule fired (noise reason, offline reason)
 * @param recheckUntil after resolution: the space is watched until then
 * @param recheckOutcome what the re-check measured
 * @param updatedAt last change
 */
public record Ticket(Long id,
                     TicketKind kind,
                     String space,
                     String grid,
                     String episodeKey,
                     TicketStatus status,
                     Level level,
                     String assignee,
                     String title,
                     String subject,
                     String reporter,
                     String description,
                     Instant filedAt,
                     Instant dispatchedAt,
                     Instant acceptedAt,
                     Instant resolvedAt,
                     Instant evaluatedAt,
                     Instant closedAt,
                     Instant acceptDue,
                     Instant resolveDue,
                     Instant callbackDue,
                     boolean acceptEscalated,
                     boolean resolveEscalated,
                     boolean callbackOverdue,
                     Boolean satisfied,
                     Long seriesId,
                     int seriesCount,
                     Instant episodeStart,
                     Instant episodeEnd,
                     Double peakDb,
                     Double laeqDb,
                     Double limitDb,
                     String reason,
                     Instant recheckUntil,
                     String recheckOutcome,
                     Instant updatedAt) {

    public Ticket {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(episodeKey, "episodeKey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(assignee, "assignee");
        Objects.requireNonNull(filedAt, "filedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Whether the ticket still needs work from the grid (not resolved, closed or rejected). */
    public boolean open() {
        return status.open();
    }

    /** Whether a deadline passed unmet by {@code now}: accept or resolve. */
    public boolean overdue(Instant now) {
        boolean acceptLate = acceptDue != null && (acceptedAt == null ? status.awaitsAccept() && now.isAfter(acceptDue)
                : acceptedAt.isAfter(acceptDue));
        boolean resolveLate = resolveDue != null && (resolvedAt == null ? status.open() && now.isAfter(resolveDue)
                : resolvedAt.isAfter(resolveDue));
        return status != TicketStatus.REJECTED && (acceptLate || resolveLate);
    }

    /** A builder holding this ticket's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.kind = kind;
        b.space = space;
        b.grid = grid;
        b.episodeKey = episodeKey;
        b.status = status;
        b.level = level;
        b.assignee = assignee;
        b.title = title;
        b.subject = subject;
        b.reporter = reporter;
        b.description = description;
        b.filedAt = filedAt;
        b.dispatchedAt = dispatchedAt;
        b.acceptedAt = acceptedAt;
        b.resolvedAt = resolvedAt;
        b.evaluatedAt = evaluatedAt;
        b.closedAt = closedAt;
        b.acceptDue = acceptDue;
        b.resolveDue = resolveDue;
        b.callbackDue = callbackDue;
        b.acceptEscalated = acceptEscalated;
        b.resolveEscalated = resolveEscalated;
        b.callbackOverdue = callbackOverdue;
        b.satisfied = satisfied;
        b.seriesId = seriesId;
        b.seriesCount = seriesCount;
        b.episodeStart = episodeStart;
        b.episodeEnd = episodeEnd;
        b.peakDb = peakDb;
        b.laeqDb = laeqDb;
        b.limitDb = limitDb;
        b.reason = reason;
        b.recheckUntil = recheckUntil;
        b.recheckOutcome = recheckOutcome;
        b.updatedAt = updatedAt;
        return b;
    }

    /** Mutable copy for one change; public fields, no logic. */
    public static final class Builder {
        public Long id;
        public TicketKind kind;
        public String space;
        public String grid;
        public String episodeKey;
        public TicketStatus status;
        public Level level;
        public String assignee;
        public String title;
        public String subject;
        public String reporter;
        public String description;
        public Instant filedAt;
        public Instant dispatchedAt;
        public Instant acceptedAt;
        public Instant resolvedAt;
        public Instant evaluatedAt;
        public Instant closedAt;
        public Instant acceptDue;
        public Instant resolveDue;
        public Instant callbackDue;
        public boolean acceptEscalated;
        public boolean resolveEscalated;
        public boolean callbackOverdue;
        public Boolean satisfied;
        public Long seriesId;
        public int seriesCount;
        public Instant episodeStart;
        public Instant episodeEnd;
        public Double peakDb;
        public Double laeqDb;
        public Double limitDb;
        public String reason;
        public Instant recheckUntil;
        public String recheckOutcome;
        public Instant updatedAt;

        public Ticket build() {
            return new Ticket(id, kind, space, grid, episodeKey, status, level, assignee, title, subject,
                    reporter, description, filedAt, dispatchedAt, acceptedAt, resolvedAt, evaluatedAt, closedAt,
                    acceptDue, resolveDue, callbackDue, acceptEscalated, resolveEscalated, callbackOverdue,
                    satisfied, seriesId, seriesCount, episodeStart, episodeEnd, peakDb, laeqDb, limitDb, reason,
                    recheckUntil, recheckOutcome, updatedAt);
        }
    }
}
