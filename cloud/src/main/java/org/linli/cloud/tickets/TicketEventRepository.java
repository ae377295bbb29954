package org.linli.cloud.tickets;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

/** The {@code ticket_events} table: only ever added to. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TicketEventRepository extends CrudRepository<TicketEventRow, Long> {

    List<TicketEventRow> findByTicketIdOrderById(Long ticketId);
}
