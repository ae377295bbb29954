package org.linli.cloud.spaces;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * Where a space sits (table {@code space_position}): {@code x}, {@code y} as fractions of the plan's width
 * and height from its top left corner, {@code lat}, {@code lon} for a tile map; either pair may be null.
 */
@MappedEntity("space_position")
public record SpacePositionRow(@Id String space, @Nullable Double x, @Nullable Double y, @Nullable Double lat,
                               @Nullable Double lon, Instant updatedAt, String updatedBy) {
}
