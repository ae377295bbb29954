package org.linli.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * Settings under {@code linli}.
 *
 * @param siteFile   the site inventory YAML ({@code LINLI_SITE_FILE}): gateways, sensors, spaces, grids
 * @param instanceId this instance's name among several ({@code LINLI_INSTANCE_ID}), for the rule leases;
 *                   default the MQTT client id. Unique per instance and stable across its restarts
 */
@ConfigurationProperties("linli")
public record LinliSettings(
        @NotBlank(message = "linli.site-file (env LINLI_SITE_FILE) must name the site inventory YAML")
        String siteFile,
        @Nullable
        @Pattern(regexp = "[A-Za-z0-9_.:-]{0,128}", message = "linli.instance-id may hold only letters, digits and _ . : - (at most 128; empty for the MQTT client id)")
        String instanceId) {
}
