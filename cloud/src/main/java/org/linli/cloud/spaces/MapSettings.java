package org.linli.cloud.spaces;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * Settings under {@code linli.map}: the map of the spaces page.
 *
 * @param tileUrl         a tile server's URL template, best a path that the same reverse proxy serves, e.g.
 *                        {@code /tiles/{z}/{x}/{y}.png} ({@code LINLI_MAP_TILE_URL}): the pages' Content-Security-Policy
 *                        admits images from this server only, so tiles from another host stay blank until the policy
 *                        (auth/WebGuardFilter) names it. Empty (default): no tiles, the uploaded site plan only, so
 *                        the map works without internet. Used when no plan is uploaded; spaces then need lat/lon.
 * @param tileAttribution the text the tile server asks to show, empty for none
 * @param maxPlanBytes    the largest site plan accepted (5 MiB)
 */
@ConfigurationProperties("linli.map")
public record MapSettings(
        @Bindable(defaultValue = "")
        @Nullable
        @Pattern(regexp = "(/[^\\s\"'<>]*|https?://[^\\s\"'<>]+)?",
                message = "linli.map.tile-url must be empty, a path on this server or an http(s) URL template")
        String tileUrl,
        @Bindable(defaultValue = "")
        @Nullable
        String tileAttribution,
        @Bindable(defaultValue = "5242880")
        @Min(value = 1024, message = "linli.map.max-plan-bytes must be at least 1024")
        @Max(value = 10_000_000, message = "linli.map.max-plan-bytes must be at most 10000000 (the server's request bound)")
        long maxPlanBytes) {

    /** The tile URL, empty for none. */
    public String tiles() {
        return tileUrl == null ? "" : tileUrl.trim();
    }
}
