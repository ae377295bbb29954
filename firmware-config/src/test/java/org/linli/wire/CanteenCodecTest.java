package org.linli.wire;

import org.junit.jupiter.api.Test;
import org.linli.config.canteen.VerificationMethod;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanteenCodecTest {
    private static final long T = 1_795_000_000_000L;
    private final CanteenCodec codec = new CanteenCodec();

    private static MealRecord served(String eventId) {
        return new MealRecord(eventId, "canteen-1", "t1", "m-8f3a", VerificationMethod.FACE, false, "lunch",
                LocalDate.of(2026, 11, 22), T, true, "ok", "age-60", 1500, 500, 1000,
                MealRecord.MealStatus.SERVED, T + 30_000, 3, 7, true);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private WireException refusedTerminalEvent(String json) {
        return assertThrows(WireException.class, () -> codec.decodeTerminalEvent(utf8(json)));
    }

    @Test
    void shouldRoundTripAMealBatch() throws WireException {
        MealRecord refused = new MealRecord("e-2", "canteen-1", "t1", null, VerificationMethod.CARD, true, null,
                LocalDate.of(2026, 11, 22), T, false, "not-in-roster", null, 0, 0, 0,
                MealRecord.MealStatus.CANCELLED, T + 1, 0, 7, false);
        MealBatch batch = new MealBatch("huayuan", "gw-01", T + 60_000, List.of(served("e-1"), refused));
        assertEquals(batch, codec.decodeMeals(codec.encode(batch)));
    }

    @Test
    void shouldRefuseASubsidisedMealWithoutAMember() {
        String json = new String(codec.encode(new MealBatch("huayuan", "gw-01", T, List.of(served("e-1")))),
                StandardCharsets.UTF_8).replace("\"member\":\"m-8f3a\"", "\"member\":null");
        WireException e = assertThrows(WireException.class, () -> codec.decodeMeals(utf8(json)));
        assertEquals(RejectReason.BAD_FIELD, e.reason());
        assertTrue(e.getMessage().contains("records[0].member"), e.getMessage());
    }

    @Test
    void shouldRefuseAmountsThatDoNotAddUp() {
        String json = new String(codec.encode(new MealBatch("huayuan", "gw-01", T, List.of(served("e-1")))),
                StandardCharsets.UTF_8).replace("\"payFen\":1000", "\"payFen\":900");
        WireException e = assertThrows(WireException.class, () -> codec.decodeMeals(utf8(json)));
        assertTrue(e.getMessage().contains("inconsistent amounts"), e.getMessage());
    }

    @Test
    void shouldRoundTripRosterPolicyAndClaims() throws WireException {
        RosterMessage roster = new RosterMessage(7, T, List.of(
                new RosterMessage.Member("m-8f3a", "张*华", YearMonth.of(1950, 3), "dibao", true, true, "12:34567"),
                new RosterMessage.Member("m-1234", "李*", YearMonth.of(1961, 12), null, false, false, null)));
        assertEquals(roster, codec.decodeRoster(codec.encode(roster)));
        PolicyMessage policy = new PolicyMessage(3, "id: xuyi\n".repeat(100));
        assertEquals(policy, codec.decodePolicy(codec.encode(policy)));
        ClaimsMessage claims = new ClaimsMessage(LocalDate.of(2026, 11, 22), T, List.of(
                new ClaimsMessage.Claim("m-8f3a", "canteen-2", "lunch", T, 500, VerificationMethod.PIN)));
        assertEquals(claims, codec.decodeClaims(codec.encode(claims)));
    }

    @Test
    void shouldRefuseARosterBirthThatIsNotAYearAndMonth() {
        String json = "{\"v\":1,\"version\":1,\"issuedAt\":" + T + ",\"members\":[{\"member\":\"m-1\","
                + "\"displayName\":\"王*\",\"birth\":\"1950-13\",\"resident\":true,\"active\":true}]}";
        WireException e = assertThrows(WireException.class, () -> codec.decodeRoster(utf8(json)));
        assertTrue(e.getMessage().startsWith("members[0].birth"), e.getMessage());
    }

    @Test
    void shouldDecodeATerminalEventIgnoringVendorExtras() throws WireException {
        TerminalEvent e = codec.decodeTerminalEvent(utf8("{\"eventId\":\"t1-000123\",\"terminal\":\"t1\","
                + "\"member\":\"m-8f3a\",\"method\":\"face\",\"matched\":true,\"score\":91,\"temperature\":36.5}"));
        assertEquals(new TerminalEvent("t1-000123", "t1", "m-8f3a", VerificationMethod.FACE, true, 91, null), e);
        assertEquals(e, codec.decodeTerminalEvent(codec.encode(e)));
    }

    @Test
    void shouldRefuseATerminalEventCarryingAFaceImage() {
        String image = Base64.getEncoder().encodeToString(new byte[300]);
        WireException e = refusedTerminalEvent("{\"eventId\":\"e1\",\"terminal\":\"t1\",\"member\":\"m-1\","
                + "\"method\":\"face\",\"matched\":true,\"score\":90,\"faceImage\":\"" + image + "\"}");
        assertEquals(RejectReason.FACE_DATA, e.reason());
        assertTrue(e.getMessage().startsWith("faceImage"), e.getMessage());
    }

    @Test
    void shouldRefuseFaceDataHiddenInANestedObject() {
        WireException e = refusedTerminalEvent("{\"eventId\":\"e1\",\"terminal\":\"t1\",\"member\":\"m-1\","
                + "\"method\":\"face\",\"matched\":true,\"extra\":{\"face_template\":\"abc\"}}");
        assertEquals(RejectReason.FACE_DATA, e.reason());
        assertTrue(e.getMessage().startsWith("extra.face_template"), e.getMessage());
    }

    @Test
    void shouldRefuseALongOpaqueTextAsFaceData() {
        WireException e = refusedTerminalEvent("{\"eventId\":\"e1\",\"terminal\":\"t1\",\"member\":\"m-1\","
                + "\"method\":\"face\",\"matched\":true,\"blob\":\"" + "A".repeat(600) + "\"}");
        assertEquals(RejectReason.FACE_DATA, e.reason());
    }

    @Test
    void shouldRefuseAFeatureVectorUnderAnyName() {
        StringBuilder vector = new StringBuilder("[0.1");
        for (int i = 0; i < 127; i++) {
            vector.append(",0.").append(i);
        }
        vector.append(']');
        WireException e = refusedTerminalEvent("{\"eventId\":\"e1\",\"terminal\":\"t1\",\"member\":\"m-1\","
                + "\"method\":\"face\",\"matched\":true,\"v512\":" + vector + "}");
        assertEquals(RejectReason.FACE_DATA, e.reason());
    }

    @Test
    void shouldRefuseAMatchedEventWithoutAMember() {
        WireException e = refusedTerminalEvent("{\"eventId\":\"e1\",\"terminal\":\"t1\",\"method\":\"card\",\"matched\":true}");
        assertEquals(RejectReason.MISSING_FIELD, e.reason());
    }

    @Test
    void shouldRefuseAnUnknownMethod() {
        WireException e = refusedTerminalEvent("{\"eventId\":\"e1\",\"terminal\":\"t1\",\"member\":\"m-1\","
                + "\"method\":\"iris\",\"matched\":true}");
        assertEquals(RejectReason.BAD_FIELD, e.reason());
        assertTrue(e.getMessage().startsWith("method"), e.getMessage());
    }

    @Test
    void shouldRefuseAnotherContractVersion() {
        WireException e = assertThrows(WireException.class, () -> codec.decodePolicy(utf8("{\"v\":2,\"version\":1,\"policy\":\"x\"}")));
        assertEquals(RejectReason.UNSUPPORTED_VERSION, e.reason());
    }

    @Test
    void shouldParseTheCanteenTopics() throws WireException {
        assertEquals("canteen/meals", Topics.parse(Topics.canteenMeals("huayuan", "gw-01")).channel());
        assertEquals("canteen/roster", Topics.parse(Topics.canteenRoster("huayuan", "gw-01")).channel());
    }
}
