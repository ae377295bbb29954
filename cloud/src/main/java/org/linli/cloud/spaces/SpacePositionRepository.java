package org.linli.cloud.spaces;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** The {@code space_position} table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SpacePositionRepository extends CrudRepository<SpacePositionRow, String> {
}
