package org.linli.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * Settings under {@code linli}.
 *
 * @param siteFile the site inventory YAML ({@code LINLI_SITE_FILE}): gateways, sensors, spaces, grids
 */
@ConfigurationProperties("linli")
public record LinliSettings(
        @NotBlank(message = "linli.site-file (env LINLI_SITE_FILE) must name the site inventory YAML")
        String siteFile) {
}
