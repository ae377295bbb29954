package org.linli.config;

import org.linli.config.canteen.VerificationMethod;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds gateway.yaml's optional {@code canteen:} section: the counter's terminals, outputs, ledger and
 * page. Its pins are checked against the sensors' pins and the header's reserved pins with the same
 * rules as the sensors'.
 */
final class CanteenSection {
    private static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofMillis(25);
    private static final int DEFAULT_MIN_BIT_SPACING_MICROS = 200;

    private CanteenSection() {
    }

    /** The section, or null when absent or with problems (recorded in {@code r}). */
    static CanteenSettings bind(YamlNode root, Map<Integer, String> pins, List<Sensors.Located> sensors,
                                StatusPageSettings statusPage, NodeReader r) {
        YamlNode n = r.get(root, "canteen");
        if (n == null || !r.isMap(n)) {
            return null;
        }
        int before = r.problems().size();
        r.allowOnly(n, "id", "policy", "zone", "ledgerPath", "terminals", "outputs", "page");
        String id = r.id(n, "id", true);
        String policy = r.string(n, "policy", true);
        if (policy != null && !CanteenPolicyLoader.PRESETS.contains(policy)) {
            r.problem(r.get(n, "policy"), "'" + policy + "' is not a policy preset (known: "
                    + String.join(", ", CanteenPolicyLoader.PRESETS) + ")");
        }
        ZoneId zone = zone(n, r);
        String ledger = r.string(n, "ledgerPath", false);
        Map<String, String> topics = new HashMap<>();
        for (Sensors.Located s : sensors) {
            if (s.spec().binding() instanceof SensorBinding.MqttTopic t) {
                topics.put(t.topic(), "sensor " + s.spec().id());
            }
        }
        Map<String, String> ids = new HashMap<>();
        List<CanteenSettings.Terminal> terminals = r.list(n, "terminals", true,
                t -> terminal(t, pins, topics, ids, r));
        if (terminals.isEmpty() && r.get(n, "terminals") != null && r.problems().size() == before) {
            r.problem(r.get(n, "terminals"), "at least one terminal");
        }
        CanteenSettings.Outputs outputs = outputs(n, pins, r);
        CanteenSettings.Page page = page(n, r);
        if (statusPage.enabled() && page.port() != 0 && page.port() == statusPage.port()) {
            r.problem("canteen.page.port", "port " + page.port() + " is the status page's (statusPage.port)");
        }
        if (r.problems().size() > before || id == null || policy == null) {
            return null;
        }
        return new CanteenSettings(id, policy, zone, ledger == null ? CanteenSettings.DEFAULT_LEDGER : Path.of(ledger),
                terminals, outputs, page);
    }

    private static ZoneId zone(YamlNode n, NodeReader r) {
        String text = r.string(n, "zone", false);
        if (text == null) {
            return CanteenSettings.DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            r.problem(r.get(n, "zone"), "'" + text + "' is not a time zone (write e.g. Asia/Shanghai)");
            return CanteenSettings.DEFAULT_ZONE;
        }
    }

    static CanteenSettings.Terminal terminal(YamlNode t, Map<Integer, String> pins, Map<String, String> topics,
                                                     Map<String, String> ids, NodeReader r) {
        if (!r.isMap(t)) {
            return null;
        }
        String id = r.id(t, "id", true);
        if (id != null) {
            String first = ids.putIfAbsent(id, t.path());
            if (first != null) {
                r.problem(YamlNode.child(t.path(), "id"), "duplicate terminal id '" + id + "' (also at " + first + ")");
                return null;
            }
        }
        String transport = r.string(t, "transport", true);
        if (transport == null) {
            return null;
        }
        switch (transport) {
            case "wiegand":
                return wiegand(t, id, pins, r);
            case "network":
                return network(t, id, topics, r);
            default:
                r.problem(r.get(t, "transport"), "'" + transport + "' is not one of wiegand, network");
                return null;
        }
    }

    private static CanteenSettings.Terminal wiegand(YamlNode t, String id, Map<Integer, String> pins, NodeReader r) {
        r.allowOnly(t, "id", "transport", "format", "d0", "d1", "method", "frameTimeout", "minBitSpacingMicros");
        int before = r.problems().size();
        Integer bits = r.integer(t, "format", true, 0, 64);
        if (bits != null && bits != 26 && bits != 34) {
            r.problem(r.get(t, "format"), bits + " is not a supported Wiegand format (26 or 34)");
        }
        Integer d0 = r.integer(t, "d0", true, 0, 27);
        Integer d1 = r.integer(t, "d1", true, 0, 27);
        VerificationMethod method = r.enumValue(t, "method", VerificationMethod.class, null);
        Duration frameTimeout = r.duration(t, "frameTimeout", DEFAULT_FRAME_TIMEOUT);
        Integer spacing = r.integer(t, "minBitSpacingMicros", false, 0, 10_000);
        int minSpacing = spacing == null ? DEFAULT_MIN_BIT_SPACING_MICROS : spacing;
        if (frameTimeout != null && frameTimeout.toNanos() / 1_000 <= minSpacing) {
            r.problem(YamlNode.child(t.path(), "frameTimeout"), "must be longer than minBitSpacingMicros ("
                    + minSpacing + " µs)");
        }
        if (frameTimeout != null && frameTimeout.compareTo(Duration.ofSeconds(1)) > 0) {
            r.problem(YamlNode.child(t.path(), "frameTimeout"), "at most 1s (readers send a frame within about 100 ms)");
        }
        String owner = "canteen terminal " + id;
        if (d0 != null) {
            Sensors.claimPin(pins, d0, owner + " (D0)", YamlNode.child(t.path(), "d0"), null, r);
        }
        if (d1 != null) {
            Sensors.claimPin(pins, d1, owner + " (D1)", YamlNode.child(t.path(), "d1"), null, r);
        }
        if (r.problems().size() > before || id == null || bits == null || d0 == null || d1 == null || method == null
                || frameTimeout == null) {
            return null;
        }
        return new CanteenSettings.WiegandTerminal(id, bits, d0, d1, method, frameTimeout,
                Duration.ofNanos(minSpacing * 1_000L));
    }

    private static CanteenSettings.Terminal network(YamlNode t, String id, Map<String, String> topics, NodeReader r) {
        r.allowOnly(t, "id", "transport", "topic");
        String topic = r.string(t, "topic", false);
        if (topic != null && (topic.contains("+") || topic.contains("#") || topic.startsWith("$"))) {
            r.problem(r.get(t, "topic"), "'" + topic + "' must be a plain topic: no wildcards (+, #) and no leading $");
            return null;
        }
        if (topic != null) {
            String other = topics.putIfAbsent(topic, "canteen terminal " + id);
            if (other != null) {
                r.problem(r.get(t, "topic"), "topic '" + topic + "' is already read by " + other);
                return null;
            }
        }
        return id == null ? null : new CanteenSettings.NetworkTerminal(id, topic);
    }

    static CanteenSettings.Outputs outputs(YamlNode n, Map<Integer, String> pins, NodeReader r) {
        YamlNode o = r.get(n, "outputs");
        if (o == null || !r.isMap(o)) {
            return new CanteenSettings.Outputs(null, null, null);
        }
        r.allowOnly(o, "green", "red", "buzzer");
        Integer[] out = new Integer[3];
        String[] keys = {"green", "red", "buzzer"};
        for (int i = 0; i < keys.length; i++) {
            Integer pin = r.integer(o, keys[i], false, 0, 27);
            if (pin != null && Sensors.claimPin(pins, pin, "canteen " + keys[i] + " output",
                    YamlNode.child(o.path(), keys[i]), null, r)) {
                out[i] = pin;
            }
        }
        return new CanteenSettings.Outputs(out[0], out[1], out[2]);
    }

    private static CanteenSettings.Page page(YamlNode n, NodeReader r) {
        CanteenSettings.Page defaults = CanteenSettings.Page.defaults();
        YamlNode p = r.get(n, "page");
        if (p == null || !r.isMap(p)) {
            return defaults;
        }
        r.allowOnly(p, "host", "port");
        String host = r.string(p, "host", false);
        if (host != null && !host.matches("[A-Za-z0-9.:_-]+")) {
            r.problem(r.get(p, "host"), "'" + host + "' is not an address to listen on (e.g. 0.0.0.0)");
            host = null;
        }
        Integer port = r.integer(p, "port", false, 0, 65_535);
        return new CanteenSettings.Page(host == null ? defaults.host() : host, port == null ? defaults.port() : port);
    }
}
