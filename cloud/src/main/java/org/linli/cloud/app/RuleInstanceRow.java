package org.linli.cloud.app;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * A live cloud instance's heartbeat (table {@code rule_instance}).
 *
 * @param id        {@code site/instance}
 * @param expiresAt it counts as live until then
 */
@MappedEntity("rule_instance")
public record RuleInstanceRow(@Id String id, String site, String instance, Instant expiresAt) {
}
