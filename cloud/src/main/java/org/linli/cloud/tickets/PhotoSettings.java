package org.linli.cloud.tickets;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Settings under {@code linli.photos}: the photos staff add to tickets.
 *
 * @param maxBytes the largest photo accepted ({@code LINLI_PHOTOS_MAX_BYTES}, default 5 MiB); a bigger one is
 *                 refused with 413. Micronaut's own bounds ({@code micronaut.server.max-request-size},
 *                 {@code micronaut.server.multipart.max-file-size}, 10 MB) must stay above it
 * @param dir      the folder of the photo files ({@code LINLI_PHOTOS_DIR}); default
 *                 {@code <linli.data-dir>/ticket-photos}. Back it up with the database
 */
@ConfigurationProperties("linli.photos")
public record PhotoSettings(
        @Bindable(defaultValue = "5242880")
        @Min(value = 1024, message = "linli.photos.max-bytes must be at least 1024")
        @Max(value = 10_000_000, message = "linli.photos.max-bytes must stay below micronaut.server.max-request-size (10MB)")
        long maxBytes,
        @Nullable String dir) {
}
