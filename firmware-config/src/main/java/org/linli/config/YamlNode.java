package org.linli.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A YAML node that remembers its line and its path in the document, so every problem can say where
 * it is. Built by {@link YamlTree}; either a map, a list, a scalar or null.
 */
final class YamlNode {
    enum Type { MAP, LIST, SCALAR, NULL }

    private final Type type;
    private final String path;
    private final int line;
    private final Map<String, YamlNode> fields;
    private final List<YamlNode> items;
    private final String text;

    private YamlNode(Type type, String path, int line, Map<String, YamlNode> fields, List<YamlNode> items,
                     String text) {
        this.type = type;
        this.path = path;
        this.line = line;
        this.fields = fields;
        this.items = items;
        this.text = text;
    }

    static YamlNode map(String path, int line, Map<String, YamlNode> fields) {
        return new YamlNode(Type.MAP, path, line, Collections.unmodifiableMap(fields), List.of(), null);
    }

    static YamlNode list(String path, int line, List<YamlNode> items) {
        return new YamlNode(Type.LIST, path, line, Map.of(), List.copyOf(items), null);
    }

    static YamlNode scalar(String path, int line, String text) {
        return new YamlNode(Type.SCALAR, path, line, Map.of(), List.of(), text);
    }

    static YamlNode nul(String path, int line) {
        return new YamlNode(Type.NULL, path, line, Map.of(), List.of(), null);
    }

    Type type() {
        return type;
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    Map<String, YamlNode> fields() {
        return fields;
    }

    List<YamlNode> items() {
        return items;
    }

    String text() {
        return text;
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
