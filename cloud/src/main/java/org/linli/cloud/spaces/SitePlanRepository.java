package org.linli.cloud.spaces;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** The {@code site_plan} table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SitePlanRepository extends CrudRepository<SitePlanRow, String> {
}
