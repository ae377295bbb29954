package org.linli.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.linli.config.Ids;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes {@link CommissioningReport}s as JSON. Decoding checks every field and refuses
 * the whole report with a {@link WireException} naming the first field that is wrong. Thread-safe.
 *
 * <pre>{@code
 * {"v":1,"site":"huayuan","gateway":"gw-01","bootId":"2f0c...","startedAt":1763800000000,
 *  "finishedAt":1763800090000,"gatewayVersion":"0.1.0","passed":false,"failed":["park-3"],
 *  "sensors":[{"sensor":"pir-1","kind":"pir","space":"plaza-east","wiring":"gpio BCM 17",
 *              "outcome":"pass","detail":"seen after 4 s"}],
 *  "checks":[{"name":"storage","outcome":"pass","figure":"median 2 ms, max 9 ms"}]}
 * }</pre>
 */
public final class CommissioningCodec {
    /** The contract version this codec speaks. */
    public static final int VERSION = 1;
    /** Largest report accepted, in bytes. */
    public static final int MAX_BYTES = 64 * 1024;
    /** Most sensor results in one report. */
    public static final int MAX_SENSORS = 256;
    /** Most check results in one report. */
    public static final int MAX_CHECKS = 16;
    /** Longest text field, in characters. */
    public static final int MAX_TEXT = WireLimits.MAX_MESSAGE;

    private final ObjectMapper mapper;

    public CommissioningCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(6)
                        .maxStringLength(MAX_BYTES)
                        .maxNumberLength(32)
                        .build())
                .build();
        mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    /** The report as a JSON tree (for APIs that embed it). */
    public ObjectNode toTree(CommissioningReport report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", VERSION);
        root.put("site", report.site());
        root.put("gateway", report.gateway());
        root.put("bootId", report.bootId());
        root.put("startedAt", report.startedAt());
        root.put("finishedAt", report.finishedAt());
        root.put("gatewayVersion", report.gatewayVersion());
        root.put("passed", report.passed());
        ArrayNode failed = root.putArray("failed");
        report.failedItems().forEach(failed::add);
        ArrayNode sensors = root.putArray("sensors");
        for (CommissioningReport.SensorResult s : report.sensors()) {
            sensors.addObject().put("sensor", s.sensor()).put("kind", s.kind()).put("space", s.space())
                    .put("wiring", s.wiring()).put("outcome", s.outcome().wireName()).put("detail", s.detail());
        }
        ArrayNode checks = root.putArray("checks");
        for (CommissioningReport.CheckResult c : report.checks()) {
            checks.addObject().put("name", c.name()).put("outcome", c.outcome().wireName()).put("figure", c.figure());
        }
        return root;
    }

    /** The JSON bytes of {@code report}. */
    public byte[] encode(CommissioningReport report) {
        try {
            return mapper.writeValueAsBytes(toTree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a commissioning report", e);
        }
    }

    /**
     * The report in {@code payload}.
     *
     * @throws WireException naming the reason and the field when the payload breaks the contract
     */
    public CommissioningReport decode(byte[] payload) throws WireException {
        if (payload.length > MAX_BYTES) {
            throw new WireException(RejectReason.TOO_LARGE, "payload is " + payload.length + " bytes, the limit is " + MAX_BYTES);
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
        long version = integer(root, "v");
        if (version != VERSION) {
            throw new WireException(RejectReason.UNSUPPORTED_VERSION, "v: " + version + " is not " + VERSION);
        }
        String site = id(root, "site", "site");
        String gateway = id(root, "gateway", "gateway");
        String bootId = id(root, "bootId", "bootId");
        long startedAt = timestamp(root, "startedAt");
        long finishedAt = timestamp(root, "finishedAt");
        if (finishedAt < startedAt) {
            throw new WireException(RejectReason.BAD_FIELD, "finishedAt: before startedAt");
        }
        String gatewayVersion = text(root, "gatewayVersion", "gatewayVersion", false);
        JsonNode sensorsNode = array(root, "sensors", MAX_SENSORS);
        List<CommissioningReport.SensorResult> sensors = new ArrayList<>();
        for (int i = 0; i < sensorsNode.size(); i++) {
            JsonNode s = object(sensorsNode.get(i), "sensors[" + i + "]");
            String p = "sensors[" + i + "].";
            sensors.add(new CommissioningReport.SensorResult(id(s, "sensor", p + "sensor"), text(s, "kind", p + "kind", true),
                    text(s, "space", p + "space", false), text(s, "wiring", p + "wiring", false),
                    outcome(s, p + "outcome"), text(s, "detail", p + "detail", false)));
        }
        JsonNode checksNode = array(root, "checks", MAX_CHECKS);
        List<CommissioningReport.CheckResult> checks = new ArrayList<>();
        for (int i = 0; i < checksNode.size(); i++) {
            JsonNode c = object(checksNode.get(i), "checks[" + i + "]");
            String p = "checks[" + i + "].";
            checks.add(new CommissioningReport.CheckResult(text(c, "name", p + "name", true), outcome(c, p + "outcome"),
                    text(c, "figure", p + "figure", false)));
        }
        CommissioningReport report = new CommissioningReport(site, gateway, bootId, startedAt, finishedAt, gatewayVersion,
                sensors, checks);
        JsonNode passed = root.get("passed");
        if (passed == null || !passed.isBoolean()) {
            throw new WireException(passed == null ? RejectReason.MISSING_FIELD : RejectReason.BAD_FIELD,
                    "passed: " + (passed == null ? "missing" : "must be true or false"));
        }
        if (passed.booleanValue() != report.passed()) {
            throw new WireException(RejectReason.BAD_FIELD, "passed: " + passed.booleanValue()
                    + " disagrees with the results (failed: " + report.failedItems() + ")");
        }
        return report;
    }

    private static JsonNode required(JsonNode node, String field, String path) throws WireException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new WireException(RejectReason.MISSING_FIELD, path + ": missing");
        }
        return v;
    }

    private static long integer(JsonNode node, String field) throws WireException {
        JsonNode v = required(node, field, field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new WireException(RejectReason.BAD_FIELD, field + ": must be a whole number");
        }
        return v.longValue();
    }

    private static long timestamp(JsonNode node, String field) throws WireException {
        long ts = integer(node, field);
        if (ts < WireCodec.MIN_TS || ts >= WireCodec.MAX_TS) {
            throw new WireException(RejectReason.BAD_FIELD, field + ": " + ts + " is not epoch milliseconds between 2000 and 2100");
        }
        return ts;
    }

    private static String id(JsonNode node, String field, String path) throws WireException {
        JsonNode v = required(node, field, path);
        if (!v.isTextual() || !Ids.isValid(v.textValue())) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be an id (" + Ids.rule() + ")");
        }
        return v.textValue();
    }

    private static String text(JsonNode node, String field, String path, boolean required) throws WireException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new WireException(RejectReason.MISSING_FIELD, path + ": missing");
            }
            return "";
        }
        if (!v.isTextual()) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be a string");
        }
        if (v.textValue().length() > MAX_TEXT) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": longer than " + MAX_TEXT + " characters");
        }
        return v.textValue();
    }

    private static JsonNode array(JsonNode node, String field, int max) throws WireException {
        JsonNode v = required(node, field, field);
        if (!v.isArray()) {
            throw new WireException(RejectReason.BAD_FIELD, field + ": must be an array");
        }
        if (v.size() > max) {
            throw new WireException(RejectReason.TOO_MANY, field + ": " + v.size() + " entries, the limit is " + max);
        }
        return v;
    }

    private static JsonNode object(JsonNode v, String path) throws WireException {
        if (!v.isObject()) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be an object");
        }
        return v;
    }

    private static CommissioningReport.Outcome outcome(JsonNode node, String path) throws WireException {
        JsonNode v = node.get("outcome");
        if (v == null || v.isNull()) {
            throw new WireException(RejectReason.MISSING_FIELD, path + ": missing");
        }
        if (v.isTextual()) {
            for (CommissioningReport.Outcome o : CommissioningReport.Outcome.values()) {
                if (o.wireName().equals(v.textValue())) {
                    return o;
                }
            }
        }
        throw new WireException(RejectReason.BAD_FIELD, path + ": must be one of pass, fail, unknown");
    }
}
