package org.linli.gateway.uplink;

import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest quality of each sensor, from the readings handed to the uplink: what the health report
 * says about every sensor without the cloud having to look through the readings. Written on the
 * uplink's context, readable from any thread.
 */
public final class SensorStatuses {

    /**
     * What the newest reading of a sensor said.
     *
     * @param quality good, suspect, error or offline
     * @param ts      its source timestamp, epoch ms
     * @param message why it is not good; null when it is
     */
    public record Latest(Quality quality, long ts, String message) {
    }

    private final Map<String, Latest> latest = new ConcurrentHashMap<>();

    /** Keeps {@code reading}'s quality if it is the sensor's newest. */
    public void record(Reading reading) {
        Latest next = new Latest(reading.quality(), reading.ts(), reading.message());
        latest.merge(reading.sensor(), next, (old, now) -> now.ts() >= old.ts() ? now : old);
    }

    /** Every sensor seen so far, by id. */
    public SortedMap<String, Latest> snapshot() {
        return new TreeMap<>(latest);
    }
}
