package org.linli.gateway.gpio;

import org.linli.config.OccupancySettings;
import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;
import org.linli.gateway.presence.PresenceState;
import org.linli.gateway.readings.ReadingTimes;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns pin levels into readings: HIGH is 1 and LOW is 0, inverted for an active-low sensor, in the
 * unit and under the value name of the sensor's kind. A level equal to the last one reported for the
 * sensor is not a change and gives no reading (a line can report the same level twice around a
 * bounce, or once from the initial read and once from an edge that raced it). Each sensor's state
 * goes through a {@link PresenceState}: a drop shorter than the sensor's hold time is no vacant, and
 * {@link #tick} repeats every sensor's state once per state interval.
 *
 * <p>Not thread-safe: the GPIO verticle uses it on its own context.
 */
public final class PinReadings {
    private final ReadingTimes times;
    private final Duration stateInterval;
    private final Map<String, PresenceState> states = new LinkedHashMap<>();
    private final Map<String, SensorSpec> specs = new LinkedHashMap<>();

    /** Readings with the default state interval. */
    public PinReadings(ReadingTimes times) {
        this(times, OccupancySettings.defaults().stateInterval());
    }

    /**
     * @param times         timestamps, and the clock hold times and state intervals run on
     * @param stateInterval each sensor's state is repeated when it made no reading for this long
     */
    public PinReadings(ReadingTimes times, Duration stateInterval) {
        this.times = times;
        this.stateInterval = stateInterval;
    }

    /**
     * The reading for {@code sensor}'s line observed at {@code high} at {@code observedMs}, or empty
     * when the value has not changed since the last reading.
     */
    public Optional<Reading> level(SensorSpec sensor, boolean high, long observedMs) {
        SensorBinding.GpioInput pin = (SensorBinding.GpioInput) sensor.binding();
        boolean on = high != pin.activeLow();
        return state(sensor).observe(on, observedMs).map(s -> reading(sensor, s, observedMs));
    }

    /**
     * What is due now for every sensor seen so far: vacant for a hold that ran out, the state of a
     * sensor that made no reading for the state interval.
     */
    public List<Reading> tick() {
        List<Reading> out = new ArrayList<>();
        long now = times.clock().millis();
        states.forEach((id, state) -> state.tick().ifPresent(s -> out.add(reading(specs.get(id), s, now))));
        return out;
    }

    private PresenceState state(SensorSpec sensor) {
        specs.putIfAbsent(sensor.id(), sensor);
        return states.computeIfAbsent(sensor.id(), id -> new PresenceState(sensor.holdTime(), stateInterval, times.clock()));
    }

    private Reading reading(SensorSpec sensor, boolean on, long observedMs) {
        long ts = times.stamp(sensor.id(), observedMs);
        return Reading.of(sensor.id(), ts, sensor.kind().valueName(), on ? 1.0 : 0.0, sensor.kind().unit());
    }

    /**
     * A status reading for a line whose level could not be read; the next good level is reported
     * whatever it is.
     */
    public Reading unreadable(SensorSpec sensor, String why, long observedMs) {
        state(sensor).forget();
        return Reading.status(sensor.id(), times.stamp(sensor.id(), observedMs), Quality.ERROR, why);
    }
}
