package org.linli.gateway.noise;

import org.linli.config.SensorSpec;
import org.linli.gateway.readings.ReadingTimes;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one polled noise sensor's outcomes mean as readings: each level is a raw reading (the kind's
 * value, e.g. {@code la}) and feeds the sensor's {@link MinuteAggregator}, whose minutes become
 * readings too; a failed read is one {@link Quality#ERROR} reading per failure streak; no level for
 * longer than {@code silentAfter} is one {@link Quality#OFFLINE} reading. A level after either is a
 * {@link Quality#GOOD} reading again, which is how recovery shows.
 *
 * <p>Raw and status readings get strictly increasing timestamps from the driver's
 * {@link ReadingTimes}, never on a whole minute (moved 1 ms on), because a minute reading carries
 * its minute's start as its timestamp: (sensor, ts) stays unique.
 *
 * <p>Not thread-safe: the driver calls it on its own context.
 */
public final class NoiseChannel {
    private enum State { UP, FAILING, SILENT }

    private final SensorSpec sensor;
    private final MinuteAggregator minutes;
    private final ReadingTimes times;
    private final long silentAfterMs;
    private State state = State.UP;
    private long lastLevelMs;

    /**
     * @param sensor      the sensor; its kind names the raw value and the unit
     * @param settings    how levels are cut into minutes
     * @param silentAfter how long without a level before the sensor is reported offline
     * @param times       the driver's timestamps
     * @param startMs     when polling starts; silence is counted from here until the first level
     */
    public NoiseChannel(SensorSpec sensor, MinuteSettings settings, Duration silentAfter, ReadingTimes times,
                        long startMs) {
        this.sensor = sensor;
        this.minutes = new MinuteAggregator(sensor.id(), settings);
        this.times = times;
        this.silentAfterMs = silentAfter.toMillis();
        this.lastLevelMs = startMs;
    }

    /** A level read at {@code observedMs}: the raw reading, and the minute it closed if any. */
    public List<Reading> level(long observedMs, double db) {
        List<Reading> out = new ArrayList<>(2);
        long ts = stamp(observedMs);
        state = State.UP;
        lastLevelMs = observedMs;
        minutes.add(ts, db).ifPresent(m -> out.add(m.toReading(sensor.kind().unit())));
        out.add(Reading.of(sensor.id(), ts, sensor.kind().valueName(), db, sensor.kind().unit()));
        return out;
    }

    /** A read that failed at {@code observedMs}: an ERROR reading at the start of a failure streak. */
    public List<Reading> failure(long observedMs, String reason) {
        if (state == State.FAILING) {
            return List.of();
        }
        state = State.FAILING;
        return List.of(Reading.status(sensor.id(), stamp(observedMs), Quality.ERROR, reason));
    }

    /** Time passes: closes a minute whose grace is over, reports a sensor silent for too long. */
    public List<Reading> tick(long nowMs) {
        List<Reading> out = new ArrayList<>(2);
        minutes.flush(nowMs).ifPresent(m -> out.add(m.toReading(sensor.kind().unit())));
        if (state == State.UP && nowMs - lastLevelMs > silentAfterMs) {
            state = State.SILENT;
            out.add(Reading.status(sensor.id(), stamp(nowMs), Quality.OFFLINE,
                    "no level for " + (nowMs - lastLevelMs) / 1000 + " s"));
        }
        return out;
    }

    /** The driver stops: the open minute, cut short. */
    public List<Reading> stop() {
        return minutes.closeNow().map(m -> List.of(m.toReading(sensor.kind().unit()))).orElse(List.of());
    }

    /** Levels dropped because their minute had already been reported. */
    public long lateSamples() {
        return minutes.lateSamples();
    }

    /** The sensor this channel reads. */
    public SensorSpec sensor() {
        return sensor;
    }

    private long stamp(long observedMs) {
        long ts = times.stamp(sensor.id(), observedMs);
        if (ts % MinuteAggregator.MINUTE_MS == 0) {
            ts = times.stamp(sensor.id(), ts + 1);
        }
        return ts;
    }
}
