package org.linli.cloud.app;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * One rule scope's lease (table {@code rule_lease}).
 *
 * @param id        {@code site/scope}
 * @param owner     the instance that runs the scope, null when released
 * @param epoch     raised at every take: the fencing token
 * @param expiresAt when it runs out unless renewed
 */
@MappedEntity("rule_lease")
public record RuleLeaseRow(@Id String id, String site, String scope, @Nullable String owner, long epoch, Instant expiresAt) {
}
