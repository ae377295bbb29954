package org.linli.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Loads and validates a site inventory from YAML. Every problem is reported at once, each with file,
 * line and path, e.g. {@code site.yaml:41: gateways[0].sensors[2].pin: BCM 3 is I2C SCL, already used by noise-1}.
 */
public final class SiteLoader {
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    private SiteLoader() {
    }

    /** Loads {@code file}; the file name is used in problems. */
    public static Site load(Path file) throws ConfigException {
        if (Files.isDirectory(file)) {
            throw unreadable(file, "is a folder, not a site file");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        } catch (NoSuchFileException e) {
            throw unreadable(file, "no such file (check the name and the folder)");
        } catch (AccessDeniedException e) {
            throw unreadable(file, "permission denied (the file cannot be read by this user)");
        } catch (IOException e) {
            throw unreadable(file, "cannot read: " + e.getMessage());
        }
    }

    private static ConfigException unreadable(Path file, String message) {
        return new ConfigException(List.of(new ConfigProblem(file.toString(), 0, "", message)), true);
    }

    /** Parses YAML text; {@code source} names it in problems. */
    public static Site parse(String source, String yaml) throws ConfigException {
        return parse(source, new StringReader(yaml));
    }

    private static Site parse(String source, Reader reader) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        YamlNode root = YamlTree.parse(source, reader, problems);
        NodeReader r = new NodeReader(source, root, problems);
        if (!r.isMap(root)) {
            throw new ConfigException(problems, false);
        }
        r.allowOnly(root, "id", "name", "timezone", "rules", "grids", "spaces", "gateways", "canteens");
        String id = r.id(root, "id", true);
        String name = r.string(root, "name", false);
        ZoneId zone = zone(root, r);
        RuleOverrides rules = RuleSection.bind(root, true, r);
        List<Located<Grid>> grids = r.list(root, "grids", true, n -> grid(n, r));
        List<Located<Space>> spaces = r.list(root, "spaces", false, n -> space(n, r));
        List<Sensors.Located> sensors = new ArrayList<>();
        List<Located<GatewaySpec>> gateways = r.list(root, "gateways", false, n -> gateway(n, r, sensors));
        List<Located<Canteen>> canteens = r.list(root, "canteens", false, n -> canteen(n, r));

        Map<String, Grid> gridById = unique(grids, Grid::id, "grid", r);
        Map<String, Space> spaceById = unique(spaces, Space::id, "space", r);
        unique(gateways, GatewaySpec::id, "gateway", r);
        unique(canteens, Canteen::id, "canteen", r);
        checkGrids(grids, gridById, r);
        for (Located<Space> s : spaces) {
            if (!gridById.containsKey(s.value().grid())) {
                r.problem(YamlNode.child(s.path(), "grid"), "unknown grid '" + s.value().grid() + "'" + known(gridById));
            }
        }
        Sensors.checkUniqueIds(sensors, new HashMap<>(), r);
        for (Sensors.Located s : sensors) {
            if (!spaceById.containsKey(s.spec().space())) {
                r.problem(YamlNode.child(s.path(), "space"), "unknown space '" + s.spec().space() + "'" + known(spaceById));
            }
        }
        Set<String> gatewayIds = new TreeSet<>();
        gateways.forEach(g -> gatewayIds.add(g.value().id()));
        Map<String, String> counterOf = new HashMap<>();
        for (Located<Canteen> c : canteens) {
            if (!c.value().terminals().isEmpty() && c.value().gateway() != null) {
                String other = counterOf.putIfAbsent(c.value().gateway(), c.value().id());
                if (other != null) {
                    r.problem(YamlNode.child(c.path(), "gateway"), "gateway '" + c.value().gateway()
                            + "' already runs the counter of canteen " + other + " (one counter per gateway)");
                }
            }
            if (c.value().space() != null && !spaceById.containsKey(c.value().space())) {
                r.problem(YamlNode.child(c.path(), "space"), "unknown space '" + c.value().space() + "'" + known(spaceById));
            }
            if (c.value().gateway() != null && !gatewayIds.contains(c.value().gateway())) {
                r.problem(YamlNode.child(c.path(), "gateway"), "unknown gateway '" + c.value().gateway()
                        + "' (known: " + String.join(", ", gatewayIds) + ")");
            }
            gateways.stream().filter(g -> g.value().id().equals(c.value().gateway())).findFirst()
                    .ifPresent(g -> checkCounterPins(c, g.value(), r));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems, false);
        }
        return new Site(id, name == null ? id : name, zone, values(grids), values(spaces), values(gateways),
                values(canteens), rules);
    }

    /** The counter's pins against its gateway's sensor pins, as the gateway's own config will check them. */
    private static void checkCounterPins(Located<Canteen> c, GatewaySpec gateway, NodeReader r) {
        Map<Integer, String> sensorPins = new HashMap<>();
        Map<String, String> sensorTopics = new HashMap<>();
        for (SensorSpec s : gateway.sensors()) {
            if (s.binding() instanceof SensorBinding.GpioInput g) {
                sensorPins.put(g.pin(), s.id());
            } else if (s.binding() instanceof SensorBinding.MqttTopic t) {
                sensorTopics.put(t.topic(), s.id());
            }
        }
        List<CanteenSettings.Terminal> terminals = c.value().terminals();
        for (int i = 0; i < terminals.size(); i++) {
            String at = c.path() + ".terminals[" + i + "]";
            if (terminals.get(i) instanceof CanteenSettings.WiegandTerminal w) {
                clash(sensorPins, w.d0(), YamlNode.child(at, "d0"), r);
                clash(sensorPins, w.d1(), YamlNode.child(at, "d1"), r);
            } else if (terminals.get(i) instanceof CanteenSettings.NetworkTerminal t && t.topic() != null
                    && sensorTopics.containsKey(t.topic())) {
                r.problem(YamlNode.child(at, "topic"), "topic '" + t.topic() + "' is already read by sensor "
                        + sensorTopics.get(t.topic()));
            }
        }
        CanteenSettings.Outputs o = c.value().outputs();
        clash(sensorPins, o.green(), YamlNode.child(c.path() + ".outputs", "green"), r);
        clash(sensorPins, o.red(), YamlNode.child(c.path() + ".outputs", "red"), r);
        clash(sensorPins, o.buzzer(), YamlNode.child(c.path() + ".outputs", "buzzer"), r);
    }

    private static void clash(Map<Integer, String> sensorPins, Integer pin, String path, NodeReader r) {
        if (pin != null && sensorPins.containsKey(pin)) {
            r.problem(path, "BCM " + pin + " is already used by " + sensorPins.get(pin));
        }
    }

    /** A bound entry with the path of its YAML node. */
    private record Located<T>(T value, String path) {
    }

    private static ZoneId zone(YamlNode root, NodeReader r) {
        String text = r.string(root, "timezone", false);
        if (text == null) {
            return DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            r.problem("timezone", "'" + text + "' is not a time zone (write e.g. Asia/Shanghai)");
            return DEFAULT_ZONE;
        }
    }

    private static Located<Grid> grid(YamlNode n, NodeReader r) {
        if (!r.isMap(n)) {
            return null;
        }
        r.allowOnly(n, "id", "name", "level", "parent", "worker", "head");
        String id = r.id(n, "id", true);
        Integer level = r.integer(n, "level", true, 1, 3);
        String parent = r.id(n, "parent", false);
        String worker = r.string(n, "worker", false);
        String head = r.string(n, "head", false);
        String name = r.string(n, "name", false);
        if (id == null || level == null) {
            return null;
        }
        return new Located<>(new Grid(id, name == null ? id : name, level, parent, worker, head), n.path());
    }

    private static void checkGrids(List<Located<Grid>> grids, Map<String, Grid> byId, NodeReader r) {
        for (Located<Grid> located : grids) {
            Grid g = located.value();
            if (g.level() == 1 && g.parent() != null) {
                r.problem(YamlNode.child(located.path(), "parent"), "a level 1 grid has no parent");
            }
            if (g.level() > 1) {
                Grid parent = g.parent() == null ? null : byId.get(g.parent());
                if (g.parent() == null) {
                    r.problem(YamlNode.child(located.path(), "parent"), "required for a level " + g.level() + " grid");
                } else if (parent == null) {
                    r.problem(YamlNode.child(located.path(), "parent"), "unknown grid '" + g.parent() + "'" + known(byId));
                } else if (parent.level() >= g.level()) {
                    // A small community may hang basic grids straight under its areas, so a parent
                    // need only be of a higher level (a lower number), not exactly one above.
                    r.problem(YamlNode.child(located.path(), "parent"), "a level " + g.level() + " grid must sit under a "
                            + (g.level() == 2 ? "level 1" : "level 1 or 2") + " grid, but '" + parent.id() + "' is level "
                            + parent.level());
                }
            }
            if (g.level() == 3 && g.worker() == null) {
                r.problem(YamlNode.child(located.path(), "worker"), "required: every basic (level 3) grid has one grid worker");
            }
        }
    }

    private static Located<Space> space(YamlNode n, NodeReader r) {
        if (!r.isMap(n)) {
            return null;
        }
        r.allowOnly(n, "id", "name", "kind", "grid", "noiseZone", "schedules", "rules");
        String id = r.id(n, "id", true);
        String name = r.string(n, "name", false);
        SpaceKind kind = r.enumValue(n, "kind", SpaceKind.class, null);
        String grid = r.id(n, "grid", true);
        NoiseZone zone = noiseZone(n, r);
        List<Schedule> schedules = r.list(n, "schedules", false, s -> schedule(s, r));
        RuleOverrides rules = RuleSection.bind(n, false, r);
        if (id == null || kind == null || grid == null || zone == null) {
            return null;
        }
        return new Located<>(new Space(id, name == null ? id : name, kind, grid, zone, schedules, rules), n.path());
    }

    private static NoiseZone noiseZone(YamlNode n, NodeReader r) {
        String code = r.string(n, "noiseZone", true);
        if (code == null) {
            return null;
        }
        NoiseZone zone = NoiseZone.ofCode(code.trim());
        if (zone == null) {
            r.problem(YamlNode.child(n.path(), "noiseZone"), "'" + code + "' is not a GB 3096 zone class (0, 1, 2, 3, 4a, 4b)");
        }
        return zone;
    }

    private static Schedule schedule(YamlNode n, NodeReader r) {
        if (!r.isMap(n)) {
            return null;
        }
        r.allowOnly(n, "activity", "from", "to", "days");
        String activity = r.string(n, "activity", true);
        LocalTime from = r.time(n, "from");
        LocalTime to = r.time(n, "to");
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : r.strings(n, "days")) {
            DayOfWeek d = dayOfWeek(day);
            if (d == null) {
                r.problem(YamlNode.child(n.path(), "days"), "'" + day + "' is not a day (mon, tue, ... sun)");
            } else {
                days.add(d);
            }
        }
        if (from != null && from.equals(to)) {
            r.problem(YamlNode.child(n.path(), "to"), "the window is empty: from and to are both " + from);
            return null;
        }
        return activity == null || from == null || to == null ? null : new Schedule(activity, from, to, days);
    }

    private static DayOfWeek dayOfWeek(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (t.length() >= 3 && d.name().startsWith(t)) {
                return d;
            }
        }
        return null;
    }

    private static Located<GatewaySpec> gateway(YamlNode n, NodeReader r, List<Sensors.Located> allSensors) {
        if (!r.isMap(n)) {
            return null;
        }
        r.allowOnly(n, "id", "name", "sensors");
        String id = r.id(n, "id", true);
        String name = r.string(n, "name", false);
        List<Sensors.Located> sensors = r.list(n, "sensors", false, s -> Sensors.bind(s, r, true));
        Sensors.checkWiring(sensors, r);
        allSensors.addAll(sensors);
        return id == null ? null : new Located<>(new GatewaySpec(id, name == null ? id : name,
                sensors.stream().map(Sensors.Located::spec).toList()), n.path());
    }

    private static Located<Canteen> canteen(YamlNode n, NodeReader r) {
        if (!r.isMap(n)) {
            return null;
        }
        r.allowOnly(n, "id", "name", "space", "gateway", "policy", "terminals", "outputs");
        String id = r.id(n, "id", true);
        String name = r.string(n, "name", false);
        String space = r.id(n, "space", false);
        String gateway = r.id(n, "gateway", false);
        String policy = r.string(n, "policy", false);
        if (policy != null && !CanteenPolicyLoader.PRESETS.contains(policy)) {
            r.problem(YamlNode.child(n.path(), "policy"), "unknown policy preset '" + policy + "' (known: "
                    + String.join(", ", CanteenPolicyLoader.PRESETS) + ")");
        }
        // The counter's own lines are checked against each other and the reserved pins here, against its
        // gateway's sensors once every gateway is bound.
        Map<Integer, String> counterPins = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        Map<String, String> topics = new HashMap<>();
        List<CanteenSettings.Terminal> terminals = r.list(n, "terminals", false,
                t -> CanteenSection.terminal(t, counterPins, topics, ids, r));
        CanteenSettings.Outputs outputs = CanteenSection.outputs(n, counterPins, r);
        if ((!terminals.isEmpty() || r.get(n, "outputs") != null) && (gateway == null || policy == null)) {
            r.problem(YamlNode.child(n.path(), gateway == null ? "gateway" : "policy"),
                    "required with terminals or outputs: they are rendered into the counter gateway's config");
        }
        return id == null ? null : new Located<>(new Canteen(id, name == null ? id : name, space, gateway, policy,
                terminals, outputs), n.path());
    }

    private static <T> Map<String, T> unique(List<Located<T>> items, Function<T, String> id, String what, NodeReader r) {
        Map<String, T> byId = new HashMap<>();
        Map<String, String> firstPath = new HashMap<>();
        for (Located<T> item : items) {
            String key = id.apply(item.value());
            if (byId.putIfAbsent(key, item.value()) != null) {
                r.problem(YamlNode.child(item.path(), "id"), "duplicate " + what + " id '" + key + "' (also at " + firstPath.get(key) + ")");
            } else {
                firstPath.put(key, item.path());
            }
        }
        return byId;
    }

    private static String known(Map<String, ?> byId) {
        return byId.isEmpty() ? "" : " (known: " + String.join(", ", new java.util.TreeSet<>(byId.keySet())) + ")";
    }

    private static <T> List<T> values(List<Located<T>> items) {
        return items.stream().map(Located::value).toList();
    }
}
