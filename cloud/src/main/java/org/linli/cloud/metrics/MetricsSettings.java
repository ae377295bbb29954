package org.linli.cloud.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Settings under {@code linli.metrics}: who may scrape {@code /prometheus}, and how fresh the gauges that
 * come from SQL are.
 *
 * @param tokenFile file holding the bearer token a scraper must send ({@code Authorization: Bearer …},
 *                  at least 16 characters, trailing newline ignored); none = {@code /prometheus} refuses
 *                  every request (403)
 * @param refresh   longest age of the ticket and rule-state gauges (read from SQL at most once per this,
 *                  on a scrape)
 */
@ConfigurationProperties("linli.metrics")
public record MetricsSettings(
        @Nullable
        String tokenFile,
        @Bindable(defaultValue = "30s")
        @NotNull(message = "linli.metrics.refresh must be a duration such as 30s")
        Duration refresh) {
}
