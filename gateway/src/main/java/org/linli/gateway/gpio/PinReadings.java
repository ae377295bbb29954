package org.linli.gateway.gpio;

import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;
import org.linli.gateway.readings.ReadingTimes;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns pin levels into readings: HIGH is 1 and LOW is 0, inverted for an active-low sensor, in the
 * unit and under the value name of the sensor's kind. A level equal to the last one reported for the
 * sensor is not a change and gives no reading (a line can report the same level twice around a
 * bounce, or once from the initial read and once from an edge that raced it).
 *
 * <p>Not thread-safe: the GPIO verticle uses it on its own context.
 */
public final class PinReadings {
    private final ReadingTimes times;
    private final Map<String, Double> lastValue = new HashMap<>();

    public PinReadings(ReadingTimes times) {
        this.times = times;
    }

    /**
     * The reading for {@code sensor}'s line observed at {@code high} at {@code observedMs}, or empty
     * when the value has not changed since the last reading.
     */
    public Optional<Reading> level(SensorSpec sensor, boolean high, long observedMs) {
        SensorBinding.GpioInput pin = (SensorBinding.GpioInput) sensor.binding();
        double value = high != pin.activeLow() ? 1.0 : 0.0;
        Double previous = lastValue.put(sensor.id(), value);
        if (previous != null && previous == value) {
            return Optional.empty();
        }
        long ts = times.stamp(sensor.id(), observedMs);
        return Optional.of(Reading.of(sensor.id(), ts, sensor.kind().valueName(), value, sensor.kind().unit()));
    }

    /**
     * A status reading for a line whose level could not be read; the next good level is reported
     * whatever it is.
     */
    public Reading unreadable(SensorSpec sensor, String why, long observedMs) {
        lastValue.remove(sensor.id());
        return Reading.status(sensor.id(), times.stamp(sensor.id(), observedMs), Quality.ERROR, why);
    }
}
