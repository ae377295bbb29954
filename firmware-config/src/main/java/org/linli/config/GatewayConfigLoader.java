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
        r.allowOnly(root, "site", "gateway", "gpio", "lanBroker", "cloudBroker", "uplink", "sensors", "statusPage");
        String site = r.id(root, "site", true);
        String gateway = r.id(root, "gateway", true);
        GpioProvider gpio = r.enumValue(root, "gpio", GpioProvider.class, GpioProvider.GPIOD);
        BrokerSettings lan = broker(root, "lanBroker", r);
        BrokerSettings cloud = broker(root, "cloudBroker", r);
        UplinkSettings uplink = uplink(root, r);
        StatusPageSettings statusPage = statusPage(root, r);
        List<Sensors.Located> sensors = r.list(root, "sensors", true, s -> Sensors.bind(s, r, false));
        Sensors.checkUniqueIds(sensors, new HashMap<>(), r);
        Sensors.checkWiring(sensors, r);
        boolean needsLan = sensors.stream().anyMatch(s -> s.spec().transport() == Transport.MQTT);
        if (needsLan && lan == null && r.get(root, "lanBroker") == null) {
            r.problem("lanBroker", "required: sensors with transport mqtt are read from the LAN broker");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems, false);
        }
        return new GatewayConfig(site, gateway, gpio, lan, cloud, uplink,
                sensors.stream().map(Sensors.Located::spec).toList(), statusPage);
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
        r.allowOnly(n, "uri", "username", "passwordFile");
        String uri = r.string(n, "uri", true);
        String username = r.string(n, "username", false);
        String passwordFile = r.string(n, "passwordFile", false);
        if (uri == null || !validBrokerUri(uri, n, r)) {
            return null;
        }
        return new BrokerSettings(uri, username, passwordFile == null ? null : Path.of(passwordFile));
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
        r.allowOnly(n, "maxBatchReadings", "maxBatchDelay", "maxBuffered");
        Integer maxBatch = r.integer(n, "maxBatchReadings", false, 1, org.linli.wire.WireLimits.MAX_READINGS);
        var delay = r.duration(n, "maxBatchDelay", defaults.maxBatchDelay());
        Integer buffered = r.integer(n, "maxBuffered", false, 1, 50_000_000);
        return new UplinkSettings(maxBatch == null ? defaults.maxBatchReadings() : maxBatch,
                delay == null ? defaults.maxBatchDelay() : delay,
                buffered == null ? defaults.maxBuffered() : buffered);
    }
}
