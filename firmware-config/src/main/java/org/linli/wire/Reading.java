package org.linli.wire;

import java.util.Map;

/**
 * One sensor reading as it travels from gateway to cloud.
 *
 * @param sensor  sensor id, unique within the site
 * @param ts      source timestamp: when the gateway observed it, epoch milliseconds (UTC)
 * @param values  named values, e.g. {@code occupied=1} or {@code laeq=62.4}; empty only for ERROR/OFFLINE
 * @param unit    unit of the values: {@code bool} (0/1) or {@code dBA}
 * @param quality how far it can be trusted
 * @param message why, for ERROR/OFFLINE/SUSPECT; null otherwise
 */
public record Reading(String sensor, long ts, Map<String, Double> values, String unit, Quality quality,
                      String message) {

    public Reading {
        values = Map.copyOf(values);
    }

    /** A good reading with one value. */
    public static Reading of(String sensor, long ts, String name, double value, String unit) {
        return new Reading(sensor, ts, Map.of(name, value), unit, Quality.GOOD, null);
    }

    /** A status reading for a sensor that failed or went silent. */
    public static Reading status(String sensor, long ts, Quality quality, String message) {
        return new Reading(sensor, ts, Map.of(), "", quality, message);
    }
}
