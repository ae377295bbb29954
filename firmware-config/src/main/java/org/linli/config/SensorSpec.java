package org.linli.config;

import java.time.Duration;

/**
 * One sensor as configured: what it measures, where it stands and how the gateway reaches it.
 *
 * @param id      unique within the site
 * @param kind    what it measures
 * @param space   the public space it watches
 * @param binding  the pin, bus address or topic
 * @param holdTime an occupancy sensor stays occupied this long after its input drops (a PIR that
 *                 sees nobody for a moment); zero for none and for sensors that are not 0/1
 */
public record SensorSpec(String id, SensorKind kind, String space, SensorBinding binding, Duration holdTime) {

    /** A sensor without hold time. */
    public SensorSpec(String id, SensorKind kind, String space, SensorBinding binding) {
        this(id, kind, space, binding, Duration.ZERO);
    }

    /** The transport of the binding. */
    public Transport transport() {
        return binding.transport();
    }
}
