package org.linli.gateway.app;

import org.linli.config.GatewayConfig;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Which driver reads which sensor: GPIO inputs go to the pin driver, MQTT topics to the LAN driver,
 * I2C decibel modules to the noise module driver; any other I2C device, which no driver reads yet,
 * is listed so the gateway can report it.
 *
 * @param pins         sensors on GPIO inputs
 * @param lanTopics    sensors publishing on the LAN broker
 * @param noiseModules {@code noise-module} sensors on I2C
 * @param unsupported  sensors no driver of this version reads
 */
public record DriverPlan(List<SensorSpec> pins, List<SensorSpec> lanTopics, List<SensorSpec> noiseModules,
                         List<SensorSpec> unsupported) {

    public DriverPlan {
        pins = List.copyOf(pins);
        lanTopics = List.copyOf(lanTopics);
        noiseModules = List.copyOf(noiseModules);
        unsupported = List.copyOf(unsupported);
    }

    /** The plan for {@code config}'s sensors, in config order. */
    public static DriverPlan of(GatewayConfig config) {
        List<SensorSpec> pins = new ArrayList<>();
        List<SensorSpec> lan = new ArrayList<>();
        List<SensorSpec> noise = new ArrayList<>();
        List<SensorSpec> unsupported = new ArrayList<>();
        for (SensorSpec s : config.sensors()) {
            switch (s.transport()) {
                case GPIO -> pins.add(s);
                case MQTT -> lan.add(s);
                case I2C -> (s.kind() == SensorKind.NOISE_MODULE ? noise : unsupported).add(s);
                default -> unsupported.add(s);
            }
        }
        return new DriverPlan(pins, lan, noise, unsupported);
    }

    /** Whether the pin driver is needed. */
    public boolean needsGpio() {
        return !pins.isEmpty();
    }

    /** Whether the noise module driver is needed. */
    public boolean needsNoise() {
        return !noiseModules.isEmpty();
    }

    /** Whether the LAN driver is needed. */
    public boolean needsLan() {
        return !lanTopics.isEmpty();
    }
}
