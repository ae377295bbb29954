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
 * @param leaseTime how long a lease on a rule scope lasts unless renewed, with several instances (a shared
 *                  subscription): an instance that stops without giving its scopes up has them taken over
 *                  this long after its last renewal
 * @param leaseRenewEvery how often an instance renews its leases, takes free scopes and balances; at most
 *                  half the lease time
 * @param sessionExpiry how long the broker keeps the rules' own MQTT session ({@code <client id>-rules}, with
 *                  several instances) and queues every reading for it while the instance is away
 * @param catchUp   how far back a space's rules, when started or taken over, read the readings stored in
 *                  InfluxDB since their saved state, to catch up on what a crash kept from them; 0 for never
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
        Duration saveEvery,
        @Bindable(defaultValue = "15s")
        @NotNull(message = "linli.rules.lease-time must be a duration such as 15s")
        Duration leaseTime,
        @Bindable(defaultValue = "3s")
        @NotNull(message = "linli.rules.lease-renew-every must be a duration such as 3s")
        Duration leaseRenewEvery,
        @Bindable(defaultValue = "10m")
        @NotNull(message = "linli.rules.session-expiry must be a duration such as 10m")
        Duration sessionExpiry,
        @Bindable(defaultValue = "30m")
        @NotNull(message = "linli.rules.catch-up must be a duration such as 30m (0s for none)")
        Duration catchUp) {
}
