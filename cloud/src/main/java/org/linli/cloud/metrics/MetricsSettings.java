package org.linli.cloud.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Settings under {@code linli.metrics}: who may scrape {@code /prometheus}, and how often the gauges that
 * come from SQL are read.
 *
 * @param tokenFile file holding the bearer token a scraper must send ({@code Authorization: Bearer …},
 *                  at least 16 characters, trailing newline ignored); none = {@code /prometheus} refuses
 *                  every request (403)
 * @param refresh   how often the ticket and rule-state gauges are read from SQL (on Micronaut's scheduler,
 *                  not on a scrape; {@link SqlGauges})
 */
@ConfigurationProperties("linli.metrics")
public record MetricsSettings(
        @Nullable
        String tokenFile,
        @Bindable(defaultValue = "30s")
        @NotNull(message = "linli.metrics.refresh must be a duration such as 30s")
        Duration refresh) {
}
