package org.linli.gateway.lan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.linli.wire.RejectReason;

import java.io.IOException;
import java.util.Locale;

/**
 * Maps the JSON a LAN device publishes to a sensor value, by the sensor's {@code field}: a dotted
 * path through nested objects, e.g. {@code occupancy} or {@code state.occupied}. A boolean becomes
 * 1/0 and a number is taken as it is; for a sensor whose unit is {@code bool} the number must be 0
 * or 1. Everything else is refused with a reason: larger than {@link #MAX_PAYLOAD_BYTES}
 * ({@link RejectReason#TOO_LARGE}), not a JSON object ({@link RejectReason#NOT_JSON}), no such field
 * or a JSON null ({@link RejectReason#MISSING_FIELD}), a value of the wrong type or out of range
 * ({@link RejectReason#BAD_FIELD}).
 *
 * <p>Thread-safe.
 */
public final class LanPayloads {
    /** Largest payload a LAN sensor may send; sensors send tens of bytes, this leaves room for chatty firmware. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;

    private final ObjectMapper mapper;

    public LanPayloads() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxStringLength(MAX_PAYLOAD_BYTES)
                        .maxNumberLength(64)
                        .build())
                .build();
        mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    /**
     * The value of {@code field} in {@code payload}.
     *
     * @param payload the message as it came off the broker
     * @param field   dotted path of the field
     * @param unit    the sensor's unit: {@code bool} accepts only true/false/1/0
     */
    public LanValue map(byte[] payload, String field, String unit) {
        Parsed parsed = parse(payload);
        if (parsed.refused() != null) {
            return new LanValue.Rejected(parsed.refused().reason(), parsed.refused().detail());
        }
        JsonNode node = parsed.root();
        for (String name : field.split("\\.", -1)) {
            node = node.isObject() ? node.get(name) : null;
            if (node == null) {
                return new LanValue.Rejected(RejectReason.MISSING_FIELD, "no field '" + field + "'");
            }
        }
        return value(node, field, unit);
    }

    /**
     * A payload read as a JSON object, or why it cannot be.
     *
     * @param root    the object; null when refused
     * @param refused why it was refused; null when read
     */
    public record Parsed(JsonNode root, Decoded.Refused refused) {
    }

    /** {@code payload} as a JSON object: refused when too large, not JSON, or not an object. */
    public Parsed parse(byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return refused(RejectReason.TOO_LARGE, "payload is " + payload.length + " bytes, the limit is " + MAX_PAYLOAD_BYTES);
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            return refused(RejectReason.NOT_JSON, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return refused(RejectReason.NOT_JSON, "not readable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return refused(RejectReason.NOT_JSON, "payload must be a JSON object");
        }
        return new Parsed(root, null);
    }

    private static Parsed refused(RejectReason reason, String detail) {
        return new Parsed(null, new Decoded.Refused(reason, detail));
    }

    private static LanValue value(JsonNode node, String field, String unit) {
        if (node.isNull()) {
            return new LanValue.Rejected(RejectReason.MISSING_FIELD, "field '" + field + "' is null");
        }
        if (node.isBoolean()) {
            return new LanValue.Value(node.booleanValue() ? 1.0 : 0.0);
        }
        if (!node.isNumber()) {
            return new LanValue.Rejected(RejectReason.BAD_FIELD,
                    "field '" + field + "' is " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a boolean or number");
        }
        double v = node.doubleValue();
        if (!Double.isFinite(v)) {
            return new LanValue.Rejected(RejectReason.BAD_FIELD, "field '" + field + "' is not a finite number");
        }
        if ("bool".equals(unit) && v != 0.0 && v != 1.0) {
            return new LanValue.Rejected(RejectReason.BAD_FIELD,
                    "field '" + field + "' is " + node.asText() + ", a 0/1 sensor needs true, false, 1 or 0");
        }
        return new LanValue.Value(v);
    }
}
