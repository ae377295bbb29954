package org.linli.gateway.uplink;

import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.WireLimits;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readings that tell the cloud what a full buffer gave up: one per sensor and class per drop
 * round, quality {@code suspect}, values {@code dropped} (how many), {@code droppedFrom} and
 * {@code droppedTo} (the first and last source timestamp, epoch ms), and a message for people.
 *
 * <p>A marker's {@code ts} is {@code droppedTo}, the timestamp of the sensor's last dropped reading.
 * That (sensor, ts) is unique by construction, since the reading that had it never reaches the cloud,
 * so the marker cannot overwrite a real point in InfluxDB, which {@code now} could (the sensor's driver
 * may stamp a reading with the same millisecond). Markers are {@link DataClass#STATUS}, so they
 * outlive the data they stand for.
 */
public final class GapMarkers {
    private GapMarkers() {
    }

    /** A dropped reading, as far as its marker needs it. */
    public record Lost(String sensor, long ts) {
        static Lost of(Reading r) {
            return new Lost(r.sensor(), r.ts());
        }
    }

    /** Markers for {@code dropped} readings of {@code dataClass}, one per sensor, in first-seen order. */
    public static List<Reading> of(DataClass dataClass, List<Lost> dropped, String why) {
        Map<String, long[]> bySensor = new LinkedHashMap<>();
        for (Lost r : dropped) {
            long[] s = bySensor.computeIfAbsent(r.sensor(), k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
            s[0]++;
            s[1] = Math.min(s[1], r.ts());
            s[2] = Math.max(s[2], r.ts());
        }
        List<Reading> out = new ArrayList<>(bySensor.size());
        bySensor.forEach((sensor, s) -> out.add(marker(sensor, dataClass, s[0], s[1], s[2], why)));
        return out;
    }

    /**
     * {@code earlier} and {@code later}, two markers of one sensor, class and reason, as one: a buffer
     * that stays full drops in many rounds, and one marker per round could outgrow what it stands for.
     * A store merges a new marker into the one still waiting for the same sensor, class and reason.
     */
    public static Reading merge(Reading earlier, Reading later, DataClass dataClass, String why) {
        long n = (long) (double) earlier.values().get(DataClass.DROPPED) + (long) (double) later.values().get(DataClass.DROPPED);
        long from = (long) Math.min(earlier.values().get("droppedFrom"), later.values().get("droppedFrom"));
        long to = (long) Math.max(earlier.values().get("droppedTo"), later.values().get("droppedTo"));
        return marker(earlier.sensor(), dataClass, n, from, to, why);
    }

    /** One marker: {@code n} readings of {@code sensor} from {@code from} to {@code to} were lost. */
    public static Reading marker(String sensor, DataClass dataClass, long n, long from, long to, String why) {
        String message = why + ": " + n + " " + dataClass.label() + " readings from " + Instant.ofEpochMilli(from)
                + " to " + Instant.ofEpochMilli(to);
        if (message.length() > WireLimits.MAX_MESSAGE) {
            message = message.substring(0, WireLimits.MAX_MESSAGE);
        }
        return new Reading(sensor, to, Map.of(DataClass.DROPPED, (double) n, "droppedFrom", (double) from,
                "droppedTo", (double) to), "", Quality.SUSPECT, message);
    }
}
