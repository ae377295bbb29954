package org.linli.gateway.lan;

import com.fasterxml.jackson.databind.JsonNode;
import org.linli.wire.Quality;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Networked sound level meters that report one interval per message:
 * {@code {"LAeq":62.4,"LAmin":48.1,"LAmax":71.9,"interval":60,"ts":"2026-11-22T19:31:00+08:00"}}.
 *
 * <ul>
 *   <li>{@code LAeq} (required), {@code LAmin}, {@code LAmax}: dB(A), 0-200; values {@code laeq},
 *       {@code lamin}, {@code lamax};</li>
 *   <li>{@code interval}: seconds, 1-3600; value {@code interval};</li>
 *   <li>{@code ts}: the interval's end, ISO-8601 with an offset or epoch seconds/milliseconds. It is the
 *       reading's time when it lies within {@link #MAX_CLOCK_OFFSET} of the gateway's clock; otherwise
 *       the arrival time is used and the sample is suspect ("device clock off by …"). Without
 *       {@code ts} the arrival time is used.</li>
 * </ul>
 * A LAmin above LAeq or a LAeq above LAmax makes the sample suspect.
 */
final class SoundLevelMeter implements LanDecoder {
    static final Duration MAX_CLOCK_OFFSET = Duration.ofMinutes(10);
    private static final double MAX_DB = 200;

    private final Map<String, String> paths;

    SoundLevelMeter(Map<String, String> paths) {
        this.paths = paths;
    }

    @Override
    public Decoded.Sample read(JsonNode root, long receivedAt) {
        Map<String, Double> values = new HashMap<>();
        String laeqPath = paths.get("laeq");
        double laeq = JsonFields.number(JsonFields.required(root, laeqPath), laeqPath, 0, MAX_DB);
        values.put("laeq", laeq);
        optional(root, "lamin", 0, MAX_DB, values);
        optional(root, "lamax", 0, MAX_DB, values);
        optional(root, "interval", 1, 3600, values);
        List<String> doubts = new ArrayList<>();
        Double lamin = values.get("lamin");
        Double lamax = values.get("lamax");
        if (lamin != null && lamin > laeq) {
            doubts.add("LAmin " + lamin + " above LAeq " + laeq);
        }
        if (lamax != null && lamax < laeq) {
            doubts.add("LAeq " + laeq + " above LAmax " + lamax);
        }
        long ts = receivedAt;
        JsonNode tsNode = JsonFields.at(root, paths.get("ts"));
        if (tsNode != null) {
            Long device = deviceTime(tsNode);
            if (device == null) {
                doubts.add("device ts '" + tsNode.asText() + "' is not ISO-8601 with an offset or epoch time; arrival time used");
            } else if (Math.abs(device - receivedAt) > MAX_CLOCK_OFFSET.toMillis()) {
                long off = device - receivedAt;
                doubts.add("device clock off by " + Durations.human(Math.abs(off)) + (off > 0 ? " (ahead)" : " (behind)")
                        + "; arrival time used");
            } else {
                ts = device;
            }
        }
        return doubts.isEmpty()
                ? new Decoded.Sample(values, ts, Quality.GOOD, null, false)
                : new Decoded.Sample(values, ts, Quality.SUSPECT, String.join("; ", doubts), false);
    }

    private void optional(JsonNode root, String name, double min, double max, Map<String, Double> values) {
        String path = paths.get(name);
        JsonNode node = JsonFields.at(root, path);
        if (node != null) {
            values.put(name, JsonFields.number(node, path, min, max));
        }
    }

    /** Epoch ms of the device's time, or null when it cannot be read. */
    private static Long deviceTime(JsonNode node) {
        if (node.isNumber()) {
            double v = node.doubleValue();
            // Epoch seconds until the year 5138; anything larger is milliseconds.
            return Double.isFinite(v) && v > 0 ? (long) (v < 1e11 ? v * 1000 : v) : null;
        }
        if (!node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.textValue().trim()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
