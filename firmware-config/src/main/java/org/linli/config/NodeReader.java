package org.linli.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Binds {@link YamlNode}s to values, collecting every problem with its path and line instead of
 * stopping at the first. A getter that finds a problem records it and returns null; callers skip
 * what did not bind, so one file run reports all its mistakes.
 */
final class NodeReader {
    private final String source;
    private final List<ConfigProblem> problems;
    private final Map<String, Integer> lines = new HashMap<>();

    NodeReader(String source, YamlNode root, List<ConfigProblem> problems) {
        this.source = source;
        this.problems = problems;
        index(root);
    }

    private void index(YamlNode node) {
        lines.put(node.path(), node.line());
        node.fields().values().forEach(this::index);
        node.items().forEach(this::index);
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    /** Records a problem at {@code path}, with the line of the nearest node that has one. */
    void problem(String path, String message) {
        String p = path;
        Integer line = lines.get(p);
        while (line == null && !p.isEmpty()) {
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
            line = lines.get(p);
        }
        problems.add(new ConfigProblem(source, line == null ? 0 : line, path, message));
    }

    void problem(YamlNode node, String message) {
        problems.add(new ConfigProblem(source, node.line(), node.path(), message));
    }

    /** True when {@code node} is a mapping; records a problem otherwise. */
    boolean isMap(YamlNode node) {
        if (node.type() == YamlNode.Type.MAP) {
            return true;
        }
        problem(node, "expected a mapping of keys to values");
        return false;
    }

    /** Records a problem for each key of {@code map} that is not in {@code allowed}: a typo must not pass silently. */
    void allowOnly(YamlNode map, String... allowed) {
        Set<String> known = Set.of(allowed);
        for (Map.Entry<String, YamlNode> e : map.fields().entrySet()) {
            if (!known.contains(e.getKey())) {
                problem(e.getValue(), "unknown key (allowed here: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** The child node, or null when absent or null. */
    YamlNode get(YamlNode map, String key) {
        YamlNode node = map.fields().get(key);
        return node == null || node.type() == YamlNode.Type.NULL ? null : node;
    }

    private YamlNode scalar(YamlNode map, String key, boolean required) {
        YamlNode node = get(map, key);
        if (node == null) {
            if (required) {
                problem(YamlNode.child(map.path(), key), "required");
            }
            return null;
        }
        if (node.type() != YamlNode.Type.SCALAR) {
            problem(node, "expected a single value, found a " + (node.type() == YamlNode.Type.MAP ? "mapping" : "list"));
            return null;
        }
        return node;
    }

    String string(YamlNode map, String key, boolean required) {
        YamlNode node = scalar(map, key, required);
        if (node == null) {
            return null;
        }
        if (node.text().isBlank()) {
            problem(node, "must not be blank");
            return null;
        }
        return node.text();
    }

    /**
     * A file path. Whether it exists is not checked here (configs are rendered on a laptop for a Pi);
     * only that the operating system could name it at all.
     */
    java.nio.file.Path path(YamlNode map, String key, boolean required) {
        String value = string(map, key, required);
        if (value == null) {
            return null;
        }
        try {
            if (value.indexOf('\0') >= 0) {
                throw new java.nio.file.InvalidPathException(value, "contains a NUL character");
            }
            return java.nio.file.Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            problem(get(map, key), "not a usable file path: " + e.getReason());
            return null;
        }
    }

    String id(YamlNode map, String key, boolean required) {
        YamlNode node = scalar(map, key, required);
        if (node == null) {
            return null;
        }
        if (!Ids.isValid(node.text())) {
            problem(node, "'" + node.text() + "' is not a valid id (" + Ids.rule() + ")");
            return null;
        }
        return node.text();
    }

    /** An integer in {@code [min, max]}; accepts {@code 0x48} hex as I2C addresses are written. */
    Integer integer(YamlNode map, String key, boolean required, int min, int max) {
        YamlNode node = scalar(map, key, required);
        if (node == null) {
            return null;
        }
        String t = node.text().trim();
        int value;
        try {
            value = t.startsWith("0x") || t.startsWith("0X") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            problem(node, "'" + t + "' is not a whole number");
            return null;
        }
        if (value < min || value > max) {
            problem(node, value + " is out of range " + min + ".." + max);
            return null;
        }
        return value;
    }

    boolean bool(YamlNode map, String key, boolean defaultValue) {
        YamlNode node = scalar(map, key, false);
        if (node == null) {
            return defaultValue;
        }
        switch (node.text().trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": return true;
            case "false": case "no": case "off": return false;
            default:
                problem(node, "'" + node.text() + "' is not true or false");
                return defaultValue;
        }
    }

    /** An enum constant written in lower case with hyphens, e.g. {@code green-space} for GREEN_SPACE. */
    <E extends Enum<E>> E enumValue(YamlNode map, String key, Class<E> type, E defaultValue) {
        YamlNode node = scalar(map, key, defaultValue == null);
        if (node == null) {
            return defaultValue;
        }
        String wanted = node.text().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        problem(node, "'" + node.text() + "' is not one of " + names(type));
        return null;
    }

    static <E extends Enum<E>> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
    }

    Duration duration(YamlNode map, String key, Duration defaultValue) {
        YamlNode node = scalar(map, key, defaultValue == null);
        if (node == null) {
            return defaultValue;
        }
        try {
            Duration d = Durations.parse(node.text());
            if (d.isNegative()) {
                problem(node, "must not be negative");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(node, e.getMessage());
            return null;
        }
    }

    LocalTime time(YamlNode map, String key) {
        YamlNode node = scalar(map, key, true);
        if (node == null) {
            return null;
        }
        try {
            return LocalTime.parse(node.text().trim());
        } catch (DateTimeParseException e) {
            problem(node, "'" + node.text() + "' is not a time of day (write e.g. 06:00 or 21:30)");
            return null;
        }
    }

    /**
     * The items of the list at {@code key}, each bound by {@code binder}; items that did not bind
     * (binder returned null) are left out, their problems recorded.
     */
    <T> List<T> list(YamlNode map, String key, boolean required, Function<YamlNode, T> binder) {
        YamlNode node = get(map, key);
        List<T> out = new ArrayList<>();
        if (node == null) {
            if (required) {
                problem(YamlNode.child(map.path(), key), "required");
            }
            return out;
        }
        if (node.type() != YamlNode.Type.LIST) {
            problem(node, "expected a list");
            return out;
        }
        for (YamlNode item : node.items()) {
            T value = binder.apply(item);
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    /** Like {@link #list} for a list of scalars. */
    List<String> strings(YamlNode map, String key) {
        return list(map, key, false, item -> {
            if (item.type() != YamlNode.Type.SCALAR) {
                problem(item, "expected a single value");
                return null;
            }
            return item.text();
        });
    }
}
