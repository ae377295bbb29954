package org.linli.gateway.lan;

import com.fasterxml.jackson.databind.JsonNode;
import org.linli.wire.RejectReason;

import java.util.Locale;

/** Reads fields of a device's JSON by dotted path; a field that is missing or of the wrong type throws {@link Bad}. */
final class JsonFields {

    /** A field that cannot be used; caught by {@link LanDecoder#decode} and turned into {@link Decoded.Refused}. */
    static final class Bad extends RuntimeException {
        private final RejectReason reason;

        Bad(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        Decoded.Refused refused() {
            return new Decoded.Refused(reason, getMessage());
        }
    }

    private JsonFields() {
    }

    /** The node at {@code path}; null when a step is missing or the value is JSON null. */
    static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String name : path.split("\\.", -1)) {
            node = node != null && node.isObject() ? node.get(name) : null;
        }
        return node == null || node.isNull() ? null : node;
    }

    static JsonNode required(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node == null) {
            JsonNode raw = root;
            for (String name : path.split("\\.", -1)) {
                raw = raw != null && raw.isObject() ? raw.get(name) : null;
            }
            throw new Bad(RejectReason.MISSING_FIELD, raw == null ? "no field '" + path + "'" : "field '" + path + "' is null");
        }
        return node;
    }

    /** A finite number in [min, max]; booleans are not numbers here. */
    static double number(JsonNode node, String path, double min, double max) {
        if (!node.isNumber()) {
            throw new Bad(RejectReason.BAD_FIELD, "field '" + path + "' is " + type(node) + ", not a number");
        }
        double v = node.doubleValue();
        if (!Double.isFinite(v) || v < min || v > max) {
            throw new Bad(RejectReason.BAD_FIELD, "field '" + path + "' is " + node.asText() + ", outside " + plain(min) + ".." + plain(max));
        }
        return v;
    }

    /** true/false or 1/0, as 1/0. */
    static double flag(JsonNode node, String path) {
        if (node.isBoolean()) {
            return node.booleanValue() ? 1.0 : 0.0;
        }
        if (node.isNumber() && (node.doubleValue() == 0.0 || node.doubleValue() == 1.0)) {
            return node.doubleValue();
        }
        throw new Bad(RejectReason.BAD_FIELD, "field '" + path + "' is " + (node.isNumber() ? node.asText() : type(node))
                + ", a 0/1 sensor needs true, false, 1 or 0");
    }

    /** A boolean as 1/0 or any finite number. */
    static double numberOrFlag(JsonNode node, String path) {
        return node.isBoolean() ? flag(node, path) : number(node, path, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    static String type(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
