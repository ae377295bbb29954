package org.linli.cloud.tickets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The {@code tickets} table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TicketRepository extends CrudRepository<TicketRow, Long> {

    /** The row, locked until the transaction ends, so two changes of one ticket never interleave. */
    @Query("SELECT * FROM tickets WHERE id = :id FOR UPDATE")
    Optional<TicketRow> findByIdForUpdate(Long id);

    Optional<TicketRow> findBySpaceAndKindAndEpisodeKey(String space, TicketKind kind, String episodeKey);

    /** Tickets of a space and kind filed since {@code since}, oldest first: the recurrence look-back. */
    List<TicketRow> findBySpaceAndKindAndFiledAtGreaterThanEqualsOrderByFiledAt(String space, TicketKind kind, Instant since);

    List<TicketRow> findByStatusInList(Collection<TicketStatus> statuses);

    /** Tickets of a kind about these subjects (sensors, gateways) in these statuses. */
    List<TicketRow> findByKindAndSubjectInListAndStatusInList(TicketKind kind, Collection<String> subjects,
                                                              Collection<TicketStatus> statuses);

    /** Resolved tickets whose space is watched after resolution. */
    List<TicketRow> findBySpaceAndKindAndRecheckUntilIsNotNullAndRecheckOutcomeIsNull(String space, TicketKind kind);

    List<TicketRow> findByRecheckUntilLessThanAndRecheckOutcomeIsNull(Instant now);

    /** Whether an episode of the space and kind started in [from, to]: a re-check still waiting for its end. */
    boolean existsBySpaceAndKindAndEpisodeStartGreaterThanEqualsAndEpisodeStartLessThanEquals(String space, TicketKind kind,
                                                                                          Instant from, Instant to);

    /** For the list: any of the filters may be null (then it does not filter); newest first. */
    @Query("SELECT * FROM tickets WHERE (CAST(:status AS VARCHAR(20)) IS NULL OR status = :status)"
            + " AND (CAST(:grid AS VARCHAR(100)) IS NULL OR grid = :grid)"
            + " AND (CAST(:kind AS VARCHAR(30)) IS NULL OR kind = :kind)"
            + " ORDER BY filed_at DESC, id DESC LIMIT :limit")
    List<TicketRow> search(@Nullable String status, @Nullable String grid, @Nullable String kind, int limit);

    /** Dispatched in [from, to): the KPIs' population. */
    List<TicketRow> findByDispatchedAtGreaterThanEqualsAndDispatchedAtLessThan(Instant from, Instant to);

    /** Filed in [from, to), newest first: Open311's request list. */
    List<TicketRow> findByFiledAtGreaterThanEqualsAndFiledAtLessThanOrderByFiledAtDesc(Instant from, Instant to);
}
