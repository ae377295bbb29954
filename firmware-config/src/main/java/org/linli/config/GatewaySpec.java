package org.linli.config;

import java.util.List;
import java.util.Optional;

/**
 * A gateway as the site inventory knows it: its id and the sensors wired to it.
 *
 * @param id      unique within the site; also its MQTT username and topic level
 * @param name    display name, e.g. where it is mounted
 * @param sensors the sensors it reads
 */
public record GatewaySpec(String id, String name, List<SensorSpec> sensors) {

    public GatewaySpec {
        sensors = List.copyOf(sensors);
    }

    /** The sensor with this id, if the gateway has one. */
    public Optional<SensorSpec> sensor(String sensorId) {
        return sensors.stream().filter(s -> s.id().equals(sensorId)).findFirst();
    }
}
