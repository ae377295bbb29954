package org.linli.cloud.rules;

import org.junit.jupiter.api.Test;
import org.linli.cloud.rules.DeadmanEvent.GatewayBack;
import org.linli.cloud.rules.DeadmanEvent.GatewayOffline;
import org.linli.cloud.rules.DeadmanEvent.SensorBack;
import org.linli.cloud.rules.DeadmanEvent.SensorOffline;
import org.linli.config.GatewaySpec;
import org.linli.config.SensorBinding;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;
import org.linli.config.Site;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeadmanRuleTest {
    static final ZoneId TZ = ZoneId.of("Asia/Shanghai");
    static final Instant START = Instant.parse("2026-06-10T02:00:00Z"); // 10:00 local
    static final Site SITE = new Site("huayuan", "花园社区", TZ, List.of(), List.of(),
            List.of(new GatewaySpec("gw-01", "东门", List.of(
                            new SensorSpec("pir-1", SensorKind.PIR, "plaza-east", SensorBinding.MqttTopic.plain("z/pir", "occupied", "occupied")),
                            new SensorSpec("noise-1", SensorKind.NOISE_MODULE, "plaza-east", new SensorBinding.I2cDevice(1, 0x48)))),
                    new GatewaySpec("gw-02", "西门", List.of(
                            new SensorSpec("park-3", SensorKind.PARKING, "lawn-1", SensorBinding.MqttTopic.plain("z/park", "occupied", "occupied"))))),
            List.of());

    static Instant min(int m) {
        return START.plusSeconds(60L * m);
    }

    static Reading pir(int minute) {
        return Reading.of("pir-1", min(minute).toEpochMilli(), "occupied", 0, "bool");
    }

    static Reading noise(int minute) {
        return new Reading("noise-1", min(minute).toEpochMilli(), Map.of("laeq", 45.0, "lmax", 50.0, "l90", 42.0),
                "dBA", Quality.GOOD, null);
    }

    static Reading park(int minute) {
        return Reading.of("park-3", min(minute).toEpochMilli(), "occupied", 1, "bool");
    }

    static DeadmanRule rule() {
        return new DeadmanRule(SITE, RuleSettings.Deadman.defaults(), START);
    }

    /** Every sensor of both gateways heard each minute from 10:00 to {@code lastMinute}. */
    static List<DeadmanEvent> heard(DeadmanRule rule, int lastMinute) {
        List<DeadmanEvent> out = new ArrayList<>();
        for (int m = 0; m <= lastMinute; m++) {
            out.addAll(rule.accept(pir(m)));
            out.addAll(rule.accept(noise(m)));
            out.addAll(rule.accept(park(m)));
        }
        return out;
    }

    /** The events about gw-01 and its sensors. */
    static List<DeadmanEvent> gw01(List<DeadmanEvent> events) {
        return events.stream().filter(e -> e instanceof SensorOffline o ? o.gateway().equals("gw-01")
                : e instanceof SensorBack b ? b.gateway().equals("gw-01")
                : e instanceof GatewayOffline g ? g.gateway().equals("gw-01")
                : ((GatewayBack) e).gateway().equals("gw-01")).toList();
    }

    @Test
    void shouldReportSilentSensorsAndTheirGatewayOfflineAfterTheHeartbeatIntervals() {
        DeadmanRule rule = rule();
        assertEquals(List.of(), heard(rule, 10));

        // Last readings at 10:10. Noise 2 min: offline at 10:12, but only once a tick says so.
        assertEquals(List.of(new SensorOffline("noise-1", "gw-01", min(12), min(10), "no good reading for PT2M")),
                gw01(rule.tick(min(14))));
        assertEquals(List.of(), gw01(rule.tick(min(14).plusSeconds(59))));
        // PIR 5 min: offline at 10:15, and with it every sensor of gw-01 is silent.
        assertEquals(List.of(new SensorOffline("pir-1", "gw-01", min(15), min(10), "no good reading for PT5M"),
                new GatewayOffline("gw-01", min(15), "all sensors silent")), gw01(rule.tick(min(16))));
    }

    @Test
    void shouldReportSensorAndGatewayBackWithAFreshReading() {
        DeadmanRule rule = rule();
        heard(rule, 10);
        rule.tick(min(20));

        assertEquals(List.of(new SensorBack("pir-1", "gw-01", min(21), min(15)),
                new GatewayBack("gw-01", min(21), min(15))), rule.accept(pir(21)));
        assertEquals(List.of(new SensorBack("noise-1", "gw-01", min(22), min(12))), rule.accept(noise(22)));
    }

    @Test
    void shouldNotBringASensorBackWithABacklogOfOldReadings() {
        DeadmanRule rule = rule();
        heard(rule, 10);
        rule.tick(min(30));

        // A reading from 10:14 delivered at 10:30 shows the uplink was down, not that the PIR lives now.
        List<DeadmanEvent> events = rule.accept(pir(14));
        assertEquals(List.of(), events.stream().filter(e -> e instanceof SensorBack).toList());
    }

    @Test
    void shouldTakeAnOfflineStatusAtOnce() {
        DeadmanRule rule = rule();
        heard(rule, 5);
        List<DeadmanEvent> events = rule.accept(Reading.status("noise-1", min(5).plusSeconds(30).toEpochMilli(),
                Quality.OFFLINE, "no level for 30 s"));
        assertEquals(List.of(new SensorOffline("noise-1", "gw-01", min(5).plusSeconds(30), min(5),
                "offline status: no level for 30 s")), events);
        // The gateway sent that status, so it is not offline; a good reading brings the sensor back.
        assertEquals(List.of(new SensorBack("noise-1", "gw-01", min(6), min(5).plusSeconds(30))), rule.accept(noise(6)));
    }

    @Test
    void shouldTakeErrorReadingsAsALiveGatewayButNotALiveSensor() {
        DeadmanRule rule = rule();
        heard(rule, 0);
        List<DeadmanEvent> events = new ArrayList<>();
        for (int m = 1; m <= 10; m++) {
            events.addAll(rule.accept(pir(m)));
            events.addAll(rule.accept(Reading.status("noise-1", min(m).toEpochMilli(), Quality.ERROR, "i2c nack")));
        }
        assertEquals(List.of(new SensorOffline("noise-1", "gw-01", min(2), min(0), "no good reading for PT2M")),
                gw01(events));
    }

    @Test
    void shouldReportAGatewayOfflineByItsStatusAndBackWhenOnline() {
        DeadmanRule rule = rule();
        heard(rule, 5);
        assertEquals(List.of(new GatewayOffline("gw-01", min(6), "status offline")),
                rule.gatewayStatus("gw-01", min(6), false));
        // Online again 30 s later (before noise-1's 2 min since 10:05 run out).
        Instant online = min(6).plusSeconds(30);
        assertEquals(List.of(new GatewayBack("gw-01", online, min(6))), rule.gatewayStatus("gw-01", online, true));
    }

    @Test
    void shouldReportANeverHeardSensorOneIntervalAfterTheStart() {
        DeadmanRule rule = rule();
        List<DeadmanEvent> events = rule.tick(min(5));
        assertEquals(List.of(new SensorOffline("noise-1", "gw-01", min(2), START, "no good reading for PT2M"),
                new SensorOffline("park-3", "gw-02", min(5), START, "no good reading for PT5M"),
                new SensorOffline("pir-1", "gw-01", min(5), START, "no good reading for PT5M"),
                new GatewayOffline("gw-01", min(5), "all sensors silent"),
                new GatewayOffline("gw-02", min(5), "all sensors silent")), events);
    }

    @Test
    void shouldContinueFromASnapshotWithoutLosingOrDuplicatingEvents() {
        DeadmanRule straight = rule();
        heard(straight, 10);
        List<DeadmanEvent> expected = new ArrayList<>(straight.tick(min(13)));
        expected.addAll(straight.tick(min(20)));
        expected.addAll(straight.accept(pir(21)));

        DeadmanRule first = rule();
        heard(first, 10);
        List<DeadmanEvent> events = new ArrayList<>(first.tick(min(13)));
        DeadmanRule restarted = DeadmanRule.restore(SITE, RuleSettings.Deadman.defaults(), first.snapshot());
        events.addAll(restarted.tick(min(20)));
        events.addAll(restarted.accept(pir(21)));

        assertEquals(expected, events);
        // noise-1 offline; pir-1, park-3, gw-01 and gw-02 offline; pir-1 and gw-01 back
        assertEquals(7, events.size());
    }
}
