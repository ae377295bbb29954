package org.linli.gateway.lan;

import com.fasterxml.jackson.databind.JsonNode;
import org.linli.wire.Quality;
import org.linli.wire.RejectReason;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Magnetometer or radar parking sensors (LoRaWAN or NB-IoT, bridged onto the LAN broker), which send a
 * message on each state change and a heartbeat in between:
 * {@code {"state":"occupied","event":"change"}}, {@code {"state":"vacant","event":"heartbeat","battery":3.4}}.
 *
 * <ul>
 *   <li>{@code state}: {@code "occupied"} or {@code "vacant"} (any case; true/false and 1/0 too), required;
 *       value {@code occupied} 1/0;</li>
 *   <li>{@code event}: {@code "change"} or {@code "heartbeat"}, default change;</li>
 *   <li>{@code battery}: volts (0-10), optional; value {@code battery}. Under {@value #LOW_BATTERY_VOLTS} V
 *       (a 3.6 V lithium thionyl chloride cell near its end) the sample is suspect.</li>
 * </ul>
 */
final class ParkingSensor implements LanDecoder {
    static final double LOW_BATTERY_VOLTS = 3.0;

    private final String state;
    private final String event;
    private final String battery;

    ParkingSensor(Map<String, String> paths) {
        this.state = paths.get("occupied");
        this.event = paths.get("event");
        this.battery = paths.get("battery");
    }

    @Override
    public Decoded.Sample read(JsonNode root, long receivedAt) {
        Map<String, Double> values = new HashMap<>();
        values.put("occupied", occupied(JsonFields.required(root, state)));
        boolean change = !heartbeat(JsonFields.at(root, event));
        JsonNode b = JsonFields.at(root, battery);
        if (b != null) {
            double volts = JsonFields.number(b, battery, 0, 10);
            values.put("battery", volts);
            if (volts < LOW_BATTERY_VOLTS) {
                return new Decoded.Sample(values, receivedAt, Quality.SUSPECT, "battery low: " + JsonFields.plain(volts) + " V", change);
            }
        }
        return new Decoded.Sample(values, receivedAt, Quality.GOOD, null, change);
    }

    private double occupied(JsonNode node) {
        if (!node.isTextual()) {
            return JsonFields.flag(node, state);
        }
        switch (node.textValue().trim().toLowerCase(Locale.ROOT)) {
            case "occupied": return 1.0;
            case "vacant": return 0.0;
            default:
                throw new JsonFields.Bad(RejectReason.BAD_FIELD, "field '" + state + "' is '" + node.textValue()
                        + "', not occupied or vacant");
        }
    }

    private boolean heartbeat(JsonNode node) {
        if (node == null) {
            return false;
        }
        String e = node.isTextual() ? node.textValue().trim().toLowerCase(Locale.ROOT) : "";
        switch (e) {
            case "heartbeat": return true;
            case "change": return false;
            default:
                throw new JsonFields.Bad(RejectReason.BAD_FIELD, "field '" + event + "' is " + (node.isTextual()
                        ? "'" + node.textValue() + "'" : JsonFields.type(node)) + ", not change or heartbeat");
        }
    }
}
