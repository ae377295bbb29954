package org.linli.config;

import java.time.Duration;

/** Where a gateway finds a sensor: a GPIO pin, an I2C device or an MQTT topic on the LAN broker. */
public sealed interface SensorBinding {

    /** The transport this binding uses. */
    Transport transport();

    /**
     * A digital input.
     *
     * @param pin       BCM GPIO number
     * @param pull      the internal pull resistor
     * @param debounce  how long a level must hold before it counts
     * @param activeLow true when the sensor pulls the line low to signal "on"
     */
    record GpioInput(int pin, Pull pull, Duration debounce, boolean activeLow) implements SensorBinding {
        @Override
        public Transport transport() {
            return Transport.GPIO;
        }
    }

    /**
     * A device on an I2C bus.
     *
     * @param bus     the bus number ({@code /dev/i2c-N}), 1 on the 40-pin header
     * @param address the 7-bit device address
     */
    record I2cDevice(int bus, int address) implements SensorBinding {
        @Override
        public Transport transport() {
            return Transport.I2C;
        }
    }

    /**
     * A device that publishes JSON on the LAN broker.
     *
     * @param topic     the topic the device publishes on
     * @param field     the dotted path of the JSON field holding the kind's value, e.g. {@code occupancy}
     * @param mapping   how the JSON becomes values: a preset and/or the path of each value
     * @param heartbeat the device publishes at least this often; null when it gives no such promise.
     *                  Silence for {@link #SILENCE_FACTOR} times this makes the sensor offline
     */
    record MqttTopic(String topic, String field, LanMapping mapping, Duration heartbeat) implements SensorBinding {
        /** How many heartbeats may be missed before the sensor counts as offline. */
        public static final double SILENCE_FACTOR = 2.5;

        /** A sensor whose kind's value {@code valueName} is at {@code field}, without heartbeat. */
        public static MqttTopic plain(String topic, String valueName, String field) {
            return new MqttTopic(topic, field, LanMapping.field(valueName, field), null);
        }

        @Override
        public Transport transport() {
            return Transport.MQTT;
        }
    }
}
