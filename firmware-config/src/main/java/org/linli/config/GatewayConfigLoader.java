package org.linli.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * Loads and validates one gateway's boot configuration from YAML, with the same sensor rules as
 * the site inventory. Problems carry file, line and path.
 */
public final class GatewayConfigLoader {
    private static final Set<String> BROKER_SCHEMES = Set.of("tcp", "ssl");
    private static final java.time.Duration MIN_STATE_INTERVAL = java.time.Duration.ofSeconds(5);

    private GatewayConfigLoader() {
    }

    public static GatewayConfig load(Path file) throws ConfigException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file.toString(), 0, "", "cannot read: " + e)), true);
        }
    }

    public static GatewayConfig parse(String source, String yaml) throws ConfigException {
        return parse(source, new StringReader(yaml));
    }

    private static GatewayConfig parse(String source, Reader reader) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        YamlNode root = YamlTree.parse(source, reader, problems);
        NodeReader r = new NodeReader(source, root, problems);
        if (!r.isMap(root)) {
            throw new ConfigException(problems, false);
        }
        r.allowOnly(root, "site", "gateway", "gpio", "lanBroker", "cloudBroker", "uplink", "occupancy", "sensors",
                "statusPage", "canteen");
        String site = r.id(root, "site", true);
        String gateway = r.id(root, "gateway", true);
        GpioProvider gpio = r.enumValue(root, "gpio", GpioProvider.class, GpioProvider.GPIOD);
        BrokerSettings lan = broker(root, "lanBroker", r);
        BrokerSettings cloud = broker(root, "cloudBroker", r);
        UplinkSettings uplink = uplink(root, r);
        OccupancySettings occupancy = occupancy(root, r);
        StatusPageSettings statusPage = statusPage(root, r);
        List<Sensors.Located> sensors = r.list(root, "sensors", true, s -> Sensors.bind(s, r, false));
        Sensors.checkUniqueIds(sensors, new HashMap<>(), r);
        java.util.Map<Integer, String> pins = Sensors.checkWiring(sensors, r);
        CanteenSettings canteen = CanteenSection.bind(root, pins, sensors, statusPage, r);
        boolean needsLan = sensors.stream().anyMatch(s -> s.spec().transport() == Transport.MQTT);
        if (canteen != null && lan == null && r.get(root, "lanBroker") == null
                && canteen.networkTerminals().stream().anyMatch(t -> t.topic() != null)) {
            r.problem("lanBroker", "required: canteen terminals with a topic publish on the LAN broker");
        }
        if (needsLan && lan == null && r.get(root, "lanBroker") == null) {
            r.problem("lanBroker", "required: sensors with transport mqtt are read from the LAN broker");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems, false);
        }
        return new GatewayConfig(site, gateway, gpio, lan, cloud, uplink,
                sensors.stream().map(Sensors.Located::spec).toList(), occupancy, statusPage, canteen);
    }

    private static StatusPageSettings statusPage(YamlNode root, NodeReader r) {
        StatusPageSettings defaults = StatusPageSettings.defaults();
        YamlNode n = r.get(root, "statusPage");
        if (n == null || !r.isMap(n)) {
            return defaults;
        }
        r.allowOnly(n, "enabled", "host", "port");
        boolean enabled = r.bool(n, "enabled", defaults.enabled());
        String host = r.string(n, "host", false);
        if (host != null && (host.isBlank() || !host.matches("[A-Za-z0-9.:_-]+"))) {
            r.problem(YamlNode.child(n.path(), "host"), "'" + host
                    + "' is not an address to listen on (write an IP address such as 0.0.0.0 or 192.168.1.10, or a host name)");
            host = null;
        }
        Integer port = r.integer(n, "port", false, 0, 65_535);
        return new StatusPageSettings(enabled, host == null ? defaults.host() : host, port == null ? defaults.port() : port);
    }

    private static BrokerSettings broker(YamlNode root, String key, NodeReader r) {
        YamlNode n = r.get(root, key);
        if (n == null) {
            if ("cloudBroker".equals(key)) {
                r.problem(key, "required");
            }
            return null;
        }
        if (!r.isMap(n)) {
            return null;
        }
        r.allowOnly(n, "uri", "username", "passwordFile", "caFile", "certFile", "keyFile");
        String uri = r.string(n, "uri", true);
        String username = r.string(n, "username", false);
        Path passwordFile = r.path(n, "passwordFile", false);
        Path caFile = r.path(n, "caFile", false);
        Path certFile = r.path(n, "certFile", false);
        Path keyFile = r.path(n, "keyFile", false);
        if (uri == null || !validBrokerUri(uri, n, r)) {
            return null;
        }
        // Existence is checked by the gateway when it connects: the file is loaded on the Pi, the
        // paths may have been rendered on a laptop where they do not exist.
        boolean ok = true;
        if (!uri.startsWith("ssl://")) {
            for (String tlsKey : new String[] {"caFile", "certFile", "keyFile"}) {
                if (r.get(n, tlsKey) != null) {
                    r.problem(YamlNode.child(n.path(), tlsKey), "only used with an ssl:// uri, not " + uri);
                    ok = false;
                }
            }
        }
        if (certFile != null && keyFile == null) {
            r.problem(YamlNode.child(n.path(), "keyFile"), "required with certFile: the client certificate's private key");
            ok = false;
        } else if (keyFile != null && certFile == null) {
            r.problem(YamlNode.child(n.path(), "certFile"), "required with keyFile: the client certificate the key belongs to");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        return new BrokerSettings(uri, username, passwordFile, caFile, certFile, keyFile);
    }

    private static boolean validBrokerUri(String uri, YamlNode n, NodeReader r) {
        try {
            URI u = new URI(uri);
            if (u.getScheme() != null && BROKER_SCHEMES.contains(u.getScheme()) && u.getHost() != null && u.getPort() > 0) {
                return true;
            }
        } catch (URISyntaxException e) {
            // reported below with the accepted form
        }
        r.problem(YamlNode.child(n.path(), "uri"), "'" + uri + "' is not a broker address (write tcp://host:port or ssl://host:port)");
        return false;
    }

    private static UplinkSettings uplink(YamlNode root, NodeReader r) {
        UplinkSettings defaults = UplinkSettings.defaults();
        YamlNode n = r.get(root, "uplink");
        if (n == null || !r.isMap(n)) {
            return defaults;
        }
        r.allowOnly(n, "maxBatchReadings", "maxBatchDelay", "maxBuffered", "maxBufferBytes", "store", "storePath",
                "healthInterval");
        Integer maxBatch = r.integer(n, "maxBatchReadings", false, 1, org.linli.wire.WireLimits.MAX_READINGS);
        var delay = r.duration(n, "maxBatchDelay", defaults.maxBatchDelay());
        Integer buffered = r.integer(n, "maxBuffered", false, 1, 50_000_000);
        Long bytes = bytes(n, "maxBufferBytes", r);
        UplinkSettings.Store store = r.enumValue(n, "store", UplinkSettings.Store.class, defaults.store());
        Path storePath = r.path(n, "storePath", false);
        var health = r.duration(n, "healthInterval", defaults.healthInterval());
        if (health != null && health.compareTo(MIN_HEALTH_INTERVAL) < 0) {
            r.problem(r.get(n, "healthInterval"), "must be at least " + MIN_HEALTH_INTERVAL.toSeconds() + "s");
            health = null;
        }
        return new UplinkSettings(maxBatch == null ? defaults.maxBatchReadings() : maxBatch,
                delay == null ? defaults.maxBatchDelay() : delay,
                buffered == null ? defaults.maxBuffered() : buffered,
                bytes == null ? defaults.maxBufferBytes() : bytes,
                store == null ? defaults.store() : store,
                storePath == null ? defaults.storePath() : storePath,
                health == null ? defaults.healthInterval() : health);
    }

    /** Shortest {@code healthInterval}: a report is a retained message, not a heartbeat stream. */
    static final java.time.Duration MIN_HEALTH_INTERVAL = java.time.Duration.ofSeconds(5);
    /** Smallest {@code maxBufferBytes}: below this the buffer would drop data in any short outage. */
    static final long MIN_BUFFER_BYTES = 64L * 1024;
    /** Largest {@code maxBufferBytes}: more than an SD card should give to one file. */
    static final long MAX_BUFFER_BYTES = 64L * 1024 * 1024 * 1024;

    /** A size in bytes, written {@code 268435456}, {@code 512KiB}, {@code 256MiB} or {@code 2GiB}. */
    private static Long bytes(YamlNode map, String key, NodeReader r) {
        String text = r.string(map, key, false);
        if (text == null) {
            return null;
        }
        YamlNode node = r.get(map, key);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,12})\\s*(|B|KiB|MiB|GiB)").matcher(text.trim());
        if (!m.matches()) {
            r.problem(node, "'" + text + "' is not a size (write bytes, or a number with KiB, MiB or GiB, e.g. 256MiB)");
            return null;
        }
        long unit = switch (m.group(2)) {
            case "KiB" -> 1024L;
            case "MiB" -> 1024L * 1024;
            case "GiB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        long value = Long.parseLong(m.group(1)) * unit;
        if (value < MIN_BUFFER_BYTES || value > MAX_BUFFER_BYTES) {
            r.problem(node, text + " is out of range 64KiB..64GiB");
            return null;
        }
        return value;
    }

    private static OccupancySettings occupancy(YamlNode root, NodeReader r) {
        OccupancySettings defaults = OccupancySettings.defaults();
        YamlNode n = r.get(root, "occupancy");
        if (n == null || !r.isMap(n)) {
            return defaults;
        }
        r.allowOnly(n, "stateInterval");
        var interval = r.duration(n, "stateInterval", defaults.stateInterval());
        if (interval != null && interval.compareTo(MIN_STATE_INTERVAL) < 0) {
            r.problem(n.fields().get("stateInterval"), "must be at least " + MIN_STATE_INTERVAL.toSeconds() + "s");
            return defaults;
        }
        return interval == null ? defaults : new OccupancySettings(interval);
    }
}
