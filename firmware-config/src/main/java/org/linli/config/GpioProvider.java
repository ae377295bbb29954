package org.linli.config;

/** Which Pi4J platform the gateway reads pins through. */
public enum GpioProvider {
    /** The Pi's GPIO character device through Pi4J's gpiod plugin (Raspberry Pi OS Bookworm, Pi 3-5). */
    GPIOD,
    /** Pi4J's in-memory mock platform: for development machines, the demo and tests. */
    MOCK
}
