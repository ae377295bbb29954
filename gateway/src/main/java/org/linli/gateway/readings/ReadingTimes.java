package org.linli.gateway.readings;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Source timestamps that strictly increase per sensor.
 *
 * <p>The cloud writes each reading as an InfluxDB point keyed by measurement, tags and time, so two
 * readings of one sensor in the same millisecond would overwrite each other. When a reading would
 * get the same (or an earlier) millisecond as the sensor's previous one, it gets the previous one
 * plus 1 ms instead; (sensor, ts) is then unique. If the wall clock steps backwards, a sensor's
 * timestamps run 1 ms apart until the clock catches up again, which is the price of never
 * overwriting a point.
 *
 * <p>Not thread-safe: each driver owns one and uses it on its own Vert.x context.
 */
public final class ReadingTimes {
    private final Clock clock;
    private final Map<String, Long> last = new HashMap<>();

    public ReadingTimes(Clock clock) {
        this.clock = clock;
    }

    /** The current time from the clock, as {@code sensor}'s next timestamp. */
    public long now(String sensor) {
        return stamp(sensor, clock.millis());
    }

    /**
     * {@code sensor}'s next timestamp for something observed at {@code observedMs} (epoch ms):
     * {@code observedMs}, or 1 ms after the sensor's previous timestamp if that is not earlier.
     */
    public long stamp(String sensor, long observedMs) {
        Long previous = last.get(sensor);
        long ts = previous == null || observedMs > previous ? observedMs : previous + 1;
        last.put(sensor, ts);
        return ts;
    }

    /** The clock observations are taken from; thread-safe, so drivers may read it on other threads. */
    public Clock clock() {
        return clock;
    }
}
