package org.linli.gateway.status;

import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;

import java.util.Locale;

/** How a sensor is described to an installer: its kind and where it is connected. */
final class Wiring {

    private Wiring() {
    }

    /** The kind as written in the config, e.g. {@code noise-module}. */
    static String kind(SensorSpec s) {
        return s.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The transport as written in the config. */
    static String transport(SensorSpec s) {
        return s.transport().name().toLowerCase(Locale.ROOT);
    }

    /** Where it is connected: {@code gpio BCM 17}, {@code mqtt sensors/park-3}, {@code i2c bus 1 0x48}. */
    static String describe(SensorSpec s) {
        SensorBinding b = s.binding();
        if (b instanceof SensorBinding.GpioInput g) {
            return "gpio BCM " + g.pin() + (g.activeLow() ? " (active low)" : "");
        }
        if (b instanceof SensorBinding.MqttTopic t) {
            return "mqtt " + t.topic();
        }
        if (b instanceof SensorBinding.I2cDevice d) {
            return String.format(Locale.ROOT, "i2c bus %d 0x%02x", d.bus(), d.address());
        }
        return transport(s);
    }

    /** Whether the sensor reports on its own, so the wiring check needs a good reading rather than a trigger. */
    static boolean reportsByItself(SensorSpec s) {
        return s.binding() instanceof SensorBinding.I2cDevice;
    }
}
