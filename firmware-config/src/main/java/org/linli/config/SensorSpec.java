package org.linli.config;

/**
 * One sensor as configured: what it measures, where it stands and how the gateway reaches it.
 *
 * @param id      unique within the site
 * @param kind    what it measures
 * @param space   the public space it watches
 * @param binding the pin, bus address or topic
 */
public record SensorSpec(String id, SensorKind kind, String space, SensorBinding binding) {

    /** The transport of the binding. */
    public Transport transport() {
        return binding.transport();
    }
}
