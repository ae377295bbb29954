package org.linli.cloud.tickets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A row of {@code tickets}: the {@link Ticket} as stored (columns are the components in snake case). */
@MappedEntity("tickets")
public record TicketRow(
@Id @GeneratedValue @Nullable Long id,
                 TicketKind kind,
                 String space,
                 String grid,
                 String episodeKey,
                 TicketStatus status,
                 Level level,
                 String assignee,
                 String title,
                 @Nullable String subject,
                 @Nullable String reporter,
                 @Nullable String description,
                 Instant filedAt,
                 @Nullable Instant dispatchedAt,
                 @Nullable Instant acceptedAt,
                 @Nullable Instant resolvedAt,
                 @Nullable Instant evaluatedAt,
                 @Nullable Instant closedAt,
                 @Nullable Instant acceptDue,
                 @Nullable Instant resolveDue,
                 @Nullable Instant callbackDue,
                 boolean acceptEscalated,
                 boolean resolveEscalated,
                 boolean callbackOverdue,
                 @Nullable Boolean satisfied,
                 @Nullable Long seriesId,
                 int seriesCount,
                 @Nullable Instant episodeStart,
                 @Nullable Instant episodeEnd,
                 @Nullable Double peakDb,
                 @Nullable Double laeqDb,
                 @Nullable Double limitDb,
                 @Nullable String reason,
                 @Nullable Instant recheckUntil,
                 @Nullable String recheckOutcome,
                 Instant updatedAt) {

    public static TicketRow of(Ticket t) {
        return new TicketRow(t.id(), t.kind(), t.space(), t.grid(), t.episodeKey(), t.status(), t.level(),
                t.assignee(), t.title(), t.subject(), t.reporter(), t.description(), t.filedAt(),
                t.dispatchedAt(), t.acceptedAt(), t.resolvedAt(), t.evaluatedAt(), t.closedAt(), t.acceptDue(),
                t.resolveDue(), t.callbackDue(), t.acceptEscalated(), t.resolveEscalated(), t.callbackOverdue(),
                t.satisfied(), t.seriesId(), t.seriesCount(), t.episodeStart(), t.episodeEnd(), t.peakDb(),
                t.laeqDb(), t.limitDb(), t.reason(), t.recheckUntil(), t.recheckOutcome(), t.updatedAt());
    }

    public Ticket toTicket() {
        return new Ticket(id, kind, space, grid, episodeKey, status, level, assignee, title, subject, reporter,
                description, filedAt, dispatchedAt, acceptedAt, resolvedAt, evaluatedAt, closedAt, acceptDue,
                resolveDue, callbackDue, acceptEscalated, resolveEscalated, callbackOverdue, satisfied, seriesId,
                seriesCount, episodeStart, episodeEnd, peakDb, laeqDb, limitDb, reason, recheckUntil,
                recheckOutcome, updatedAt);
    }
}
