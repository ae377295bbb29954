package org.linli.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.linli.config.Ids;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Encodes and decodes {@link ReadingBatch}es as JSON. Decoding checks every field and refuses the
 * whole message with a {@link WireException} naming the first field that is wrong; it never returns a
 * half-valid batch. Thread-safe.
 *
 * <pre>{@code
 * {"v":1,"site":"huayuan","gateway":"gw-01","bootId":"2f0c...","seq":42,"sentAt":1763800000000,
 *  "readings":[{"sensor":"pir-1","ts":1763800000000,"values":{"occupied":1.0},"unit":"bool","quality":"good"}]}
 * }</pre>
 */
public final class WireCodec {
    /** The contract version this codec speaks. */
    public static final int VERSION = 1;
    /** 2000-01-01T00:00:00Z: a Pi without a real-time clock reports 1970 until NTP syncs; such stamps are refused. */
    static final long MIN_TS = 946_684_800_000L;
    /** 2100-01-01T00:00:00Z. */
    static final long MAX_TS = 4_102_444_800_000L;
    private static final Pattern VALUE_NAME = Pattern.compile("[a-z][A-Za-z0-9_]{0,31}");
    /**
     * Names the cloud stores beside the values, and InfluxDB's own: a value may not shadow them
     * (InfluxDB 1.x silently drops a field named {@code time}, and a field named like a tag
     * is renamed in query results).
     */
    private static final Set<String> RESERVED_NAMES = Set.of("quality", "unit", "message", "seq", "boot_id",
            "time", "site", "gateway", "sensor", "space", "grid");

    private final JsonFactory factory;

    /** Whether {@code name} may name a value in a reading: a-z first, then letters, digits, _; not a reserved name. */
    public static boolean isValueName(String name) {
        return VALUE_NAME.matcher(name).matches() && !RESERVED_NAMES.contains(name);
    }

    /** The names a value may not have, for messages. */
    public static Set<String> reservedNames() {
        return RESERVED_NAMES;
    }
    private final ObjectMapper mapper;

    public WireCodec() {
        factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(8)
                        .maxStringLength(WireLimits.MAX_BYTES)
                        .maxNumberLength(32)
                        .build())
                .build();
        mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    /** The JSON bytes of {@code batch}. */
    public byte[] encode(ReadingBatch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 96 * batch.readings().size());
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", batch.version());
            g.writeStringField("site", batch.site());
            g.writeStringField("gateway", batch.gateway());
            g.writeStringField("bootId", batch.bootId());
            g.writeNumberField("seq", batch.seq());
            g.writeNumberField("sentAt", batch.sentAt());
            g.writeArrayFieldStart("readings");
            for (Reading r : batch.readings()) {
                g.writeStartObject();
                g.writeStringField("sensor", r.sensor());
                g.writeNumberField("ts", r.ts());
                g.writeObjectFieldStart("values");
                for (Map.Entry<String, Double> v : r.values().entrySet()) {
                    g.writeNumberField(v.getKey(), v.getValue());
                }
                g.writeEndObject();
                g.writeStringField("unit", r.unit());
                g.writeStringField("quality", r.quality().wireName());
                if (r.message() != null) {
                    g.writeStringField("message", r.message());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a batch to memory", e);
        }
        return out.toByteArray();
    }

    /**
     * The batch in {@code payload}.
     *
     * @throws WireException naming the reason and the field when the payload breaks the contract
     */
    public ReadingBatch decode(byte[] payload) throws WireException {
        if (payload.length > WireLimits.MAX_BYTES) {
            throw new WireException(RejectReason.TOO_LARGE,
                    "payload is " + payload.length + " bytes, the limit is " + WireLimits.MAX_BYTES);
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new WireException(RejectReason.NOT_JSON, "not a JSON document: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new WireException(RejectReason.NOT_JSON, "not readable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new WireException(RejectReason.NOT_JSON, "payload must be a JSON object");
        }
        long version = integer(root, "v", "v");
        if (version != VERSION) {
            throw new WireException(RejectReason.UNSUPPORTED_VERSION, "v: " + version + " is not " + VERSION);
        }
        String site = id(root, "site", "site");
        String gateway = id(root, "gateway", "gateway");
        String bootId = id(root, "bootId", "bootId");
        long seq = integer(root, "seq", "seq");
        if (seq < 1) {
            throw new WireException(RejectReason.BAD_FIELD, "seq: must be 1 or more, was " + seq);
        }
        long sentAt = timestamp(root, "sentAt", "sentAt");
        JsonNode readings = required(root, "readings", "readings");
        if (!readings.isArray() || readings.isEmpty()) {
            throw new WireException(RejectReason.BAD_FIELD, "readings: must be a non-empty array");
        }
        if (readings.size() > WireLimits.MAX_READINGS) {
            throw new WireException(RejectReason.TOO_MANY,
                    "readings: " + readings.size() + " readings, the limit is " + WireLimits.MAX_READINGS);
        }
        List<Reading> out = new ArrayList<>(readings.size());
        for (int i = 0; i < readings.size(); i++) {
            out.add(reading(readings.get(i), "readings[" + i + "]"));
        }
        return new ReadingBatch(VERSION, site, gateway, bootId, seq, sentAt, out);
    }

    private static Reading reading(JsonNode node, String path) throws WireException {
        if (!node.isObject()) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be an object");
        }
        String sensor = id(node, "sensor", path + ".sensor");
        long ts = timestamp(node, "ts", path + ".ts");
        Quality quality = quality(node, path + ".quality");
        Map<String, Double> values = values(node, path + ".values");
        if (quality.carriesValues() && values.isEmpty()) {
            throw new WireException(RejectReason.BAD_FIELD, path + ".values: a " + quality.wireName() + " reading needs at least one value");
        }
        JsonNode unitNode = node.get("unit");
        String unit = unitNode == null || unitNode.isNull() ? "" : text(unitNode, path + ".unit", 16);
        JsonNode messageNode = node.get("message");
        String message = messageNode == null || messageNode.isNull() ? null
                : text(messageNode, path + ".message", WireLimits.MAX_MESSAGE);
        return new Reading(sensor, ts, values, unit, quality, message);
    }

    private static Map<String, Double> values(JsonNode node, String path) throws WireException {
        JsonNode values = node.get("values");
        if (values == null || values.isNull()) {
            return Map.of();
        }
        if (!values.isObject()) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be an object of names to numbers");
        }
        if (values.size() > WireLimits.MAX_VALUES) {
            throw new WireException(RejectReason.TOO_MANY, path + ": " + values.size() + " values, the limit is " + WireLimits.MAX_VALUES);
        }
        Map<String, Double> out = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = values.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!isValueName(name)) {
                throw new WireException(RejectReason.BAD_FIELD, path + "." + name
                        + ": not a usable value name (a-z first, then letters, digits, _; not one of "
                        + String.join(", ", new java.util.TreeSet<>(RESERVED_NAMES)) + ")");
            }
            JsonNode v = e.getValue();
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw new WireException(RejectReason.BAD_FIELD, path + "." + name + ": must be a finite number");
            }
            out.put(name, v.doubleValue());
        }
        return out;
    }

    private static Quality quality(JsonNode node, String path) throws WireException {
        JsonNode q = node.get("quality");
        if (q == null || q.isNull()) {
            return Quality.GOOD;
        }
        if (q.isTextual()) {
            for (Quality quality : Quality.values()) {
                if (quality.wireName().equals(q.textValue())) {
                    return quality;
                }
            }
        }
        throw new WireException(RejectReason.BAD_FIELD, path + ": must be one of good, suspect, error, offline");
    }

    static JsonNode required(JsonNode node, String field, String path) throws WireException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new WireException(RejectReason.MISSING_FIELD, path + ": missing");
        }
        return v;
    }

    static long integer(JsonNode node, String field, String path) throws WireException {
        JsonNode v = required(node, field, path);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be a whole number");
        }
        return v.longValue();
    }

    static long timestamp(JsonNode node, String field, String path) throws WireException {
        long ts = integer(node, field, path);
        if (ts < MIN_TS || ts >= MAX_TS) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": " + ts
                    + " is not epoch milliseconds between 2000 and 2100 (is the gateway's clock set?)");
        }
        return ts;
    }

    static String id(JsonNode node, String field, String path) throws WireException {
        JsonNode v = required(node, field, path);
        if (!v.isTextual() || !Ids.isValid(v.textValue())) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be an id (" + Ids.rule() + ")");
        }
        return v.textValue();
    }

    static String text(JsonNode v, String path, int maxLength) throws WireException {
        if (!v.isTextual()) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be a string");
        }
        if (v.textValue().length() > maxLength) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": longer than " + maxLength + " characters");
        }
        return v.textValue();
    }
}
