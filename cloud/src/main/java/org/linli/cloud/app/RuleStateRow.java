package org.linli.cloud.app;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * One rule instance's saved state (table {@code rule_state}).
 *
 * @param id       {@code site/rule/scope}
 * @param site     site id
 * @param rule     {@code noise}, {@code encroachment} or {@code deadman}
 * @param scope    the space id, or the site id for deadman
 * @param snapshot the rule's snapshot record as JSON
 * @param savedAt  when it was saved
 */
@MappedEntity("rule_state")
public record RuleStateRow(@Id String id, String site, String rule, String scope, String snapshot, Instant savedAt) {
}
