package org.linli.cloud.app;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;

/** The {@code rule_lease} table; every change is a compare-and-set on the epoch. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface RuleLeaseRepository extends CrudRepository<RuleLeaseRow, String> {

    List<RuleLeaseRow> findBySite(String site);

    /** Extends every lease {@code owner} holds. */
    @Query("UPDATE rule_lease SET expires_at = :expiresAt WHERE site = :site AND owner = :owner")
    int renew(String site, String owner, Instant expiresAt);

    /** Takes the lease if its epoch is still {@code epoch} and it is free (or already {@code owner}'s); 1 when it did. */
    @Query("UPDATE rule_lease SET owner = :owner, epoch = epoch + 1, expires_at = :expiresAt"
            + " WHERE id = :id AND epoch = :epoch AND (owner IS NULL OR owner = :owner OR expires_at <= :now)")
    int take(String id, String owner, long epoch, Instant expiresAt, Instant now);

    /** Releases the lease if {@code owner} holds it at {@code epoch}. */
    @Query("UPDATE rule_lease SET owner = NULL, expires_at = :now WHERE id = :id AND owner = :owner AND epoch = :epoch")
    int release(String id, String owner, long epoch, Instant now);

    /**
     * 1 when {@code owner} holds the lease at {@code epoch}; the row stays locked until the transaction
     * ends, so no take can come between this check and the save it guards.
     */
    @Query("UPDATE rule_lease SET epoch = epoch WHERE id = :id AND owner = :owner AND epoch = :epoch")
    int fence(String id, String owner, long epoch);
}
