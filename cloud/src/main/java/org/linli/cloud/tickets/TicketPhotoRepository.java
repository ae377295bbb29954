package org.linli.cloud.tickets;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

/** The {@code ticket_photos} table: only ever added to. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TicketPhotoRepository extends CrudRepository<TicketPhotoRow, Long> {

    List<TicketPhotoRow> findByTicketIdOrderById(Long ticketId);

    Optional<TicketPhotoRow> findByIdAndTicketId(Long id, Long ticketId);
}
