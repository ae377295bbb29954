package org.linli.cloud.ingest;

import org.linli.wire.Quality;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One reading as it is stored: an InfluxDB point, still free of any client library.
 *
 * <p>Tags: {@code site, gateway, sensor, space, grid}. Fields: every value by its name (float),
 * {@code quality} (string), {@code seq} (integer, the batch number it came in) and {@code message}
 * (string) when there is one. Time: the gateway's source timestamp in epoch milliseconds.
 *
 * @param measurement the sensor kind's measurement, e.g. {@code occupancy}
 * @param site        site id
 * @param gateway     gateway id
 * @param sensor      sensor id
 * @param space       id of the public space the sensor watches
 * @param grid        id of the grid the space belongs to
 * @param time        source timestamp, epoch milliseconds
 * @param values      the named values
 * @param unit        unit of the values; shown, not stored
 * @param quality     how far it can be trusted
 * @param message     why, for a doubtful or failed reading; null otherwise
 * @param seq         the batch number it came in
 */
public record ReadingPoint(String measurement, String site, String gateway, String sensor, String space,
                           String grid, long time, Map<String, Double> values, String unit, Quality quality,
                           String message, long seq) {

    public ReadingPoint {
        values = Map.copyOf(values);
    }

    /** The tags, in a fixed order. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("site", site);
        tags.put("gateway", gateway);
        tags.put("sensor", sensor);
        tags.put("space", space);
        tags.put("grid", grid);
        return tags;
    }

    /** The fields: each value, then {@code quality}, {@code seq} and {@code message} when present. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>(new TreeMap<>(values));
        fields.put("quality", quality.wireName());
        fields.put("seq", seq);
        if (message != null) {
            fields.put("message", message);
        }
        return fields;
    }
}
