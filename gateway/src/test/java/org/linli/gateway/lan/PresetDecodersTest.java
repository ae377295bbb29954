package org.linli.gateway.lan;

import org.junit.jupiter.api.Test;
import org.linli.config.LanPreset;
import org.linli.config.SensorKind;
import org.linli.wire.Quality;
import org.linli.wire.RejectReason;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.lan.LanSensors.json;

/** Each preset against the payloads its devices send, and the ones they should not. */
class PresetDecodersTest {
    /** 2026-11-22T19:31:05+08:00: five seconds after the sound level meter's interval ended. */
    private static final long NOW = Instant.parse("2026-11-22T11:31:05Z").toEpochMilli();

    private final LanDecoder zigbee = LanDecoder.of(LanSensors.preset("pir-9", SensorKind.PIR,
            LanPreset.ZIGBEE2MQTT_OCCUPANCY, null, java.time.Duration.ZERO));
    private final LanDecoder parking = LanDecoder.of(LanSensors.preset("park-1", SensorKind.PARKING,
            LanPreset.PARKING_SENSOR, null, java.time.Duration.ZERO));
    private final LanDecoder slm = LanDecoder.of(LanSensors.preset("slm-1", SensorKind.SOUND_LEVEL_METER,
            LanPreset.SOUND_LEVEL_METER, null, java.time.Duration.ZERO));

    private static Decoded.Sample sample(Decoded d) {
        assertTrue(d instanceof Decoded.Sample, d.toString());
        return (Decoded.Sample) d;
    }

    private static RejectReason reason(Decoded d) {
        assertTrue(d instanceof Decoded.Refused, d.toString());
        return ((Decoded.Refused) d).reason();
    }

    // zigbee2mqtt-occupancy

    @Test
    void shouldReadAZigbee2mqttOccupancyMessage() {
        Decoded.Sample s = sample(zigbee.decode(json("{\"occupancy\":true,\"battery\":97,\"linkquality\":120,"
                + "\"illuminance\":23,\"voltage\":3000}"), NOW));

        assertEquals(Map.of("occupied", 1.0, "battery", 97.0, "linkquality", 120.0), s.values());
        assertEquals(Quality.GOOD, s.quality());
        assertEquals(NOW, s.ts());
        assertFalse(s.change());
    }

    @Test
    void shouldTakeZigbeeBatteryAndLinkqualityAsOptional() {
        assertEquals(Map.of("occupied", 0.0), sample(zigbee.decode(json("{\"occupancy\":false}"), NOW)).values());
    }

    @Test
    void shouldMarkALowZigbeeBatterySuspect() {
        Decoded.Sample s = sample(zigbee.decode(json("{\"occupancy\":false,\"battery\":12}"), NOW));

        assertEquals(Quality.SUSPECT, s.quality());
        assertEquals("battery low: 12 %", s.message());
        assertEquals(12.0, s.values().get("battery"));
    }

    @Test
    void shouldRefuseAZigbeeMessageWithoutOccupancy() {
        assertEquals(RejectReason.MISSING_FIELD, reason(zigbee.decode(json("{\"battery\":97}"), NOW)));
    }

    @Test
    void shouldRefuseZigbeeFieldsOfTheWrongType() {
        assertEquals(RejectReason.BAD_FIELD, reason(zigbee.decode(json("{\"occupancy\":\"yes\"}"), NOW)));
        assertEquals(RejectReason.BAD_FIELD, reason(zigbee.decode(json("{\"occupancy\":true,\"battery\":\"97\"}"), NOW)));
        assertEquals(RejectReason.BAD_FIELD, reason(zigbee.decode(json("{\"occupancy\":true,\"battery\":140}"), NOW)));
    }

    @Test
    void shouldReadAMovedZigbeeField() {
        LanDecoder fp1 = LanDecoder.of(LanSensors.plain("fp1", SensorKind.PRESENCE, "occupied", "presence"));

        assertEquals(Map.of("occupied", 1.0), sample(fp1.decode(json("{\"presence\":true,\"battery\":90}"), NOW)).values());
    }

    // parking-sensor

    @Test
    void shouldReadAParkingChangeEvent() {
        Decoded.Sample s = sample(parking.decode(json("{\"state\":\"occupied\",\"event\":\"change\"}"), NOW));

        assertEquals(Map.of("occupied", 1.0), s.values());
        assertTrue(s.change());
        assertEquals(Quality.GOOD, s.quality());
    }

    @Test
    void shouldReadAParkingHeartbeatWithBattery() {
        Decoded.Sample s = sample(parking.decode(json("{\"state\":\"vacant\",\"event\":\"heartbeat\",\"battery\":3.4}"), NOW));

        assertEquals(Map.of("occupied", 0.0, "battery", 3.4), s.values());
        assertFalse(s.change());
    }

    @Test
    void shouldTakeAParkingMessageWithoutEventAsAChange() {
        assertTrue(sample(parking.decode(json("{\"state\":\"VACANT\"}"), NOW)).change());
    }

    @Test
    void shouldMarkALowParkingBatterySuspect() {
        Decoded.Sample s = sample(parking.decode(json("{\"state\":\"vacant\",\"event\":\"heartbeat\",\"battery\":2.9}"), NOW));

        assertEquals(Quality.SUSPECT, s.quality());
        assertEquals("battery low: 2.9 V", s.message());
    }

    @Test
    void shouldRefuseAnUnknownParkingStateOrEvent() {
        assertEquals(RejectReason.BAD_FIELD, reason(parking.decode(json("{\"state\":\"parked\"}"), NOW)));
        assertEquals(RejectReason.BAD_FIELD, reason(parking.decode(json("{\"state\":\"vacant\",\"event\":\"boot\"}"), NOW)));
        assertEquals(RejectReason.MISSING_FIELD, reason(parking.decode(json("{\"event\":\"heartbeat\"}"), NOW)));
    }

    // sound-level-meter

    @Test
    void shouldReadASoundLevelMeterIntervalAtItsEnd() {
        Decoded.Sample s = sample(slm.decode(json("{\"LAeq\":62.4,\"LAmin\":48.1,\"LAmax\":71.9,\"interval\":60,"
                + "\"ts\":\"2026-11-22T19:31:00+08:00\"}"), NOW));

        assertEquals(Map.of("laeq", 62.4, "lamin", 48.1, "lamax", 71.9, "interval", 60.0), s.values());
        assertEquals(NOW - 5_000, s.ts(), "the interval's end from the payload");
        assertEquals(Quality.GOOD, s.quality());
        assertNull(s.message());
    }

    @Test
    void shouldUseTheArrivalTimeWithoutDeviceTime() {
        Decoded.Sample s = sample(slm.decode(json("{\"LAeq\":62.4}"), NOW));

        assertEquals(Map.of("laeq", 62.4), s.values());
        assertEquals(NOW, s.ts());
    }

    @Test
    void shouldAcceptEpochSecondsAsDeviceTime() {
        assertEquals(NOW - 5_000, sample(slm.decode(json("{\"LAeq\":62.4,\"ts\":" + (NOW - 5_000) / 1000 + "}"), NOW)).ts());
    }

    @Test
    void shouldDistrustADeviceClockThatIsOffByMoreThanTenMinutes() {
        // The meter sends local time marked as UTC: eight hours ahead.
        Decoded.Sample s = sample(slm.decode(json("{\"LAeq\":62.4,\"ts\":\"2026-11-22T19:31:00Z\"}"), NOW));

        assertEquals(NOW, s.ts(), "the arrival time instead");
        assertEquals(Quality.SUSPECT, s.quality());
        assertTrue(s.message().startsWith("device clock off by 7 h 59 min (ahead)"), s.message());
        assertEquals(62.4, s.values().get("laeq"));
    }

    @Test
    void shouldDistrustADeviceTimeItCannotRead() {
        Decoded.Sample s = sample(slm.decode(json("{\"LAeq\":62.4,\"ts\":\"22/11/2026 19:31\"}"), NOW));

        assertEquals(NOW, s.ts());
        assertEquals(Quality.SUSPECT, s.quality());
    }

    @Test
    void shouldDistrustLevelsThatContradictEachOther() {
        Decoded.Sample s = sample(slm.decode(json("{\"LAeq\":62.4,\"LAmin\":65.0,\"LAmax\":71.9}"), NOW));

        assertEquals(Quality.SUSPECT, s.quality());
        assertEquals("LAmin 65.0 above LAeq 62.4", s.message());
    }

    @Test
    void shouldRefuseASoundLevelMeterMessageWithoutLaeq() {
        assertEquals(RejectReason.MISSING_FIELD, reason(slm.decode(json("{\"LAmax\":71.9}"), NOW)));
    }

    @Test
    void shouldRefuseSoundLevelsOfTheWrongTypeOrRange() {
        assertEquals(RejectReason.BAD_FIELD, reason(slm.decode(json("{\"LAeq\":\"62.4\"}"), NOW)));
        assertEquals(RejectReason.BAD_FIELD, reason(slm.decode(json("{\"LAeq\":true}"), NOW)));
        assertEquals(RejectReason.BAD_FIELD, reason(slm.decode(json("{\"LAeq\":-3}"), NOW)));
        assertEquals(RejectReason.BAD_FIELD, reason(slm.decode(json("{\"LAeq\":62.4,\"interval\":0}"), NOW)));
    }

    // plain values

    @Test
    void shouldReadPlainValuesWithTheKindsValueRequired() {
        LanDecoder plain = LanDecoder.of(LanSensors.plain("slm-2", SensorKind.SOUND_LEVEL_METER,
                "laeq", "data.eq", "lamax", "data.max"));

        assertEquals(Map.of("laeq", 55.0, "lamax", 60.5), sample(plain.decode(json("{\"data\":{\"eq\":55,\"max\":60.5}}"), NOW)).values());
        assertEquals(Map.of("laeq", 55.0), sample(plain.decode(json("{\"data\":{\"eq\":55}}"), NOW)).values());
        assertEquals(RejectReason.MISSING_FIELD, reason(plain.decode(json("{\"data\":{\"max\":60.5}}"), NOW)));
        assertEquals(RejectReason.BAD_FIELD, reason(plain.decode(json("{\"data\":{\"eq\":55,\"max\":\"x\"}}"), NOW)));
    }
}
