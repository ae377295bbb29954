package org.linli.cloud.ingest;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The latest stored reading of each sensor, for the dashboard. Held in memory: after a restart it
 * fills again as readings arrive. Thread-safe.
 */
public final class LatestReadings {
    private final ConcurrentMap<String, ReadingPoint> bySensor = new ConcurrentHashMap<>();

    /** Keeps each point that is newer than the one held for its sensor; older ones (replays) change nothing. */
    public void update(List<ReadingPoint> points) {
        for (ReadingPoint p : points) {
            bySensor.merge(key(p), p, (held, offered) -> offered.time() >= held.time() ? offered : held);
        }
    }

    /** The latest reading per sensor, ordered by gateway, then sensor. */
    public List<ReadingPoint> snapshot() {
        return bySensor.values().stream()
                .sorted(Comparator.comparing(ReadingPoint::gateway).thenComparing(ReadingPoint::sensor))
                .toList();
    }

    private static String key(ReadingPoint p) {
        return p.site() + "/" + p.sensor();
    }
}
