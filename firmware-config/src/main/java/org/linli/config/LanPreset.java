package org.linli.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A vendor JSON format the gateway knows how to read, named in a LAN sensor's {@code mapping}. Each
 * preset names what it reads and where that is by default ({@link #paths()}); a sensor may move any of
 * them with {@code values} (e.g. an Aqara FP1 publishes {@code presence} where zigbee2mqtt's PIRs
 * publish {@code occupancy}). How a payload becomes readings is the gateway's business; this is only
 * what the configuration may say.
 */
public enum LanPreset {
    /**
     * zigbee2mqtt occupancy/presence sensors:
     * {@code {"occupancy":true,"battery":97,"linkquality":120}}.
     */
    ZIGBEE2MQTT_OCCUPANCY(EnumSet.of(SensorKind.PIR, SensorKind.PRESENCE),
            "occupied", "occupancy", "battery", "battery", "linkquality", "linkquality"),
    /**
     * LoRa/NB-IoT magnetometer or radar parking sensors that report each state change and periodic
     * heartbeats: {@code {"state":"occupied","event":"change"}},
     * {@code {"state":"vacant","event":"heartbeat","battery":3.4}} (battery in volts).
     */
    PARKING_SENSOR(EnumSet.of(SensorKind.PARKING, SensorKind.PRESENCE),
            "occupied", "state", "event", "event", "battery", "battery"),
    /**
     * Networked sound level meters reporting one interval per message:
     * {@code {"LAeq":62.4,"LAmin":48.1,"LAmax":71.9,"interval":60,"ts":"2026-11-22T19:31:00+08:00"}}.
     */
    SOUND_LEVEL_METER(EnumSet.of(SensorKind.SOUND_LEVEL_METER),
            "laeq", "LAeq", "lamin", "LAmin", "lamax", "LAmax", "interval", "interval", "ts", "ts");

    private final Set<SensorKind> kinds;
    private final Map<String, String> paths;

    LanPreset(Set<SensorKind> kinds, String... namesAndPaths) {
        this.kinds = kinds;
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPaths.length; i += 2) {
            m.put(namesAndPaths[i], namesAndPaths[i + 1]);
        }
        this.paths = Collections.unmodifiableMap(m);
    }

    /** What the preset reads, by name, and the default JSON path of each, in order. */
    public Map<String, String> paths() {
        return paths;
    }

    /** Whether a sensor of {@code kind} may use this preset. */
    public boolean fits(SensorKind kind) {
        return kinds.contains(kind);
    }

    /** The kinds this preset fits, for error messages. */
    public Set<SensorKind> kinds() {
        return EnumSet.copyOf(kinds);
    }

    /** The name used in config files, e.g. {@code zigbee2mqtt-occupancy}. */
    public String configName() {
        return Sensors.lower(this);
    }
}
