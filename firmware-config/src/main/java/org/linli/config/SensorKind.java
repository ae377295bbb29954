package org.linli.config;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a sensor measures. The kind fixes the InfluxDB measurement its readings go to and the
 * transports it may use; the driver only reads pins, buses and topics.
 */
public enum SensorKind {
    /** Passive infrared motion detector; value {@code occupied} 0/1. */
    PIR("occupancy", "occupied", "bool", EnumSet.of(Transport.GPIO, Transport.MQTT)),
    /** Infrared break-beam; value {@code blocked} 0/1. */
    BEAM("beam", "blocked", "bool", EnumSet.of(Transport.GPIO)),
    /** Door or gate contact; value {@code open} 0/1. */
    DOOR("contact", "open", "bool", EnumSet.of(Transport.GPIO)),
    /** mmWave or Zigbee presence sensor; value {@code occupied} 0/1. */
    PRESENCE("occupancy", "occupied", "bool", EnumSet.of(Transport.GPIO, Transport.MQTT)),
    /** Magnetometer or radar parking sensor; value {@code occupied} 0/1. */
    PARKING("occupancy", "occupied", "bool", EnumSet.of(Transport.MQTT)),
    /** Low-cost I2C decibel module; value {@code la} in dB(A), about once a second. */
    NOISE_MODULE("noise", "la", "dBA", EnumSet.of(Transport.I2C)),
    /** Networked sound level meter; values {@code laeq}, {@code lamin}, {@code lamax} in dB(A). */
    SOUND_LEVEL_METER("noise", "laeq", "dBA", EnumSet.of(Transport.MQTT));

    private final String measurement;
    private final String valueName;
    private final String unit;
    private final Set<Transport> transports;

    SensorKind(String measurement, String valueName, String unit, Set<Transport> transports) {
        this.measurement = measurement;
        this.valueName = valueName;
        this.unit = unit;
        this.transports = transports;
    }

    /** The name of the kind's primary value in a reading, e.g. {@code occupied}. */
    public String valueName() {
        return valueName;
    }

    /** The unit of the primary value: {@code bool} (0/1) or {@code dBA}. */
    public String unit() {
        return unit;
    }

    /** The InfluxDB measurement this kind's readings are written to. */
    public String measurement() {
        return measurement;
    }

    /** Whether this kind can be reached over {@code transport}. */
    public boolean supports(Transport transport) {
        return transports.contains(transport);
    }

    /** The transports this kind can use, for error messages. */
    public Set<Transport> transports() {
        return EnumSet.copyOf(transports);
    }
}
