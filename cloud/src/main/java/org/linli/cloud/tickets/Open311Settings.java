package org.linli.cloud.tickets;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * Settings under {@code linli.open311}.
 *
 * @param apiKeys keys that may file requests ({@code LINLI_OPEN311_API_KEYS}, comma-separated); none by
 *                default, so nobody can file until keys are configured
 */
@ConfigurationProperties("linli.open311")
public record Open311Settings(@Nullable List<String> apiKeys) {

    /** Whether {@code key} is one of the configured keys. */
    public boolean accepts(String key) {
        return key != null && !key.isBlank() && apiKeys != null && apiKeys.stream().anyMatch(key::equals);
    }
}
