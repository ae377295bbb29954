package org.linli.gateway.lan;

import com.fasterxml.jackson.databind.JsonNode;
import org.linli.wire.Quality;

import java.util.HashMap;
import java.util.Map;

/**
 * zigbee2mqtt's occupancy and presence sensors, e.g. {@code {"occupancy":true,"battery":97,"linkquality":120}}:
 * {@code occupied} 1/0 (required), {@code battery} in % (0-100) and {@code linkquality} (0-255) when
 * present. A battery under {@value #LOW_BATTERY_PERCENT} % makes the sample suspect.
 */
final class Zigbee2mqttOccupancy implements LanDecoder {
    static final double LOW_BATTERY_PERCENT = 15;

    private final String occupied;
    private final String battery;
    private final String linkquality;

    Zigbee2mqttOccupancy(Map<String, String> paths) {
        this.occupied = paths.get("occupied");
        this.battery = paths.get("battery");
        this.linkquality = paths.get("linkquality");
    }

    @Override
    public Decoded.Sample read(JsonNode root, long receivedAt) {
        Map<String, Double> values = new HashMap<>();
        values.put("occupied", JsonFields.flag(JsonFields.required(root, occupied), occupied));
        JsonNode b = JsonFields.at(root, battery);
        if (b != null) {
            values.put("battery", JsonFields.number(b, battery, 0, 100));
        }
        JsonNode lq = JsonFields.at(root, linkquality);
        if (lq != null) {
            values.put("linkquality", JsonFields.number(lq, linkquality, 0, 255));
        }
        Double pct = values.get("battery");
        if (pct != null && pct < LOW_BATTERY_PERCENT) {
            return new Decoded.Sample(values, receivedAt, Quality.SUSPECT, "battery low: " + JsonFields.plain(pct) + " %", false);
        }
        return new Decoded.Sample(values, receivedAt, Quality.GOOD, null, false);
    }
}
