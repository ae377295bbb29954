package org.linli.gateway.app;

import org.linli.config.GatewayConfig;
import org.linli.config.SensorSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Which driver reads which sensor: GPIO inputs go to the pin driver, MQTT topics to the LAN driver,
 * and I2C devices, which no driver reads yet, are listed so the gateway can report them.
 *
 * @param pins        sensors on GPIO inputs
 * @param lanTopics   sensors publishing on the LAN broker
 * @param unsupported sensors no driver of this version reads
 */
public record DriverPlan(List<SensorSpec> pins, List<SensorSpec> lanTopics, List<SensorSpec> unsupported) {

    public DriverPlan {
        pins = List.copyOf(pins);
        lanTopics = List.copyOf(lanTopics);
        unsupported = List.copyOf(unsupported);
    }

    /** The plan for {@code config}'s sensors, in config order. */
    public static DriverPlan of(GatewayConfig config) {
        List<SensorSpec> pins = new ArrayList<>();
        List<SensorSpec> lan = new ArrayList<>();
        List<SensorSpec> unsupported = new ArrayList<>();
        for (SensorSpec s : config.sensors()) {
            switch (s.transport()) {
                case GPIO -> pins.add(s);
                case MQTT -> lan.add(s);
                default -> unsupported.add(s);
            }
        }
        return new DriverPlan(pins, lan, unsupported);
    }

    /** Whether the pin driver is needed. */
    public boolean needsGpio() {
        return !pins.isEmpty();
    }

    /** Whether the LAN driver is needed. */
    public boolean needsLan() {
        return !lanTopics.isEmpty();
    }
}
