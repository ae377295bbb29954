package org.linli.cloud.auth;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

/** The {@code users} table. Queries bind their parameters; nothing is concatenated into SQL. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserAccountRepository extends CrudRepository<UserAccount, Long> {

    Optional<UserAccount> findByUsername(String username);

    boolean existsByRole(String role);

    List<UserAccount> findByRoleOrderByUsername(String role);

    List<UserAccount> listOrderByUsername();

    /** Sets the password hash of the account {@code id}. */
    void update(@Id Long id, String passwordHash);
}
