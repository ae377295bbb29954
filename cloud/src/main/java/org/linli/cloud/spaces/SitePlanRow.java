package org.linli.cloud.spaces;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * The current site plan (table {@code site_plan}, the row {@code current}); the image is the file
 * {@code <linli.data-dir>/site-plan/plan} beside it.
 */
@MappedEntity("site_plan")
public record SitePlanRow(@Id String id, String contentType, int width, int height, long bytes, String sha256,
                          Instant uploadedAt, String uploadedBy) {
    static final String CURRENT = "current";
}
