package org.linli.gateway.lan;

import org.junit.jupiter.api.Test;
import org.linli.wire.RejectReason;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LanPayloadsTest {
    private final LanPayloads payloads = new LanPayloads();

    @Test
    void shouldMapTrueToOne() {
        assertEquals(new LanValue.Value(1.0), map("{\"occupancy\":true}", "occupancy", "bool"));
    }

    @Test
    void shouldMapFalseToZero() {
        assertEquals(new LanValue.Value(0.0), map("{\"occupancy\":false,\"battery\":87}", "occupancy", "bool"));
    }

    @Test
    void shouldTakeANumberAsItIs() {
        assertEquals(new LanValue.Value(62.4), map("{\"laeq\":62.4,\"lamax\":71.0}", "laeq", "dBA"));
    }

    @Test
    void shouldFollowADottedPathIntoNestedObjects() {
        assertEquals(new LanValue.Value(1.0), map("{\"state\":{\"slot\":{\"occupied\":1}}}", "state.slot.occupied", "bool"));
    }

    @Test
    void shouldRefuseAPayloadThatIsNotJson() {
        assertEquals(RejectReason.NOT_JSON, reason(map("occupied", "occupancy", "bool")));
    }

    @Test
    void shouldRefuseJsonThatIsNotAnObject() {
        assertEquals(RejectReason.NOT_JSON, reason(map("[1,2]", "occupancy", "bool")));
        assertEquals(RejectReason.NOT_JSON, reason(map("", "occupancy", "bool")));
    }

    @Test
    void shouldRefuseTrailingGarbage() {
        assertEquals(RejectReason.NOT_JSON, reason(map("{\"occupancy\":true} x", "occupancy", "bool")));
    }

    @Test
    void shouldRefuseAPayloadWithoutTheField() {
        assertEquals(RejectReason.MISSING_FIELD, reason(map("{\"battery\":87}", "occupancy", "bool")));
        assertEquals(RejectReason.MISSING_FIELD, reason(map("{\"state\":1}", "state.occupied", "bool")));
    }

    @Test
    void shouldRefuseANullField() {
        assertEquals(RejectReason.MISSING_FIELD, reason(map("{\"occupancy\":null}", "occupancy", "bool")));
    }

    @Test
    void shouldRefuseAFieldOfTheWrongType() {
        assertEquals(RejectReason.BAD_FIELD, reason(map("{\"occupancy\":\"yes\"}", "occupancy", "bool")));
        assertEquals(RejectReason.BAD_FIELD, reason(map("{\"occupancy\":{\"v\":1}}", "occupancy", "bool")));
    }

    @Test
    void shouldRefuseANumberOtherThanZeroOrOneForABooleanSensor() {
        assertEquals(RejectReason.BAD_FIELD, reason(map("{\"occupancy\":2}", "occupancy", "bool")));
    }

    @Test
    void shouldRefuseAPayloadOver16KiB() {
        String padding = "x".repeat(LanPayloads.MAX_PAYLOAD_BYTES);
        assertEquals(RejectReason.TOO_LARGE, reason(map("{\"occupancy\":true,\"pad\":\"" + padding + "\"}", "occupancy", "bool")));
    }

    @Test
    void shouldAcceptAPayloadOfExactly16KiB() {
        String head = "{\"occupancy\":true,\"pad\":\"";
        String tail = "\"}";
        String padding = "x".repeat(LanPayloads.MAX_PAYLOAD_BYTES - head.length() - tail.length());
        assertEquals(new LanValue.Value(1.0), map(head + padding + tail, "occupancy", "bool"));
    }

    private LanValue map(String payload, String field, String unit) {
        return payloads.map(payload.getBytes(StandardCharsets.UTF_8), field, unit);
    }

    private static RejectReason reason(LanValue value) {
        return ((LanValue.Rejected) value).reason();
    }
}
