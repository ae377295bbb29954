package org.linli.config;

/** How a gateway reaches a sensor. */
public enum Transport {
    /** A digital input on a Raspberry Pi GPIO pin (BCM numbering). */
    GPIO,
    /** A module on an I2C bus of the Pi. */
    I2C,
    /** A device publishing JSON on the gateway's LAN broker. */
    MQTT
}
