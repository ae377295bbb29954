package org.linli.cloud.canteen;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.config.Site;
import org.linli.config.SiteLoader;
import org.linli.config.canteen.VerificationMethod;
import org.linli.wire.CanteenCodec;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class MealIntakeTest {
    private static final CanteenCodec CODEC = new CanteenCodec();
    private static final String GW1 = "linli/v1/huayuan/gw-01/canteen/meals";
    private static MealIntake intake;

    @BeforeAll
    static void site() throws Exception {
        Site site = SiteLoader.load(Path.of(MealIntakeTest.class.getResource("/canteen-site.yaml").toURI()));
        intake = new MealIntake(CODEC, site);
    }

    private static byte[] batch(String site, String gateway, String canteen) {
        MealRecord r = new MealRecord("e-1", canteen, "t1", "m-1", VerificationMethod.CARD, false, "lunch",
                LocalDate.of(2026, 11, 22), 1_795_000_000_000L, true, "ok", "age-60", 1500, 500, 1000,
                MealRecord.MealStatus.SERVED, 1_795_000_030_000L, 1, 1, false);
        return CODEC.encode(new MealBatch(site, gateway, 1_795_000_060_000L, List.of(r)));
    }

    private static String refused(String topic, byte[] payload) {
        return assertInstanceOf(MealIntake.Refused.class, intake.check(topic, payload)).reason();
    }

    @Test
    void shouldAcceptARecordOfTheGatewaysOwnCanteen() {
        MealIntake.Accepted a = assertInstanceOf(MealIntake.Accepted.class, intake.check(GW1, batch("huayuan", "gw-01", "canteen-1")));
        assertEquals(1, a.batch().records().size());
    }

    @Test
    void shouldRefuseARecordOfAnotherGatewaysCanteen() {
        assertEquals("unknown-canteen", refused(GW1, batch("huayuan", "gw-01", "canteen-2")));
    }

    @Test
    void shouldRefuseAPayloadThatNamesAnotherGatewayThanItsTopic() {
        assertEquals("topic-mismatch", refused(GW1, batch("huayuan", "gw-02", "canteen-2")));
    }

    @Test
    void shouldRefuseAGatewayOutsideTheSite() {
        assertEquals("unknown-gateway", refused("linli/v1/huayuan/gw-09/canteen/meals", batch("huayuan", "gw-09", "canteen-1")));
    }

    @Test
    void shouldRefuseFaceDataHiddenInARecord() {
        String json = new String(batch("huayuan", "gw-01", "canteen-1"), StandardCharsets.UTF_8)
                .replace("\"terminal\":\"t1\"", "\"terminal\":\"t1\",\"extra\":{\"face_template\":\"AAAA\"}");
        assertEquals("face-data", refused(GW1, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRefuseAnotherChannelAndGarbage() {
        assertEquals("bad-topic", refused("linli/v1/huayuan/gw-01/readings", batch("huayuan", "gw-01", "canteen-1")));
        assertEquals("not-json", refused(GW1, "{".getBytes(StandardCharsets.UTF_8)));
    }
}
