package org.linli.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireCodecTest {
    private static final long TS = 1_763_800_000_000L;
    private final WireCodec codec = new WireCodec();

    private static ReadingBatch batch() {
        return new ReadingBatch(1, "huayuan", "gw-01", "6f1c2a9e-0d7b-4b8e-9a51-2c3d4e5f6a7b", 42, TS + 500,
                List.of(Reading.of("pir-1", TS, "occupied", 1, "bool"),
                        new Reading("slm-1", TS + 1, Map.of("laeq", 62.4, "lamax", 71.0), "dBA", Quality.SUSPECT, "partial interval"),
                        Reading.status("park-3", TS + 2, Quality.OFFLINE, "no heartbeat for 10 min")));
    }

    private RejectReason reject(String json) {
        return assertThrows(WireException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8))).reason();
    }

    private String detail(String json) {
        return assertThrows(WireException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    private static String withReading(String reading) {
        return "{\"v\":1,\"site\":\"huayuan\",\"gateway\":\"gw-01\",\"bootId\":\"b1\",\"seq\":1,\"sentAt\":" + TS
                + ",\"readings\":[" + reading + "]}";
    }

    @Test
    void shouldDecodeWhatItEncodes() throws Exception {
        ReadingBatch batch = batch();

        assertEquals(batch, codec.decode(codec.encode(batch)));
    }

    @Test
    void shouldRefuseAnOversizePayloadBeforeParsing() {
        byte[] big = new byte[WireLimits.MAX_BYTES + 1];

        WireException e = assertThrows(WireException.class, () -> codec.decode(big));

        assertEquals(RejectReason.TOO_LARGE, e.reason());
    }

    @Test
    void shouldRefuseText() {
        assertEquals(RejectReason.NOT_JSON, reject("hello"));
        assertEquals(RejectReason.NOT_JSON, reject("[1,2]"));
        assertEquals(RejectReason.NOT_JSON, reject("{\"v\":1} trailing"));
    }

    @Test
    void shouldRefuseDeepNesting() {
        assertEquals(RejectReason.NOT_JSON, reject("{\"a\":" + "[".repeat(50) + "]".repeat(50) + "}"));
    }

    @Test
    void shouldRefuseAnotherVersion() {
        assertEquals(RejectReason.UNSUPPORTED_VERSION, reject(withReading("{}").replace("\"v\":1", "\"v\":2")));
    }

    @Test
    void shouldNameTheMissingField() {
        assertEquals("readings[0].sensor: missing", detail(withReading("{\"ts\":" + TS + ",\"values\":{\"x\":1}}")));
        assertEquals(RejectReason.MISSING_FIELD, reject(withReading("{\"sensor\":\"pir-1\",\"values\":{\"x\":1}}")));
    }

    @Test
    void shouldRefuseATimestampFromAClockThatIsNotSet() {
        String detail = detail(withReading("{\"sensor\":\"pir-1\",\"ts\":5000,\"values\":{\"x\":1}}"));

        assertTrue(detail.startsWith("readings[0].ts: 5000 is not epoch milliseconds"), detail);
    }

    @Test
    void shouldRefuseAGoodReadingWithoutValues() {
        assertEquals(RejectReason.BAD_FIELD, reject(withReading("{\"sensor\":\"pir-1\",\"ts\":" + TS + ",\"values\":{}}")));
    }

    @Test
    void shouldRefuseNonNumericAndReservedValues() {
        assertEquals(RejectReason.BAD_FIELD, reject(withReading("{\"sensor\":\"pir-1\",\"ts\":" + TS + ",\"values\":{\"x\":\"1\"}}")));
        assertEquals(RejectReason.BAD_FIELD, reject(withReading("{\"sensor\":\"pir-1\",\"ts\":" + TS + ",\"values\":{\"seq\":1}}")));
        assertEquals(RejectReason.BAD_FIELD, reject(withReading("{\"sensor\":\"pir-1\",\"ts\":" + TS + ",\"values\":{\"time\":1}}")));
    }

    @Test
    void shouldRefuseASensorIdThatCouldEscapeATopicOrTag() {
        assertEquals(RejectReason.BAD_FIELD, reject(withReading("{\"sensor\":\"a/b\",\"ts\":" + TS + ",\"values\":{\"x\":1}}")));
    }

    @Test
    void shouldRefuseAnEmptyBatch() {
        assertEquals(RejectReason.BAD_FIELD, reject(withReading("").replace("[]", "[]")));
    }

    @Test
    void shouldRefuseTooManyReadings() {
        String one = "{\"sensor\":\"pir-1\",\"ts\":" + TS + ",\"values\":{\"x\":1}}";
        String many = String.join(",", java.util.Collections.nCopies(WireLimits.MAX_READINGS + 1, one));

        assertEquals(RejectReason.TOO_MANY, reject(withReading(many)));
    }

    @Test
    void shouldRefuseSeqZero() {
        assertEquals(RejectReason.BAD_FIELD, reject(withReading("{}").replace("\"seq\":1", "\"seq\":0")));
    }
}
