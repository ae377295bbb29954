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
     * @param topic the topic the device publishes on
     * @param field the dotted path of the JSON field holding the value, e.g. {@code occupancy}
     */
    record MqttTopic(String topic, String field) implements SensorBinding {
        @Override
        public Transport transport() {
            return Transport.MQTT;
        }
    }
}
