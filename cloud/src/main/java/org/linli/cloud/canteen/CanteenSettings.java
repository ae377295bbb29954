package org.linli.cloud.canteen;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Settings under {@code linli.canteen}.
 *
 * @param key                 the secret itself ({@code LINLI_CANTEEN_KEY}, at least 16 characters), for
 *                            deployments that pass secrets as environment variables; wins over the key file
 * @param keyFile             file holding the secret that keys the hash of ID numbers
 *                            ({@code LINLI_CANTEEN_KEY_FILE}); default {@code <linli.data-dir>/canteen.key},
 *                            created with a random key when missing. Losing it means re-imports no longer
 *                            find their members
 * @param twoCanteens         one member at two canteens within this time is an anomaly ({@code 30m})
 * @param claimsDebounce      at most one claims push per this time after new meals ({@code 1s})
 * @param retentionDecisions  refused and cancelled decisions are deleted after this ({@code 90d})
 * @param retentionMeals      settled meals (and the rest) are deleted after this ({@code 1825d}, 5 years)
 * @param retentionInterval   how often the retention job runs ({@code 6h})
 * @param sessionExpiry       how long the broker keeps the canteen connection's session, and queues meal
 *                            records for it, while the cloud is away ({@code 7d}; longer than the readings'
 *                            {@code linli.mqtt.session-expiry}: a meal record is money)
 */
@ConfigurationProperties("linli.canteen")
public record CanteenSettings(
        @Nullable String key,
        @Nullable String keyFile,
        @Bindable(defaultValue = "30m")
        @NotNull(message = "linli.canteen.two-canteens must be a duration such as 30m")
        Duration twoCanteens,
        @Bindable(defaultValue = "1s")
        @NotNull(message = "linli.canteen.claims-debounce must be a duration such as 1s")
        Duration claimsDebounce,
        @Bindable(defaultValue = "90d")
        @NotNull(message = "linli.canteen.retention-decisions must be a duration such as 90d")
        Duration retentionDecisions,
        @Bindable(defaultValue = "1825d")
        @NotNull(message = "linli.canteen.retention-meals must be a duration such as 1825d")
        Duration retentionMeals,
        @Bindable(defaultValue = "6h")
        @NotNull(message = "linli.canteen.retention-interval must be a duration such as 6h")
        Duration retentionInterval,
        @Bindable(defaultValue = "7d")
        @NotNull(message = "linli.canteen.session-expiry must be a duration such as 7d")
        Duration sessionExpiry) {
}
