package org.linli.gateway.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.testkit.Services;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.RejectReason;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;
import org.linli.wire.WireException;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.app.GatewayIT.await;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * The LAN presets end to end: a device's own JSON published on a real LAN Mosquitto, the readings
 * decoded from the batches on a real cloud Mosquitto, as the cloud will see them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class LanMappingIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String READINGS = Topics.readings("huayuan", "gw-07");

    @RegisterExtension
    static final Services services = Services.mosquitto("lan", "cloud");

    private final WireCodec codec = new WireCodec();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private GatewayApp app;

    @AfterEach
    void stopEverything() throws Exception {
        if (app != null) {
            await(app.stop());
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    @Test
    void shouldCarryEachPresetsReadingsToTheCloud(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient cloud = client(cloudUri(), "lanmap-cloud-1").subscribe(READINGS);
        MqttTestClient devices = client(lanUri(), "lanmap-devices-1");
        app = await(GatewayApp.start(vertx, config("")));

        devices.publish("zigbee2mqtt/hall-pir", "{\"occupancy\":true,\"battery\":12,\"linkquality\":120,\"voltage\":2900}");
        devices.publish("parking/bay-3", "{\"state\":\"occupied\",\"event\":\"change\",\"battery\":3.5}");
        OffsetDateTime intervalEnd = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        devices.publish("noise/slm-1", "{\"LAeq\":62.4,\"LAmin\":48.1,\"LAmax\":71.9,\"interval\":60,\"ts\":\"" + intervalEnd + "\"}");
        await(until(vertx, "a reading of each", () -> !readings(cloud, "pir-z").isEmpty()
                && !readings(cloud, "park-3").isEmpty() && !readings(cloud, "slm-1").isEmpty()));

        Reading pir = readings(cloud, "pir-z").get(0);
        assertEquals(Map.of("occupied", 1.0, "battery", 12.0, "linkquality", 120.0), pir.values());
        assertEquals(Quality.SUSPECT, pir.quality());
        assertEquals("battery low: 12 %", pir.message());
        Reading park = readings(cloud, "park-3").get(0);
        assertEquals(Map.of("occupied", 1.0, "battery", 3.5), park.values());
        assertEquals(Quality.GOOD, park.quality());
        Reading slm = readings(cloud, "slm-1").get(0);
        assertEquals(Map.of("laeq", 62.4, "lamin", 48.1, "lamax", 71.9, "interval", 60.0), slm.values());
        assertEquals("dBA", slm.unit());
        assertEquals(intervalEnd.toInstant().toEpochMilli(), slm.ts(), "stamped at the interval's end");
        test.completeNow();
    }

    @Test
    void shouldReportASilentParkingSensorOfflineOnceAndGoodWhenItComesBack(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient cloud = client(cloudUri(), "lanmap-cloud-2").subscribe(READINGS);
        MqttTestClient devices = client(lanUri(), "lanmap-devices-2");
        app = await(GatewayApp.start(vertx, config("heartbeat: 1s")));

        devices.publish("parking/bay-3", "{\"state\":\"vacant\",\"event\":\"change\"}");
        await(until(vertx, "offline after 2.5 s of silence", () -> qualities(cloud, "park-3").contains(Quality.OFFLINE)));
        devices.publish("parking/bay-3", "{\"state\":\"vacant\",\"event\":\"heartbeat\",\"battery\":3.4}");
        await(until(vertx, "good again", () -> last(qualities(cloud, "park-3")) == Quality.GOOD
                && qualities(cloud, "park-3").size() >= 3));

        List<Quality> q = qualities(cloud, "park-3");
        assertEquals(List.of(Quality.GOOD, Quality.OFFLINE, Quality.GOOD), q.subList(0, 3));
        Reading offline = readings(cloud, "park-3").get(1);
        assertTrue(offline.message().startsWith("no message for"), offline.message());
        assertEquals(Map.of("occupied", 0.0, "battery", 3.4), readings(cloud, "park-3").get(2).values());
        test.completeNow();
    }

    @Test
    void shouldSendOneErrorReadingAfterFiveMalformedPayloads(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient cloud = client(cloudUri(), "lanmap-cloud-3").subscribe(READINGS);
        MqttTestClient devices = client(lanUri(), "lanmap-devices-3");
        app = await(GatewayApp.start(vertx, config("")));

        for (int i = 0; i < 6; i++) {
            devices.publish("noise/slm-1", "{\"LAeq\":\"loud\"}");
        }
        await(until(vertx, "six refusals", () -> app.lanStats().rejected(RejectReason.BAD_FIELD) == 6));
        devices.publish("noise/slm-1", "{\"LAeq\":55.0}");
        await(until(vertx, "the good level", () -> qualities(cloud, "slm-1").contains(Quality.GOOD)));

        assertEquals(List.of(Quality.ERROR, Quality.GOOD), qualities(cloud, "slm-1"));
        assertTrue(readings(cloud, "slm-1").get(0).message().contains("bad-field"), readings(cloud, "slm-1").get(0).message());
        test.completeNow();
    }

    @Test
    void shouldRepeatAnOccupancyStateEveryStateInterval(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient cloud = client(cloudUri(), "lanmap-cloud-4").subscribe(READINGS);
        MqttTestClient devices = client(lanUri(), "lanmap-devices-4");
        app = await(GatewayApp.start(vertx, config("")));

        devices.publish("zigbee2mqtt/hall-pir", "{\"occupancy\":true,\"battery\":97}");
        devices.publish("zigbee2mqtt/hall-pir", "{\"occupancy\":true,\"battery\":97,\"linkquality\":80}");
        await(until(vertx, "the state repeated after 5 s", () -> readings(cloud, "pir-z").size() >= 2));

        List<Reading> pir = readings(cloud, "pir-z");
        assertEquals(Map.of("occupied", 1.0, "battery", 97.0, "linkquality", 80.0), pir.get(1).values(),
                "the repeat carries the latest values");
        assertTrue(pir.get(1).ts() - pir.get(0).ts() >= 5_000, "one state interval later");
        test.completeNow();
    }

    /** The example gateway with three LAN devices; {@code parkExtra} is added to the parking sensor's entry. */
    private GatewayConfig config(String parkExtra) throws Exception {
        String yaml = """
                site: huayuan
                gateway: gw-07
                gpio: mock
                lanBroker: {uri: "%s"}
                cloudBroker: {uri: "%s"}
                uplink: {maxBatchDelay: 100ms, store: memory}
                occupancy: {stateInterval: 5s}
                sensors:
                  - {id: pir-z, kind: pir, space: hall, transport: mqtt, topic: zigbee2mqtt/hall-pir, mapping: zigbee2mqtt-occupancy}
                  - {id: park-3, kind: parking, space: fire-lane-3, transport: mqtt, topic: parking/bay-3, mapping: parking-sensor%s}
                  - {id: slm-1, kind: sound-level-meter, space: plaza, transport: mqtt, topic: noise/slm-1, mapping: sound-level-meter}
                """.formatted(lanUri(), cloudUri(), parkExtra.isEmpty() ? "" : ", " + parkExtra);
        return GatewayConfigLoader.parse("gateway.yaml", yaml);
    }

    private static String lanUri() {
        return services.mosquittoProcess("lan").uri();
    }

    private static String cloudUri() {
        return services.mosquittoProcess("cloud").uri();
    }

    private MqttTestClient client(String uri, String clientId) throws Exception {
        MqttTestClient client = MqttTestClient.connect(uri, clientId, false);
        closeAfter.add(client);
        return client;
    }

    /** {@code sensor}'s readings of this boot, by timestamp. */
    private List<Reading> readings(MqttTestClient cloud, String sensor) {
        List<Reading> out = new ArrayList<>();
        for (MqttTestClient.Received r : cloud.received()) {
            if (!r.topic().equals(READINGS)) {
                continue;
            }
            ReadingBatch batch;
            try {
                batch = codec.decode(r.payload());
            } catch (WireException e) {
                throw new AssertionError("the cloud could not decode a batch: " + e.getMessage(), e);
            }
            if (batch.bootId().equals(app.bootId())) {
                batch.readings().stream().filter(x -> x.sensor().equals(sensor)).forEach(out::add);
            }
        }
        out.sort(Comparator.comparingLong(Reading::ts));
        return out;
    }

    private List<Quality> qualities(MqttTestClient cloud, String sensor) {
        return readings(cloud, sensor).stream().map(Reading::quality).toList();
    }

    private static <T> T last(List<T> list) {
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }

    private static Future<Void> until(Vertx vertx, String what, BooleanSupplier condition) {
        return eventually(vertx, what, WAIT, condition);
    }
}
