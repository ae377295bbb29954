package org.linli.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds sensor entries and checks a gateway's sensors against each other and against the Pi's
 * header: pins reserved for I2C, SPI, UART and the HAT EEPROM, a pin or an I2C address used twice.
 * Shared by the site inventory and the per-gateway config, so both reject the same mistakes.
 */
final class Sensors {
    /** BCM pins that are not free for sensors on a Linli gateway, and why. I2C is enabled on every gateway. */
    private static final Map<Integer, String> RESERVED = Map.ofEntries(
            Map.entry(0, "ID_SD, reserved for the HAT EEPROM"),
            Map.entry(1, "ID_SC, reserved for the HAT EEPROM"),
            Map.entry(2, "I2C SDA"),
            Map.entry(3, "I2C SCL"),
            Map.entry(7, "SPI0 CE1"),
            Map.entry(8, "SPI0 CE0"),
            Map.entry(9, "SPI0 MISO"),
            Map.entry(10, "SPI0 MOSI"),
            Map.entry(11, "SPI0 SCLK"),
            Map.entry(14, "UART TXD"),
            Map.entry(15, "UART RXD"));
    private static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);
    private static final int I2C_HEADER_BUS = 1;
    /** Marks a duration that was given and refused, apart from one that is absent (null). */
    private static final Duration NO_DURATION = Duration.ofNanos(-1);
    private static final Duration MIN_HEARTBEAT = Duration.ofSeconds(1);

    /** A bound sensor with the path of its entry, for problems found later. */
    record Located(SensorSpec spec, String path) {
    }

    private Sensors() {
    }

    /** Binds one sensor entry; null when it has problems (recorded in {@code r}). */
    static Located bind(YamlNode node, NodeReader r, boolean spaceRequired) {
        if (!r.isMap(node)) {
            return null;
        }
        r.allowOnly(node, "id", "kind", "space", "transport", "pin", "pull", "debounce", "activeLow", "bus",
                "address", "topic", "field", "mapping", "values", "heartbeat", "holdTime");
        String id = r.id(node, "id", true);
        SensorKind kind = r.enumValue(node, "kind", SensorKind.class, null);
        String space = r.id(node, "space", spaceRequired);
        Transport transport = r.enumValue(node, "transport", Transport.class, null);
        if (kind != null && transport != null && !kind.supports(transport)) {
            r.problem(YamlNode.child(node.path(), "transport"), "a " + lower(kind) + " sensor cannot use "
                    + lower(transport) + " (it can use: " + String.join(", ",
                    kind.transports().stream().map(Sensors::lower).toList()) + ")");
            return null;
        }
        SensorBinding binding = transport == null ? null : bindTransport(node, r, transport, kind);
        Duration holdTime = holdTime(node, r, kind);
        if (id == null || kind == null || binding == null || holdTime == null || (spaceRequired && space == null)) {
            return null;
        }
        return new Located(new SensorSpec(id, kind, space, binding, holdTime), node.path());
    }

    private static SensorBinding bindTransport(YamlNode node, NodeReader r, Transport transport, SensorKind kind) {
        switch (transport) {
            case GPIO: {
                notUsed(node, r, transport, "bus", "address", "topic", "field", "mapping", "values", "heartbeat");
                Integer pin = r.integer(node, "pin", true, 0, 27);
                Pull pull = r.enumValue(node, "pull", Pull.class, Pull.DOWN);
                Duration debounce = r.duration(node, "debounce", DEFAULT_DEBOUNCE);
                boolean activeLow = r.bool(node, "activeLow", false);
                return pin == null || pull == null || debounce == null ? null
                        : new SensorBinding.GpioInput(pin, pull, debounce, activeLow);
            }
            case I2C: {
                notUsed(node, r, transport, "pin", "pull", "debounce", "activeLow", "topic", "field", "mapping", "values",
                        "heartbeat");
                Integer bus = r.integer(node, "bus", false, 0, 31);
                Integer address = r.integer(node, "address", true, 0x03, 0x77);
                return address == null ? null : new SensorBinding.I2cDevice(bus == null ? I2C_HEADER_BUS : bus, address);
            }
            default: {
                notUsed(node, r, transport, "pin", "pull", "debounce", "activeLow", "bus", "address");
                String topic = r.string(node, "topic", true);
                if (topic != null && (topic.contains("+") || topic.contains("#") || topic.startsWith("$"))) {
                    r.problem(YamlNode.child(node.path(), "topic"),
                            "'" + topic + "' must be a plain topic: no wildcards (+, #) and no leading $");
                    return null;
                }
                LanMapping mapping = kind == null ? null : LanMappings.bind(node, r, kind);
                Duration heartbeat = heartbeat(node, r);
                if (topic == null || mapping == null || heartbeat == NO_DURATION) {
                    return null;
                }
                return new SensorBinding.MqttTopic(topic, mapping.paths().get(kind.valueName()), mapping, heartbeat);
            }
        }
    }

    private static Duration heartbeat(YamlNode node, NodeReader r) {
        if (r.get(node, "heartbeat") == null) {
            return null;
        }
        Duration d = r.duration(node, "heartbeat", null);
        if (d == null) {
            return NO_DURATION;
        }
        if (d.compareTo(MIN_HEARTBEAT) < 0) {
            r.problem(node.fields().get("heartbeat"), "must be at least 1s");
            return NO_DURATION;
        }
        return d;
    }

    /** The hold time; zero when absent; null when refused. */
    private static Duration holdTime(YamlNode node, NodeReader r, SensorKind kind) {
        if (r.get(node, "holdTime") == null) {
            return Duration.ZERO;
        }
        if (kind != null && !"bool".equals(kind.unit())) {
            r.problem(node.fields().get("holdTime"), "only occupancy sensors (pir, beam, door, presence, parking) have a hold time");
            return null;
        }
        return r.duration(node, "holdTime", Duration.ZERO);
    }

    private static void notUsed(YamlNode node, NodeReader r, Transport transport, String... keys) {
        for (String key : keys) {
            if (node.fields().containsKey(key)) {
                r.problem(node.fields().get(key), "not used with transport " + lower(transport));
            }
        }
    }

    /**
     * Checks one gateway's sensors against the header and each other.
     *
     * @return the BCM pins the sensors use, each with its sensor's id, for other pin users (the
     *         canteen counter's Wiegand lines and outputs) to be checked against
     */
    static Map<Integer, String> checkWiring(List<Located> sensors, NodeReader r) {
        Map<Integer, String> pins = new HashMap<>();
        Map<String, String> i2c = new HashMap<>();
        Map<String, String> topics = new HashMap<>();
        String headerI2cUser = null;
        for (Located s : sensors) {
            if (s.spec().binding() instanceof SensorBinding.I2cDevice d && d.bus() == I2C_HEADER_BUS) {
                headerI2cUser = s.spec().id();
                break;
            }
        }
        for (Located s : sensors) {
            SensorBinding b = s.spec().binding();
            if (b instanceof SensorBinding.GpioInput g) {
                claimPin(pins, g.pin(), s.spec().id(), YamlNode.child(s.path(), "pin"), headerI2cUser, r);
            } else if (b instanceof SensorBinding.I2cDevice d) {
                String key = d.bus() + ":" + d.address();
                String other = i2c.putIfAbsent(key, s.spec().id());
                if (other != null) {
                    r.problem(YamlNode.child(s.path(), "address"), String.format(
                            "I2C address 0x%02x on bus %d is already used by %s", d.address(), d.bus(), other));
                }
            } else if (b instanceof SensorBinding.MqttTopic t && t.field() != null) {
                String other = topics.putIfAbsent(t.topic() + "\u0000" + t.field(), s.spec().id());
                if (other != null) {
                    r.problem(YamlNode.child(s.path(), "topic"), "topic '" + t.topic() + "' field '" + t.field()
                            + "' is already read by " + other);
                }
            }
        }
        return pins;
    }

    /**
     * Claims BCM {@code pin} for {@code owner}: a problem at {@code path} if the pin is reserved (I2C,
     * SPI, UART, HAT EEPROM) or already claimed in {@code pins}.
     *
     * @param headerI2cUser the sensor on the header's I2C bus, or null
     * @return whether the pin was free
     */
    static boolean claimPin(Map<Integer, String> pins, int pin, String owner, String path, String headerI2cUser,
                            NodeReader r) {
        String reserved = RESERVED.get(pin);
        if (reserved != null) {
            boolean i2cPin = pin == 2 || pin == 3;
            r.problem(path, "BCM " + pin + " is " + reserved
                    + (i2cPin && headerI2cUser != null ? ", already used by " + headerI2cUser
                    : i2cPin ? " (I2C is enabled on every gateway)" : "")
                    + "; free pins: 4-6, 12, 13, 16-27");
            return false;
        }
        String other = pins.putIfAbsent(pin, owner);
        if (other != null) {
            r.problem(path, "BCM " + pin + " is already used by " + other);
            return false;
        }
        return true;
    }

    /** Records a problem for every sensor id seen before; {@code seen} spans whatever scope ids must be unique in. */
    static void checkUniqueIds(List<Located> sensors, Map<String, String> seen, NodeReader r) {
        for (Located s : sensors) {
            String first = seen.putIfAbsent(s.spec().id(), s.path());
            if (first != null) {
                r.problem(YamlNode.child(s.path(), "id"), "duplicate sensor id '" + s.spec().id() + "' (also at " + first + ")");
            }
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
