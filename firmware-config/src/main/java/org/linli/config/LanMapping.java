package org.linli.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a LAN sensor's JSON becomes values: a vendor preset, or none (every entry of {@code paths} is a
 * number or boolean taken as the value of that name), and the dotted JSON path of everything it reads.
 *
 * @param preset the vendor format, or null for plain paths ({@code field} or {@code values})
 * @param paths  name → dotted JSON path, e.g. {@code occupied → state.occupied}; with a preset, its
 *               defaults with the sensor's overrides applied; the kind's value first
 */
public record LanMapping(LanPreset preset, Map<String, String> paths) {
    private static final Pattern PATH = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)*");

    public LanMapping {
        paths = Collections.unmodifiableMap(new LinkedHashMap<>(paths));
    }

    /** The simplest mapping: one path to the kind's value. */
    public static LanMapping field(String valueName, String path) {
        return new LanMapping(null, Map.of(valueName, path));
    }

    /** Whether {@code path} is a dotted path of non-empty names without spaces, e.g. {@code state.occupied}. */
    public static boolean isValidPath(String path) {
        return path != null && PATH.matcher(path).matches();
    }
}
