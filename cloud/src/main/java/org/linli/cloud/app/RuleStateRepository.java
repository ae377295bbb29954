package org.linli.cloud.app;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

/** The {@code rule_state} table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface RuleStateRepository extends CrudRepository<RuleStateRow, String> {

    /** Every saved rule of {@code site}. */
    List<RuleStateRow> findBySite(String site);
}
