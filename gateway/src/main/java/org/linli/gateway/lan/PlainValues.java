package org.linli.gateway.lan;

import com.fasterxml.jackson.databind.JsonNode;
import org.linli.wire.Quality;

import java.util.HashMap;
import java.util.Map;

/**
 * A sensor's {@code field} or {@code values}: the kind's value must be there (0/1 or true/false for
 * an occupancy kind, any number otherwise); every other value is taken when present, as a number or
 * a boolean (1/0).
 */
final class PlainValues implements LanDecoder {
    private final Map<String, String> paths;
    private final String valueName;
    private final boolean zeroOrOne;

    PlainValues(Map<String, String> paths, String valueName, boolean zeroOrOne) {
        this.paths = paths;
        this.valueName = valueName;
        this.zeroOrOne = zeroOrOne;
    }

    @Override
    public Decoded.Sample read(JsonNode root, long receivedAt) {
        Map<String, Double> values = new HashMap<>();
        for (Map.Entry<String, String> e : paths.entrySet()) {
            String path = e.getValue();
            if (e.getKey().equals(valueName)) {
                JsonNode node = JsonFields.required(root, path);
                values.put(valueName, zeroOrOne ? JsonFields.flag(node, path) : JsonFields.numberOrFlag(node, path));
            } else {
                JsonNode node = JsonFields.at(root, path);
                if (node != null) {
                    values.put(e.getKey(), JsonFields.numberOrFlag(node, path));
                }
            }
        }
        return new Decoded.Sample(values, receivedAt, Quality.GOOD, null, false);
    }
}
