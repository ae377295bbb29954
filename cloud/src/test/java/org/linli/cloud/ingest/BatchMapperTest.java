package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.RejectReason;
import org.linli.wire.TopicAddress;
import org.linli.wire.WireException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchMapperTest {
    private static final long TS = 1_763_800_000_123L;
    private static final TopicAddress TOPIC = new TopicAddress("huayuan", "gw-01", "readings");

    private final BatchMapper mapper = new BatchMapper(DemoSite.load());

    private static ReadingBatch batch(String site, String gateway, Reading... readings) {
        return new ReadingBatch(1, site, gateway, "boot-a", 42, TS + 500, List.of(readings));
    }

    @Test
    void shouldTagAPointWithSiteGatewaySensorSpaceAndGrid() throws WireException {
        MappedBatch m = mapper.map(TOPIC, batch("huayuan", "gw-01", Reading.of("pir-1", TS, "occupied", 1, "bool")));
        ReadingPoint p = m.points().get(0);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("site", "huayuan");
        expected.put("gateway", "gw-01");
        expected.put("sensor", "pir-1");
        expected.put("space", "plaza-east");
        expected.put("grid", "g1-1");
        assertEquals(expected, p.tags());
    }

    @Test
    void shouldUseTheSensorKindsMeasurementAndTheSourceTimestamp() throws WireException {
        MappedBatch m = mapper.map(TOPIC, batch("huayuan", "gw-01", Reading.of("park-3", TS, "occupied", 0, "bool")));
        assertEquals("occupancy", m.points().get(0).measurement());
        assertEquals(TS, m.points().get(0).time());
    }

    @Test
    void shouldStoreValuesQualityAndSeqAsFields() throws WireException {
        MappedBatch m = mapper.map(TOPIC, batch("huayuan", "gw-01", Reading.of("pir-1", TS, "occupied", 1, "bool")));
        Map<String, Object> fields = m.points().get(0).fields();
        assertEquals(1.0, fields.get("occupied"));
        assertEquals("good", fields.get("quality"));
        assertEquals(42L, fields.get("seq"));
        assertEquals(3, fields.size(), "no message field without a message");
    }

    @Test
    void shouldStoreTheMessageOfAFailedReading() throws WireException {
        Reading offline = Reading.status("park-3", TS, Quality.OFFLINE, "no heartbeat for 10 min");
        Map<String, Object> fields = mapper.map(TOPIC, batch("huayuan", "gw-01", offline)).points().get(0).fields();
        assertEquals("offline", fields.get("quality"));
        assertEquals("no heartbeat for 10 min", fields.get("message"));
    }

    @Test
    void shouldRefuseAPayloadNamingAnotherGatewayThanItsTopic() {
        WireException e = assertThrows(WireException.class, () -> mapper.map(TOPIC,
                batch("huayuan", "gw-02", Reading.of("pir-1", TS, "occupied", 1, "bool"))));
        assertEquals(RejectReason.TOPIC_MISMATCH, e.reason());
    }

    @Test
    void shouldRefuseAPayloadNamingAnotherSiteThanItsTopic() {
        WireException e = assertThrows(WireException.class, () -> mapper.map(TOPIC,
                batch("other", "gw-01", Reading.of("pir-1", TS, "occupied", 1, "bool"))));
        assertEquals(RejectReason.TOPIC_MISMATCH, e.reason());
    }

    @Test
    void shouldRefuseAWholeBatchFromAnUnknownGateway() {
        WireException e = assertThrows(WireException.class, () -> mapper.map(new TopicAddress("huayuan", "gw-99", "readings"),
                batch("huayuan", "gw-99", Reading.of("pir-1", TS, "occupied", 1, "bool"))));
        assertEquals(RejectReason.UNKNOWN_GATEWAY, e.reason());
    }

    @Test
    void shouldRefuseABatchOfAnotherSiteAsAnUnknownGateway() {
        WireException e = assertThrows(WireException.class, () -> mapper.map(new TopicAddress("other", "gw-01", "readings"),
                batch("other", "gw-01", Reading.of("pir-1", TS, "occupied", 1, "bool"))));
        assertEquals(RejectReason.UNKNOWN_GATEWAY, e.reason());
    }

    @Test
    void shouldRefuseABatchOnTheStatusChannel() {
        WireException e = assertThrows(WireException.class, () -> mapper.map(new TopicAddress("huayuan", "gw-01", "status"),
                batch("huayuan", "gw-01", Reading.of("pir-1", TS, "occupied", 1, "bool"))));
        assertEquals(RejectReason.BAD_TOPIC, e.reason());
    }

    @Test
    void shouldRefuseOnlyTheReadingOfAnUnknownSensor() throws WireException {
        MappedBatch m = mapper.map(TOPIC, batch("huayuan", "gw-01",
                Reading.of("pir-1", TS, "occupied", 1, "bool"),
                Reading.of("ghost-7", TS, "occupied", 1, "bool"),
                Reading.of("park-3", TS, "occupied", 0, "bool")));
        assertEquals(List.of("pir-1", "park-3"), m.points().stream().map(ReadingPoint::sensor).toList());
        assertEquals(1, m.rejected().size());
        assertEquals(RejectReason.UNKNOWN_SENSOR, m.rejected().get(0).reason());
        assertTrue(m.rejected().get(0).detail().contains("ghost-7"));
    }

    @Test
    void shouldRefuseAReadingWithAValueNamedTime() throws WireException {
        MappedBatch m = mapper.map(TOPIC, batch("huayuan", "gw-01",
                Reading.of("pir-1", TS, "time", 1, "bool"),
                Reading.of("park-3", TS, "occupied", 0, "bool")));
        assertEquals(List.of("park-3"), m.points().stream().map(ReadingPoint::sensor).toList());
        assertEquals(RejectReason.BAD_FIELD, m.rejected().get(0).reason());
    }

    @Test
    void shouldRefuseAReadingWithAValueNamedLikeATag() throws WireException {
        for (String tag : List.of("site", "gateway", "sensor", "space", "grid")) {
            MappedBatch m = mapper.map(TOPIC, batch("huayuan", "gw-01", Reading.of("pir-1", TS, tag, 1, "bool")));
            assertTrue(m.points().isEmpty(), tag);
            assertEquals(RejectReason.BAD_FIELD, m.rejected().get(0).reason(), tag);
        }
    }
}
