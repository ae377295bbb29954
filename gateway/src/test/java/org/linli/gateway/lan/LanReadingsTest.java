package org.linli.gateway.lan;

import org.junit.jupiter.api.Test;
import org.linli.config.LanPreset;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;
import org.linli.gateway.testing.MutableClock;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.RejectReason;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LAN driver's core without MQTT: messages and the passing of time in, readings out. */
class LanReadingsTest {
    private static final long T0 = 1_795_000_000_000L;
    private static final Duration STATE_INTERVAL = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(T0);
    private final SensorSpec park = LanSensors.preset("park-1", SensorKind.PARKING, LanPreset.PARKING_SENSOR,
            Duration.ofMinutes(10), Duration.ZERO);
    private final SensorSpec zigbee = LanSensors.preset("pir-9", SensorKind.PIR, LanPreset.ZIGBEE2MQTT_OCCUPANCY,
            null, Duration.ZERO);
    private final SensorSpec slm = LanSensors.preset("slm-1", SensorKind.SOUND_LEVEL_METER, LanPreset.SOUND_LEVEL_METER,
            Duration.ofMinutes(1), Duration.ZERO);

    private LanReadings readings(SensorSpec... sensors) {
        return new LanReadings(List.of(sensors), STATE_INTERVAL, clock);
    }

    private LanReadings.Outcome send(LanReadings r, SensorSpec sensor, String json) {
        return r.message("dev/" + sensor.id(), json.getBytes(StandardCharsets.UTF_8), clock.millis());
    }

    private static List<Double> occupied(List<Reading> readings) {
        return readings.stream().map(r -> r.values().get("occupied")).toList();
    }

    @Test
    void shouldIgnoreATopicNoSensorReads() {
        assertNull(readings(park).message("dev/other", new byte[0], T0));
    }

    @Test
    void shouldReportEveryParkingChangeEvent() {
        LanReadings r = readings(park);

        assertEquals(List.of(1.0), occupied(send(r, park, "{\"state\":\"occupied\",\"event\":\"change\"}").readings()));
        clock.advance(1_000);
        assertEquals(List.of(1.0), occupied(send(r, park, "{\"state\":\"occupied\",\"event\":\"change\"}").readings()),
                "a change the gateway did not see in between is still a change");
        clock.advance(1_000);
        assertEquals(List.of(0.0), occupied(send(r, park, "{\"state\":\"vacant\",\"event\":\"change\"}").readings()));
    }

    @Test
    void shouldReportAParkingHeartbeatOnlyWhenItsStateDiffers() {
        LanReadings r = readings(park);
        send(r, park, "{\"state\":\"vacant\",\"event\":\"change\"}");

        clock.advance(1_000);
        assertEquals(List.of(), send(r, park, "{\"state\":\"vacant\",\"event\":\"heartbeat\",\"battery\":3.4}").readings());
        clock.advance(1_000);
        assertEquals(List.of(1.0), occupied(send(r, park, "{\"state\":\"occupied\",\"event\":\"heartbeat\"}").readings()),
                "the change event was lost; the heartbeat tells");
    }

    @Test
    void shouldRepeatTheStateWithTheLatestValuesOncePerStateInterval() {
        LanReadings r = readings(park);
        send(r, park, "{\"state\":\"vacant\",\"event\":\"change\"}");
        clock.advance(30_000);
        send(r, park, "{\"state\":\"vacant\",\"event\":\"heartbeat\",\"battery\":3.4}");

        clock.advance(29_999);
        assertEquals(List.of(), r.tick());
        clock.advance(1);
        List<Reading> state = r.tick();

        assertEquals(1, state.size());
        assertEquals(Map.of("occupied", 0.0, "battery", 3.4), state.get(0).values());
        assertEquals(T0 + 60_000, state.get(0).ts());
        assertEquals(Quality.GOOD, state.get(0).quality());
    }

    @Test
    void shouldGoOfflineOnceAfterTwoAndAHalfHeartbeatsAndStopRepeatingTheState() {
        LanReadings r = readings(park);
        send(r, park, "{\"state\":\"vacant\",\"event\":\"change\"}");
        int stateReadings = 0;
        List<Reading> offline = List.of();
        for (int s = 1; s <= 25 * 60; s++) {
            clock.advance(1_000);
            List<Reading> due = r.tick();
            stateReadings += (int) due.stream().filter(x -> x.quality() == Quality.GOOD).count();
            if (due.stream().anyMatch(x -> x.quality() == Quality.OFFLINE)) {
                offline = due;
            }
        }

        assertEquals(24, stateReadings, "a vacant state each minute until the device is declared offline");
        assertEquals(1, offline.size());
        assertEquals("no message for 25 min (heartbeat 10 min)", offline.get(0).message());
        assertEquals(T0 + 25 * 60_000, offline.get(0).ts());
        clock.advance(3_600_000);
        assertEquals(List.of(), r.tick(), "no more offline readings, no vacant while offline");
    }

    @Test
    void shouldReportAGoodReadingWhenASilentDeviceComesBack() {
        LanReadings r = readings(park);
        send(r, park, "{\"state\":\"vacant\",\"event\":\"change\"}");
        clock.advance(25 * 60_000);
        r.tick();

        clock.advance(1_000);
        List<Reading> back = send(r, park, "{\"state\":\"vacant\",\"event\":\"heartbeat\"}").readings();

        assertEquals(List.of(0.0), occupied(back), "a heartbeat with an unchanged state, reported because it ends the silence");
        assertEquals(Quality.GOOD, back.get(0).quality());
    }

    @Test
    void shouldReportASensorThatNeverSpeaksAsOffline() {
        LanReadings r = readings(slm);
        clock.advance(150_000);

        List<Reading> due = r.tick();

        assertEquals(List.of(Quality.OFFLINE), due.stream().map(Reading::quality).toList());
    }

    @Test
    void shouldGiveOneErrorReadingAfterFiveRefusalsInARow() {
        LanReadings r = readings(zigbee);
        send(r, zigbee, "{\"occupancy\":true}");
        for (int i = 1; i <= 4; i++) {
            LanReadings.Outcome o = send(r, zigbee, "{\"battery\":90}");
            assertEquals(List.of(), o.readings());
            assertEquals(List.of(new LanReadings.Refusal("pir-9", RejectReason.MISSING_FIELD, "no field 'occupancy'")), o.refusals());
        }
        LanReadings.Outcome fifth = send(r, zigbee, "not json");

        assertEquals(1, fifth.readings().size());
        Reading error = fifth.readings().get(0);
        assertEquals(Quality.ERROR, error.quality());
        assertTrue(error.message().startsWith("5 messages refused in a row, the last not-json: not JSON"), error.message());
        assertEquals(List.of(), send(r, zigbee, "not json").readings(), "one error reading per streak");
        clock.advance(120_000);
        assertEquals(List.of(), r.tick(), "no periodic state while in error");
        assertEquals(List.of(1.0), occupied(send(r, zigbee, "{\"occupancy\":true}").readings()), "recovery is reported");
    }

    @Test
    void shouldStartTheRefusalCountAgainAfterAGoodMessage() {
        LanReadings r = readings(zigbee);
        for (int i = 0; i < 4; i++) {
            send(r, zigbee, "{}");
        }
        send(r, zigbee, "{\"occupancy\":false}");
        for (int i = 0; i < 4; i++) {
            assertEquals(List.of(), send(r, zigbee, "{}").readings());
        }
    }

    @Test
    void shouldNotRepeatZigbeeUpdatesThatChangeNothing() {
        LanReadings r = readings(zigbee);
        assertEquals(1, send(r, zigbee, "{\"occupancy\":true,\"battery\":97,\"linkquality\":120}").readings().size());

        assertEquals(List.of(), send(r, zigbee, "{\"occupancy\":true,\"battery\":97,\"linkquality\":96}").readings());
        List<Reading> low = send(r, zigbee, "{\"occupancy\":true,\"battery\":14,\"linkquality\":96}").readings();

        assertEquals(1, low.size(), "a battery going low is news");
        assertEquals(Quality.SUSPECT, low.get(0).quality());
        assertEquals("battery low: 14 %", low.get(0).message());
    }

    @Test
    void shouldHoldALanPresenceSensorThroughAShortDrop() {
        SensorSpec held = LanSensors.preset("fp1", SensorKind.PRESENCE, LanPreset.ZIGBEE2MQTT_OCCUPANCY, null,
                Duration.ofSeconds(30));
        LanReadings r = readings(held);
        send(r, held, "{\"occupancy\":true}");
        clock.advance(1_000);

        assertEquals(List.of(), send(r, held, "{\"occupancy\":false}").readings());
        clock.advance(29_999);
        assertEquals(List.of(), r.tick());
        clock.advance(1);
        assertEquals(List.of(0.0), occupied(r.tick()));
    }

    @Test
    void shouldReportEverySoundLevelInterval() {
        LanReadings r = readings(slm);
        String msg = "{\"LAeq\":62.4,\"LAmin\":48.1,\"LAmax\":71.9,\"interval\":60}";

        assertEquals(1, send(r, slm, msg).readings().size());
        assertEquals(1, send(r, slm, msg).readings().size());
        clock.advance(120_000);
        assertEquals(List.of(), r.tick(), "no periodic state for a measurement");
    }

    @Test
    void shouldReadOneMessageForEverySensorOnItsTopic() {
        SensorSpec a = LanSensors.plain("a", SensorKind.PIR, "occupied", "left");
        SensorSpec b = new SensorSpec("b", SensorKind.PIR, "plaza", new org.linli.config.SensorBinding.MqttTopic("dev/a",
                "right", org.linli.config.LanMapping.field("occupied", "right"), null));
        LanReadings r = readings(a, b);

        LanReadings.Outcome o = send(r, a, "{\"left\":true}");

        assertEquals(List.of("a"), o.readings().stream().map(Reading::sensor).toList());
        assertEquals(List.of("b"), o.refusals().stream().map(LanReadings.Refusal::sensor).toList());
    }
}
