package org.linli.cloud.app;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;

/** The {@code rule_instance} table: the instances' heartbeats. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface RuleInstanceRepository extends CrudRepository<RuleInstanceRow, String> {

    @Query("UPDATE rule_instance SET expires_at = :expiresAt WHERE id = :id")
    int touch(String id, Instant expiresAt);

    /** The instances live at {@code now}. */
    List<RuleInstanceRow> findBySiteAndExpiresAtGreaterThan(String site, Instant now);
}
