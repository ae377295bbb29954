package org.linli.cloud.metrics;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import org.linli.cloud.tickets.TicketRow;

import java.util.List;

/** Tickets per status: one grouped count, read by {@link SqlGauges} at most once per refresh. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TicketCountRepository extends GenericRepository<TicketRow, Long> {

    @Query("SELECT status, COUNT(*) AS tickets FROM tickets GROUP BY status")
    List<StatusCount> countByStatus();
}
