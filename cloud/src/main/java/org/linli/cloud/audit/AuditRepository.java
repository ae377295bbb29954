package org.linli.cloud.audit;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;

/** The audit log's table. Entries are only ever added. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AuditRepository extends CrudRepository<AuditEntry, Long> {

    /** Entries from {@code from} (inclusive) to {@code to} (exclusive), oldest first. */
    List<AuditEntry> findByAtGreaterThanEqualsAndAtLessThanOrderByAt(Instant from, Instant to);

    /** Entries about {@code subject}, oldest first. */
    List<AuditEntry> findBySubjectOrderByAt(String subject);
}
