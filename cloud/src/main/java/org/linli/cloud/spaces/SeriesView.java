package org.linli.cloud.spaces;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code GET /api/spaces/{id}/series?range=day|week}: a space's noise (LAeq per bucket, energy average over
 * its sensors and the bucket) and occupancy (fraction of the bucket occupied) with the limit line. Times
 * are epoch milliseconds; {@code source} is {@code ok}, or {@code unavailable} with the reason in
 * {@code note} when InfluxDB could not be asked (the page says so instead of drawing nothing).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SeriesView(String space, String name, String grid, String range, long from, long to, int bucketMinutes,
                         String zone, String noiseZone, int dayLimitDb, int nightLimitDb, String dayStart, String nightStart,
                         @Nullable Double boundaryCapDb, boolean hasNoise, boolean hasOccupancy, String source,
                         @Nullable String note, List<Point> noise, List<Point> limit, List<Point> occupancy) {

    /** One point: {@code t} epoch ms (the bucket's start), {@code v} the value, null for no data. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Point(long t, @Nullable Double v) {
    }
}
