package org.linli.gateway.lan;

import com.fasterxml.jackson.databind.JsonNode;
import org.linli.config.LanMapping;
import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;

/**
 * Turns one device message (a parsed JSON object) into a {@link Decoded} for one sensor, as the
 * sensor's {@link LanMapping} says: plain paths, or one of the vendor presets. Pure; a decoder keeps
 * no state between messages.
 */
public sealed interface LanDecoder permits PlainValues, Zigbee2mqttOccupancy, ParkingSensor, SoundLevelMeter {

    /**
     * What {@code root} says.
     *
     * @param root       the message, a JSON object
     * @param receivedAt when it arrived, epoch ms (the gateway's clock)
     */
    default Decoded decode(JsonNode root, long receivedAt) {
        try {
            return read(root, receivedAt);
        } catch (JsonFields.Bad e) {
            return e.refused();
        }
    }

    /** Like {@link #decode}, throwing {@link JsonFields.Bad} for a field that cannot be used. */
    Decoded.Sample read(JsonNode root, long receivedAt);

    /** The decoder for a sensor bound to a LAN topic. */
    static LanDecoder of(SensorSpec sensor) {
        LanMapping mapping = ((SensorBinding.MqttTopic) sensor.binding()).mapping();
        if (mapping.preset() == null) {
            return new PlainValues(mapping.paths(), sensor.kind().valueName(), "bool".equals(sensor.kind().unit()));
        }
        switch (mapping.preset()) {
            case ZIGBEE2MQTT_OCCUPANCY:
                return new Zigbee2mqttOccupancy(mapping.paths());
            case PARKING_SENSOR:
                return new ParkingSensor(mapping.paths());
            default:
                return new SoundLevelMeter(mapping.paths());
        }
    }
}
