package org.linli.cloud.spaces;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import org.linli.cloud.web.DeviceViews;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /api/spaces/map}: the site plan (null before one is uploaded), the tile server (empty for
 * none), whether the user may edit the placement, and the spaces of the user's grids with their status,
 * current LAeq against the limit now, occupancy and place (null coordinates: not placed yet).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MapView(@Nullable Plan plan, String tileUrl, String tileAttribution, boolean canEdit, List<MapSpace> spaces) {

    /** The plan image: {@code url} changes with its content, so a new upload is never shown stale. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Plan(String url, int width, int height, String uploadedAt, String uploadedBy) {
        static Plan of(SitePlanRow row) {
            return new Plan("/site-plan/image?v=" + row.sha256().substring(0, 12), row.width(), row.height(),
                    row.uploadedAt().toString(), row.uploadedBy());
        }
    }

    /** One space. status: noisy, occupied, offline, quiet ({@link SpaceStatus}). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MapSpace(String space, String name, String kind, String grid, String gridName, String status,
                           @Nullable Double noiseLaeq, double limitDb, String occupancy, @Nullable String lastSeenLocal,
                           @Nullable Double x, @Nullable Double y, @Nullable Double lat, @Nullable Double lon) {
    }

    /** The spaces of {@code rows} with status and place. Pure. */
    public static List<MapSpace> spaces(List<DeviceViews.SpaceRow> rows, Function<String, Double> limitNow,
                                        Map<String, SpacePositionRow> positions, Instant now) {
        return rows.stream().map(r -> {
            boolean fresh = r.lastSeen() != null && now.toEpochMilli() - r.lastSeen() <= DeviceViews.STALE_AFTER.toMillis();
            double limit = limitNow.apply(r.space());
            SpacePositionRow p = positions.get(r.space());
            return new MapSpace(r.space(), r.name(), r.kind(), r.grid(), r.gridName(),
                    SpaceStatus.of(r.noiseLaeq(), limit, r.occupancy(), fresh).wireName(), r.noiseLaeq(), limit, r.occupancy(),
                    r.lastSeenLocal(), p == null ? null : p.x(), p == null ? null : p.y(), p == null ? null : p.lat(),
                    p == null ? null : p.lon());
        }).toList();
    }
}
