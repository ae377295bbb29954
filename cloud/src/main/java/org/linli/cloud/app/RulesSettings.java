package org.linli.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Settings under {@code linli.rules}: running the rules on the ingest. The rules' own thresholds are
 * {@link org.linli.cloud.rules.RuleSettings#defaults()} with the site inventory's {@code rules:} blocks
 * (site-wide, then per space).
 *
 * @param enabled   whether the rules run ({@code LINLI_RULES_ENABLED})
 * @param idleLag   how far behind the wall clock the once-a-second tick moves the space rules' event
 *                  time: episodes end and dwells run out without readings after that; a gateway's
 *                  backlog older than this arrives too late for them (it is stored all the same)
 * @param saveEvery longest time between saves of the rules' state (also saved on every episode start
 *                  and end, and at shutdown)
 */
@ConfigurationProperties("linli.rules")
public record RulesSettings(
        @Bindable(defaultValue = "true")
        boolean enabled,
        @Bindable(defaultValue = "5m")
        @NotNull(message = "linli.rules.idle-lag must be a duration such as 5m")
        Duration idleLag,
        @Bindable(defaultValue = "10s")
        @NotNull(message = "linli.rules.save-every must be a duration such as 10s")
        Duration saveEvery) {
}
