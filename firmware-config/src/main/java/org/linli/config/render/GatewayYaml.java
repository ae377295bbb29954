package org.linli.config.render;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.linli.config.Canteen;
import org.linli.config.CanteenSettings;
import org.linli.config.GatewaySpec;
import org.linli.config.LanMapping;
import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;

/** A gateway's {@code gateway.yaml}, in the format {@link org.linli.config.GatewayConfigLoader} reads. */
final class GatewayYaml {
    /** Where the bundle places the cloud password on the Pi. */
    static final String CLOUD_PASSWORD_FILE = "/etc/linli/cloud-mqtt.pass";
    /** Where the bundle places the site CA, the gateway's client certificate and its key (with --tls). */
    static final String CA_FILE = "/etc/linli/ca.crt";
    static final String CERT_FILE = "/etc/linli/client.crt";
    static final String KEY_FILE = "/etc/linli/client.key";

    private GatewayYaml() {
    }

    /**
     * @param tls whether the bundle carries the site CA and a client certificate: the cloud broker
     *            then trusts only the site CA and the gateway shows its certificate
     */
    static String render(String siteId, GatewaySpec gateway, String lanBroker, String cloudBroker, boolean tls) {
        return render(siteId, gateway, lanBroker, cloudBroker, tls, null, null);
    }

    /**
     * @param counter the canteen whose counter this gateway runs (with its terminals), or null
     * @param zone    the site's time zone, for the counter's meal windows
     */
    static String render(String siteId, GatewaySpec gateway, String lanBroker, String cloudBroker, boolean tls,
                         Canteen counter, java.time.ZoneId zone) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("site", siteId);
        root.put("gateway", gateway.id());
        root.put("gpio", "gpiod");
        root.put("lanBroker", Map.of("uri", lanBroker));
        Map<String, Object> cloud = new LinkedHashMap<>();
        cloud.put("uri", cloudBroker);
        cloud.put("username", gateway.id());
        cloud.put("passwordFile", CLOUD_PASSWORD_FILE);
        if (tls) {
            cloud.put("caFile", CA_FILE);
            cloud.put("certFile", CERT_FILE);
            cloud.put("keyFile", KEY_FILE);
        }
        root.put("cloudBroker", cloud);
        root.put("sensors", gateway.sensors().stream().map(GatewayYaml::sensor).toList());
        if (counter != null && !counter.terminals().isEmpty()) {
            root.put("canteen", canteen(counter, zone));
        }
        return "# Rendered by linli-config render for gateway " + gateway.id() + " of site " + siteId
                + ". Edit the site inventory and render again rather than this file.\n" + Yaml.write(root);
    }

    private static Map<String, Object> canteen(Canteen c, java.time.ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("policy", c.policy());
        if (zone != null) {
            m.put("zone", zone.getId());
        }
        m.put("terminals", c.terminals().stream().map(GatewayYaml::terminal).toList());
        Map<String, Object> outputs = new LinkedHashMap<>();
        if (c.outputs().green() != null) {
            outputs.put("green", c.outputs().green());
        }
        if (c.outputs().red() != null) {
            outputs.put("red", c.outputs().red());
        }
        if (c.outputs().buzzer() != null) {
            outputs.put("buzzer", c.outputs().buzzer());
        }
        if (!outputs.isEmpty()) {
            m.put("outputs", outputs);
        }
        return m;
    }

    private static Map<String, Object> terminal(CanteenSettings.Terminal t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        if (t instanceof CanteenSettings.WiegandTerminal w) {
            m.put("transport", "wiegand");
            m.put("format", w.bits());
            m.put("d0", w.d0());
            m.put("d1", w.d1());
            m.put("method", lowerHyphen(w.method().name()));
            m.put("frameTimeout", w.frameTimeout().toMillis() + "ms");
            m.put("minBitSpacingMicros", w.minBitSpacing().toNanos() / 1_000);
        } else if (t instanceof CanteenSettings.NetworkTerminal n) {
            m.put("transport", "network");
            if (n.topic() != null) {
                m.put("topic", n.topic());
            }
        }
        return m;
    }

    private static Map<String, Object> sensor(SensorSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("kind", lowerHyphen(s.kind().name()));
        m.put("space", s.space());
        m.put("transport", lowerHyphen(s.transport().name()));
        // Java 17 has no pattern switch yet; the binding is a sealed interface of three records.
        if (s.binding() instanceof SensorBinding.GpioInput g) {
            m.put("pin", g.pin());
            m.put("pull", lowerHyphen(g.pull().name()));
            m.put("debounce", g.debounce().toMillis() + "ms");
            m.put("activeLow", g.activeLow());
        } else if (s.binding() instanceof SensorBinding.I2cDevice d) {
            m.put("bus", d.bus());
            m.put("address", String.format("0x%02x", d.address()));
        } else if (s.binding() instanceof SensorBinding.MqttTopic t) {
            m.put("topic", t.topic());
            mapping(m, s, t);
            if (t.heartbeat() != null) {
                m.put("heartbeat", t.heartbeat().toMillis() + "ms");
            }
        }
        if (!s.holdTime().isZero()) {
            m.put("holdTime", s.holdTime().toMillis() + "ms");
        }
        return m;
    }

    private static void mapping(Map<String, Object> m, SensorSpec s, SensorBinding.MqttTopic t) {
        LanMapping mapping = t.mapping();
        if (mapping.preset() == null && mapping.paths().size() == 1) {
            m.put("field", t.field());
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (mapping.preset() == null) {
            values.putAll(mapping.paths());
        } else {
            m.put("mapping", mapping.preset().configName());
            // Only what the site moved away from the preset's defaults.
            mapping.paths().forEach((name, path) -> {
                if (!path.equals(mapping.preset().paths().get(name))) {
                    values.put(name, path);
                }
            });
        }
        if (!values.isEmpty()) {
            m.put("values", values);
        }
    }

    private static String lowerHyphen(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
