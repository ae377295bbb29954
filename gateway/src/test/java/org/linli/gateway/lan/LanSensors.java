package org.linli.gateway.lan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.linli.config.LanMapping;
import org.linli.config.LanPreset;
import org.linli.config.SensorBinding;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sensor specs and payloads for the LAN tests. */
final class LanSensors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LanSensors() {
    }

    static SensorSpec preset(String id, SensorKind kind, LanPreset preset, Duration heartbeat, Duration hold) {
        LanMapping mapping = new LanMapping(preset, preset.paths());
        return new SensorSpec(id, kind, "plaza", new SensorBinding.MqttTopic("dev/" + id,
                mapping.paths().get(kind.valueName()), mapping, heartbeat), hold);
    }

    static SensorSpec plain(String id, SensorKind kind, String... namesAndPaths) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPaths.length; i += 2) {
            paths.put(namesAndPaths[i], namesAndPaths[i + 1]);
        }
        LanMapping mapping = new LanMapping(null, paths);
        return new SensorSpec(id, kind, "plaza", new SensorBinding.MqttTopic("dev/" + id,
                paths.get(kind.valueName()), mapping, null));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
