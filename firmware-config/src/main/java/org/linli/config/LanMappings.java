package org.linli.config;

import org.linli.wire.WireCodec;
import org.linli.wire.WireLimits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Binds the mapping keys of a LAN sensor entry ({@code field}, {@code mapping}, {@code values}) to a
 * {@link LanMapping}, recording every problem with its path:
 * <ul>
 *   <li>{@code field}: the path of the kind's value (the simplest mapping, and the default: the kind's
 *       value name, e.g. {@code occupied});</li>
 *   <li>{@code mapping}: a {@link LanPreset} that fits the kind; {@code values} then moves some of what
 *       the preset reads, e.g. {@code {occupied: presence}};</li>
 *   <li>{@code values} alone: value name → path, the kind's value among them.</li>
 * </ul>
 */
final class LanMappings {
    private LanMappings() {
    }

    /** The mapping of a LAN sensor entry of {@code kind}; null when it has problems. */
    static LanMapping bind(YamlNode node, NodeReader r, SensorKind kind) {
        boolean ok = true;
        String field = r.string(node, "field", false);
        if (field != null && !validPath(node.fields().get("field"), field, r)) {
            ok = false;
        }
        LanPreset preset = null;
        if (r.get(node, "mapping") != null) {
            preset = r.enumValue(node, "mapping", LanPreset.class, null);
            if (preset == null) {
                ok = false;
            } else if (!preset.fits(kind)) {
                r.problem(node.fields().get("mapping"), preset.configName() + " does not fit a " + Sensors.lower(kind)
                        + " sensor (it fits: " + String.join(", ", preset.kinds().stream().map(Sensors::lower).toList()) + ")");
                ok = false;
            }
        }
        YamlNode valuesNode = r.get(node, "values");
        Map<String, String> values = new LinkedHashMap<>();
        if (valuesNode != null) {
            if (field != null) {
                r.problem(valuesNode, "use either field or values, not both (field is the path of " + kind.valueName() + ")");
                ok = false;
            }
            if (!r.isMap(valuesNode)) {
                return null;
            }
            for (Map.Entry<String, YamlNode> e : valuesNode.fields().entrySet()) {
                YamlNode pathNode = e.getValue();
                if (pathNode.type() != YamlNode.Type.SCALAR) {
                    r.problem(pathNode, "expected a dotted JSON path, e.g. state.occupied");
                    ok = false;
                } else if (!validPath(pathNode, pathNode.text(), r)) {
                    ok = false;
                } else {
                    values.put(e.getKey(), pathNode.text());
                }
            }
        }
        if (!ok) {
            return null;
        }
        if (preset != null) {
            return withPreset(preset, field, values, valuesNode, kind, r);
        }
        if (valuesNode == null) {
            return LanMapping.field(kind.valueName(), field == null ? kind.valueName() : field);
        }
        return plainValues(values, valuesNode, kind, r);
    }

    private static LanMapping withPreset(LanPreset preset, String field, Map<String, String> values, YamlNode valuesNode,
                                         SensorKind kind, NodeReader r) {
        Map<String, String> paths = new LinkedHashMap<>(preset.paths());
        if (field != null) {
            paths.put(kind.valueName(), field);
        }
        boolean ok = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!paths.containsKey(e.getKey())) {
                r.problem(valuesNode.fields().get(e.getKey()), preset.configName() + " reads no '" + e.getKey()
                        + "' (it reads: " + String.join(", ", preset.paths().keySet()) + ")");
                ok = false;
            } else {
                paths.put(e.getKey(), e.getValue());
            }
        }
        return ok ? new LanMapping(preset, paths) : null;
    }

    private static LanMapping plainValues(Map<String, String> values, YamlNode valuesNode, SensorKind kind, NodeReader r) {
        boolean ok = true;
        for (String name : values.keySet()) {
            if (!WireCodec.isValueName(name)) {
                r.problem(valuesNode.fields().get(name), "'" + name + "' cannot name a value (a-z first, then letters, "
                        + "digits, _; at most 32; not one of " + String.join(", ", new TreeSet<>(WireCodec.reservedNames())) + ")");
                ok = false;
            }
        }
        if (values.size() > WireLimits.MAX_VALUES) {
            r.problem(valuesNode, values.size() + " values, a reading holds at most " + WireLimits.MAX_VALUES);
            ok = false;
        }
        if (!values.containsKey(kind.valueName())) {
            r.problem(valuesNode, "must give the path of " + kind.valueName() + ", the value of a " + Sensors.lower(kind) + " sensor");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put(kind.valueName(), values.get(kind.valueName()));
        paths.putAll(values);
        return new LanMapping(null, paths);
    }

    private static boolean validPath(YamlNode at, String path, NodeReader r) {
        if (LanMapping.isValidPath(path)) {
            return true;
        }
        r.problem(at, "'" + path + "' is not a dotted JSON path (names without spaces, separated by single dots, "
                + "e.g. state.occupied)");
        return false;
    }
}
