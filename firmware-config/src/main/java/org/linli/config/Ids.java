package org.linli.config;

import java.util.regex.Pattern;

/**
 * The one rule for identifiers of sites, grids, spaces, gateways, sensors and canteens.
 *
 * <p>Ids become MQTT topic levels and InfluxDB tag values, so they must not contain {@code / + #},
 * spaces or anything a shell or a URL would need to quote.
 */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private Ids() {
    }

    /** True when {@code id} is a usable identifier. */
    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** What a valid identifier looks like, for error messages. */
    public static String rule() {
        return "1-64 characters: letters, digits, '_', '.', '-', starting with a letter or digit";
    }
}
