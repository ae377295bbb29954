package org.linli.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.linli.config.canteen.VerificationMethod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The canteen's messages as JSON: meal records (gateway → cloud), roster, policy and claims (cloud →
 * gateway, retained) and terminal events (terminal → gateway). Decoding checks every field and
 * refuses the whole message with a {@link WireException} naming the field; it never returns a
 * half-valid message. Every payload is also searched for face data (a field named like an image,
 * template or feature vector, or a long opaque string) and refused with {@link RejectReason#FACE_DATA}
 * if it has any. Thread-safe.
 */
public final class CanteenCodec {
    /** The contract version of the canteen messages. */
    public static final int VERSION = 1;
    /** Most records in one meal batch. */
    public static final int MAX_RECORDS = 1_000;
    /** Most members in a roster. */
    public static final int MAX_MEMBERS = 100_000;
    /** Roster payloads may be larger than a reading batch: 100,000 members at about 120 bytes. */
    public static final int MAX_ROSTER_BYTES = 16 * 1024 * 1024;
    /**
     * Field names that mean face data in any vendor's payload, compared in lower case without
     * separators. A terminal sends the member id, the verdict and the score; nothing else of the face.
     */
    private static final Set<String> FACE_FIELDS = Set.of("face", "faceimage", "faceimg", "facedata",
            "facetemplate", "facefeature", "facefeatures", "image", "img", "photo", "picture", "snapshot",
            "template", "feature", "features", "embedding", "faceembedding", "biometric", "capture", "jpeg",
            "jpg", "png", "base64");
    /** No legitimate field of these messages is this long; an image or template encoded as text is. */
    private static final int MAX_TEXT = 512;
    private static final int MAX_POLICY = 64 * 1024;

    private final ObjectMapper mapper;

    public CanteenCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(8)
                        .maxStringLength(MAX_ROSTER_BYTES)
                        .maxNumberLength(32)
                        .build())
                .build();
        mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    // ---- meal records ------------------------------------------------------------------------

    public byte[] encode(MealBatch batch) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", VERSION);
        root.put("site", batch.site());
        root.put("gateway", batch.gateway());
        root.put("sentAt", batch.sentAt());
        ArrayNode records = root.putArray("records");
        for (MealRecord r : batch.records()) {
            ObjectNode n = records.addObject();
            n.put("eventId", r.eventId());
            n.put("canteen", r.canteen());
            n.put("terminal", r.terminal());
            putNullable(n, "member", r.member());
            n.put("method", wireName(r.method()));
            n.put("faceFailedBefore", r.faceFailedBefore());
            putNullable(n, "window", r.window());
            n.put("date", r.date().toString());
            n.put("decidedAt", r.decidedAt());
            n.put("eligible", r.eligible());
            n.put("reason", r.reason());
            putNullable(n, "tier", r.tier());
            n.put("priceFen", r.priceFen());
            n.put("subsidyFen", r.subsidyFen());
            n.put("payFen", r.payFen());
            n.put("status", r.status().wireName());
            n.put("closedAt", r.closedAt());
            n.put("policyVersion", r.policyVersion());
            n.put("rosterVersion", r.rosterVersion());
            n.put("offline", r.offline());
        }
        return bytes(root);
    }

    public MealBatch decodeMeals(byte[] payload) throws WireException {
        JsonNode root = parse(payload, WireLimits.MAX_BYTES);
        version(root);
        String site = WireCodec.id(root, "site", "site");
        String gateway = WireCodec.id(root, "gateway", "gateway");
        long sentAt = WireCodec.timestamp(root, "sentAt", "sentAt");
        JsonNode records = array(root, "records", MAX_RECORDS);
        List<MealRecord> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            out.add(record(records.get(i), "records[" + i + "]"));
        }
        return new MealBatch(site, gateway, sentAt, out);
    }

    private static MealRecord record(JsonNode n, String path) throws WireException {
        object(n, path);
        String eventId = eventId(n, path + ".eventId");
        String canteen = WireCodec.id(n, "canteen", path + ".canteen");
        String terminal = WireCodec.id(n, "terminal", path + ".terminal");
        String member = optionalId(n, "member", path + ".member");
        VerificationMethod method = method(n, path + ".method");
        boolean faceFailedBefore = bool(n, "faceFailedBefore", path + ".faceFailedBefore");
        String window = optionalId(n, "window", path + ".window");
        LocalDate date = date(n, "date", path + ".date");
        long decidedAt = WireCodec.timestamp(n, "decidedAt", path + ".decidedAt");
        boolean eligible = bool(n, "eligible", path + ".eligible");
        String reason = WireCodec.id(n, "reason", path + ".reason");
        String tier = optionalId(n, "tier", path + ".tier");
        long price = fen(n, "priceFen", path + ".priceFen");
        long subsidy = fen(n, "subsidyFen", path + ".subsidyFen");
        long pay = fen(n, "payFen", path + ".payFen");
        MealRecord.MealStatus status = status(n, path + ".status");
        long closedAt = WireCodec.timestamp(n, "closedAt", path + ".closedAt");
        long policyVersion = nonNegative(n, "policyVersion", path + ".policyVersion");
        long rosterVersion = nonNegative(n, "rosterVersion", path + ".rosterVersion");
        boolean offline = bool(n, "offline", path + ".offline");
        if (eligible && member == null) {
            throw new WireException(RejectReason.BAD_FIELD, path + ".member: a subsidised meal needs a member");
        }
        if (eligible && window == null) {
            throw new WireException(RejectReason.BAD_FIELD, path + ".window: a subsidised meal needs a window");
        }
        try {
            return new MealRecord(eventId, canteen, terminal, member, method, faceFailedBefore, window, date, decidedAt,
                    eligible, reason, tier, price, subsidy, pay, status, closedAt, policyVersion, rosterVersion, offline);
        } catch (IllegalArgumentException e) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": " + e.getMessage());
        }
    }

    // ---- roster ------------------------------------------------------------------------------

    public byte[] encode(RosterMessage roster) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", VERSION);
        root.put("version", roster.version());
        root.put("issuedAt", roster.issuedAt());
        ArrayNode members = root.putArray("members");
        for (RosterMessage.Member m : roster.members()) {
            ObjectNode n = members.addObject();
            n.put("member", m.member());
            n.put("displayName", m.displayName());
            n.put("birth", m.birth().toString());
            putNullable(n, "hardship", m.hardship());
            n.put("resident", m.resident());
            n.put("active", m.active());
            putNullable(n, "card", m.card());
        }
        return bytes(root);
    }

    public RosterMessage decodeRoster(byte[] payload) throws WireException {
        JsonNode root = parse(payload, MAX_ROSTER_BYTES);
        version(root);
        long version = nonNegative(root, "version", "version");
        long issuedAt = WireCodec.timestamp(root, "issuedAt", "issuedAt");
        JsonNode members = root.get("members");
        if (members == null || !members.isArray()) {
            throw new WireException(members == null ? RejectReason.MISSING_FIELD : RejectReason.BAD_FIELD,
                    "members: must be an array");
        }
        if (members.size() > MAX_MEMBERS) {
            throw new WireException(RejectReason.TOO_MANY, "members: " + members.size() + ", the limit is " + MAX_MEMBERS);
        }
        List<RosterMessage.Member> out = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            JsonNode n = members.get(i);
            String path = "members[" + i + "]";
            object(n, path);
            String member = WireCodec.id(n, "member", path + ".member");
            String displayName = WireCodec.text(WireCodec.required(n, "displayName", path + ".displayName"),
                    path + ".displayName", 32);
            YearMonth birth;
            String birthText = WireCodec.text(WireCodec.required(n, "birth", path + ".birth"), path + ".birth", 7);
            try {
                birth = YearMonth.parse(birthText);
            } catch (DateTimeParseException e) {
                throw new WireException(RejectReason.BAD_FIELD, path + ".birth: '" + birthText + "' is not yyyy-MM");
            }
            out.add(new RosterMessage.Member(member, displayName, birth, optionalId(n, "hardship", path + ".hardship"),
                    bool(n, "resident", path + ".resident"), bool(n, "active", path + ".active"),
                    card(n, path + ".card")));
        }
        return new RosterMessage(version, issuedAt, out);
    }

    // ---- policy ------------------------------------------------------------------------------

    public byte[] encode(PolicyMessage policy) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", VERSION);
        root.put("version", policy.version());
        root.put("policy", policy.policyYaml());
        return bytes(root);
    }

    /** The message; whether its YAML is a valid policy is the receiver's check (CanteenPolicyLoader). */
    public PolicyMessage decodePolicy(byte[] payload) throws WireException {
        JsonNode root = parse(payload, WireLimits.MAX_BYTES);
        version(root);
        long version = nonNegative(root, "version", "version");
        String yaml = WireCodec.text(WireCodec.required(root, "policy", "policy"), "policy", MAX_POLICY);
        return new PolicyMessage(version, yaml);
    }

    // ---- claims ------------------------------------------------------------------------------

    public byte[] encode(ClaimsMessage claims) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", VERSION);
        root.put("date", claims.date().toString());
        root.put("issuedAt", claims.issuedAt());
        ArrayNode list = root.putArray("claims");
        for (ClaimsMessage.Claim c : claims.claims()) {
            ObjectNode n = list.addObject();
            n.put("member", c.member());
            n.put("canteen", c.canteen());
            n.put("window", c.window());
            n.put("time", c.time());
            n.put("subsidyFen", c.subsidyFen());
            n.put("method", wireName(c.method()));
        }
        return bytes(root);
    }

    public ClaimsMessage decodeClaims(byte[] payload) throws WireException {
        JsonNode root = parse(payload, MAX_ROSTER_BYTES);
        version(root);
        LocalDate date = date(root, "date", "date");
        long issuedAt = WireCodec.timestamp(root, "issuedAt", "issuedAt");
        JsonNode claims = root.get("claims");
        if (claims == null || !claims.isArray()) {
            throw new WireException(claims == null ? RejectReason.MISSING_FIELD : RejectReason.BAD_FIELD,
                    "claims: must be an array");
        }
        if (claims.size() > MAX_MEMBERS) {
            throw new WireException(RejectReason.TOO_MANY, "claims: " + claims.size() + ", the limit is " + MAX_MEMBERS);
        }
        List<ClaimsMessage.Claim> out = new ArrayList<>(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            JsonNode n = claims.get(i);
            String path = "claims[" + i + "]";
            object(n, path);
            out.add(new ClaimsMessage.Claim(WireCodec.id(n, "member", path + ".member"),
                    WireCodec.id(n, "canteen", path + ".canteen"), WireCodec.id(n, "window", path + ".window"),
                    WireCodec.timestamp(n, "time", path + ".time"), fen(n, "subsidyFen", path + ".subsidyFen"),
                    method(n, path + ".method")));
        }
        return new ClaimsMessage(date, issuedAt, out);
    }

    // ---- terminal events ---------------------------------------------------------------------

    public byte[] encode(TerminalEvent e) {
        ObjectNode n = mapper.createObjectNode();
        n.put("eventId", e.eventId());
        n.put("terminal", e.terminal());
        putNullable(n, "member", e.member());
        n.put("method", wireName(e.method()));
        n.put("matched", e.matched());
        n.put("score", e.score());
        putNullable(n, "item", e.item());
        return bytes(n);
    }

    /**
     * A terminal's event. Fields this contract does not name are ignored (vendors add their own),
     * unless they look like face data, which refuses the whole event.
     */
    public TerminalEvent decodeTerminalEvent(byte[] payload) throws WireException {
        JsonNode n = parse(payload, 64 * 1024);
        String eventId = eventId(n, "eventId");
        String terminal = WireCodec.id(n, "terminal", "terminal");
        String member = optionalId(n, "member", "member");
        VerificationMethod method = method(n, "method");
        boolean matched = bool(n, "matched", "matched");
        JsonNode scoreNode = n.get("score");
        long score = scoreNode == null || scoreNode.isNull() ? 0 : WireCodec.integer(n, "score", "score");
        if (score < 0 || score > 100) {
            throw new WireException(RejectReason.BAD_FIELD, "score: must be 0-100, was " + score);
        }
        if (matched && member == null) {
            throw new WireException(RejectReason.MISSING_FIELD, "member: a matched event must name the member");
        }
        return new TerminalEvent(eventId, terminal, member, method, matched, (int) score,
                optionalId(n, "item", "item"));
    }

    // ---- shared ------------------------------------------------------------------------------

    private JsonNode parse(byte[] payload, int maxBytes) throws WireException {
        if (payload.length > maxBytes) {
            throw new WireException(RejectReason.TOO_LARGE, "payload is " + payload.length + " bytes, the limit is " + maxBytes);
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
        refuseFaceData(root, "");
        return root;
    }

    /** Walks the whole document: a face image hidden one level down is still a face image. */
    private static void refuseFaceData(JsonNode node, String path) throws WireException {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
                String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (FACE_FIELDS.contains(key)) {
                    throw new WireException(RejectReason.FACE_DATA, at
                            + ": face data must stay on the terminal; send only member, matched and score");
                }
                refuseFaceData(e.getValue(), at);
            }
        } else if (node.isArray()) {
            if (node.size() > 64 && isAllNumbers(node)) {
                throw new WireException(RejectReason.FACE_DATA, path + ": a long number array looks like a face feature vector");
            }
            for (int i = 0; i < node.size(); i++) {
                refuseFaceData(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isTextual() && node.textValue().length() > MAX_TEXT && !path.equals("policy")) {
            throw new WireException(RejectReason.FACE_DATA, path + ": a text of " + node.textValue().length()
                    + " characters looks like an encoded image or template (limit " + MAX_TEXT + ")");
        } else if (node.isBinary()) {
            throw new WireException(RejectReason.FACE_DATA, path + ": binary data looks like an image or template");
        }
    }

    private static boolean isAllNumbers(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static void version(JsonNode root) throws WireException {
        long v = WireCodec.integer(root, "v", "v");
        if (v != VERSION) {
            throw new WireException(RejectReason.UNSUPPORTED_VERSION, "v: " + v + " is not " + VERSION);
        }
    }

    private static void object(JsonNode n, String path) throws WireException {
        if (!n.isObject()) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be an object");
        }
    }

    private static JsonNode array(JsonNode root, String field, int max) throws WireException {
        JsonNode a = WireCodec.required(root, field, field);
        if (!a.isArray() || a.isEmpty()) {
            throw new WireException(RejectReason.BAD_FIELD, field + ": must be a non-empty array");
        }
        if (a.size() > max) {
            throw new WireException(RejectReason.TOO_MANY, field + ": " + a.size() + ", the limit is " + max);
        }
        return a;
    }

    private static String eventId(JsonNode n, String path) throws WireException {
        JsonNode v = WireCodec.required(n, "eventId", path);
        if (!v.isTextual() || !v.textValue().matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be 1-64 letters, digits, _ . : -");
        }
        return v.textValue();
    }

    private static String optionalId(JsonNode n, String field, String path) throws WireException {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : WireCodec.id(n, field, path);
    }

    private static String card(JsonNode n, String path) throws WireException {
        JsonNode v = n.get("card");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || !v.textValue().matches("\\d{1,5}:\\d{1,10}")) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be facility:card, e.g. 12:34567");
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode n, String field, String path) throws WireException {
        JsonNode v = WireCodec.required(n, field, path);
        if (!v.isBoolean()) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must be true or false");
        }
        return v.booleanValue();
    }

    private static long fen(JsonNode n, String field, String path) throws WireException {
        long v = nonNegative(n, field, path);
        if (v > 100_000_00L) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": " + v + " fen is more than 100,000 yuan");
        }
        return v;
    }

    private static long nonNegative(JsonNode n, String field, String path) throws WireException {
        long v = WireCodec.integer(n, field, path);
        if (v < 0) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": must not be negative");
        }
        return v;
    }

    private static LocalDate date(JsonNode n, String field, String path) throws WireException {
        String text = WireCodec.text(WireCodec.required(n, field, path), path, 10);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new WireException(RejectReason.BAD_FIELD, path + ": '" + text + "' is not yyyy-MM-dd");
        }
    }

    private static VerificationMethod method(JsonNode n, String path) throws WireException {
        JsonNode v = WireCodec.required(n, "method", path);
        if (v.isTextual()) {
            for (VerificationMethod m : VerificationMethod.values()) {
                if (wireName(m).equals(v.textValue())) {
                    return m;
                }
            }
        }
        throw new WireException(RejectReason.BAD_FIELD, path + ": must be one of face, card, id, pin");
    }

    private static MealRecord.MealStatus status(JsonNode n, String path) throws WireException {
        JsonNode v = WireCodec.required(n, "status", path);
        if (v.isTextual()) {
            for (MealRecord.MealStatus s : MealRecord.MealStatus.values()) {
                if (s.wireName().equals(v.textValue())) {
                    return s;
                }
            }
        }
        throw new WireException(RejectReason.BAD_FIELD, path + ": must be served or cancelled");
    }

    /** The method as the wire writes it: {@code face}, {@code card}, {@code id}, {@code pin}. */
    public static String wireName(VerificationMethod m) {
        return m.name().toLowerCase(Locale.ROOT);
    }

    private static void putNullable(ObjectNode n, String field, String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode to memory", e);
        }
    }
}
