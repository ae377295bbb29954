package org.linli.gateway.counter;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.gateway.app.GatewayApp;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.gateway.testing.MutableClock;
import org.linli.testkit.Services;
import org.linli.wire.CanteenCodec;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;
import org.linli.wire.PolicyMessage;
import org.linli.wire.Topics;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.counter.CounterFixture.LUNCH;
import static org.linli.gateway.counter.CounterFixture.event;
import static org.linli.gateway.counter.CounterVerticleTest.await;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * The counter in a whole gateway against real brokers: roster and policy from the cloud (retained,
 * validated, the highest version kept), terminal events from the LAN broker, meal records to the
 * cloud; and the counter deciding on with the cloud broker stopped, its records each delivered once
 * when the broker is back.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class CounterIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SITE = "huayuan";
    private static final String GW = "gw-01";

    @RegisterExtension
    static final Services services = Services.mosquitto("lan", "cloud");

    @TempDir
    Path dir;

    private final CanteenCodec codec = new CanteenCodec();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private GatewayApp app;

    @AfterEach
    void cleanUp() throws Exception {
        if (app != null) {
            await(app.stop());
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        if (!services.mosquittoProcess("cloud").isRunning()) {
            services.mosquittoProcess("cloud").restart();
        }
        // Each test starts from a cloud that has published nothing: clear what it left retained.
        try (MqttTestClient cloud = MqttTestClient.connect(services.mosquittoProcess("cloud").uri(), "it-counter-clear", false)) {
            for (String topic : List.of(Topics.canteenRoster(SITE, GW), Topics.canteenPolicy(SITE, GW),
                    Topics.canteenClaims(SITE, GW))) {
                cloud.publish(topic, "", true);
            }
        }
    }

    private GatewayApp start(Vertx vertx, String clientSuffix) throws Exception {
        GatewayConfig config = GatewayConfigLoader.parse("counter-it.yaml", """
                site: %s
                gateway: %s
                gpio: mock
                lanBroker: {uri: '%s'}
                cloudBroker: {uri: '%s'}
                uplink: {store: memory}
                statusPage: {enabled: false}
                sensors: []
                canteen:
                  id: canteen-1
                  policy: beijing
                  ledgerPath: '%s'
                  terminals:
                    - {id: face-3, transport: network, topic: canteen/face-3/events%s}
                    - {id: card-1, transport: wiegand, format: 26, d0: 5, d1: 6, method: card}
                  outputs: {green: 20, red: 21}
                  page: {host: 127.0.0.1, port: 0}
                """.formatted(SITE, GW, services.mosquittoProcess("lan").uri(), services.mosquittoProcess("cloud").uri(),
                dir.resolve("ledger.db"), clientSuffix));
        app = await(GatewayApp.start(vertx, config, new MutableClock(LUNCH.toEpochMilli())));
        return app;
    }

    private MqttTestClient cloudPublisher(String name) throws Exception {
        MqttTestClient c = MqttTestClient.connect(services.mosquittoProcess("cloud").uri(), name, false);
        closeAfter.add(c);
        return c;
    }

    private static String preset(String id) throws Exception {
        try (InputStream in = CounterIT.class.getResourceAsStream("/org/linli/config/canteen/" + id + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldTakeRosterAndPolicyFromTheCloudDecideALanEventAndSendTheMeal(Vertx vertx) throws Exception {
        MqttTestClient cloudSide = MqttTestClient.connect(services.mosquittoProcess("cloud").uri(), "it-counter-meals-1", true)
                .subscribe(Topics.canteenMeals(SITE, GW));
        closeAfter.add(cloudSide);
        MqttTestClient cloud = cloudPublisher("it-counter-cloud-1");
        cloud.publish(Topics.canteenRoster(SITE, GW), new String(codec.encode(CounterFixture.roster(7)), StandardCharsets.UTF_8), true);
        cloud.publish(Topics.canteenPolicy(SITE, GW),
                new String(codec.encode(new PolicyMessage(3, preset("xuyi"))), StandardCharsets.UTF_8), true);

        start(vertx, "");
        CounterVerticle counter = app.counter().orElseThrow();
        await(eventually(vertx, "roster v7 and policy v3", WAIT,
                () -> counter.state().roster().version() == 7 && counter.state().policyVersion() == 3));
        assertEquals("xuyi", counter.state().policy().id());

        // A broken policy and an older roster are refused; what works stays.
        cloud.publish(Topics.canteenPolicy(SITE, GW), "{\"v\":1,\"version\":4,\"policy\":\"id: [\"}", true);
        cloud.publish(Topics.canteenRoster(SITE, GW), new String(codec.encode(CounterFixture.roster(6)), StandardCharsets.UTF_8), true);
        await(eventually(vertx, "the broken policy refused", WAIT,
                () -> app.counterStats().cloudRefused("policy/invalid-policy") == 1));
        assertEquals(3, counter.state().policyVersion());
        assertEquals(7, counter.state().roster().version());

        MqttTestClient terminal = MqttTestClient.connect(services.mosquittoProcess("lan").uri(), "it-face-3", false);
        closeAfter.add(terminal);
        terminal.publish("canteen/face-3/events", event("f3-0001", "face-3", "m-zhang", "face", true, 88));
        terminal.publish("canteen/face-3/events", "{\"eventId\":\"f3-0002\",\"terminal\":\"face-3\",\"member\":\"m-li\","
                + "\"method\":\"face\",\"matched\":true,\"score\":90,\"template\":[0.1]}");
        await(eventually(vertx, "the decision", WAIT, () -> counter.pending().size() == 1));
        await(eventually(vertx, "the face data refused", WAIT, () -> app.counterStats().refused("face-data") == 1));
        LedgerEntry pending = counter.pending().get(0);
        assertEquals("f3-0001", pending.eventId());
        assertEquals(100, pending.decision().subsidyFen(), "xuyi: 1 yuan a meal from 65");
        assertEquals(3, pending.policyVersion());

        // The cloud's claims: m-wang had lunch at canteen-2 at 11:30 today.
        cloud.publish(Topics.canteenClaims(SITE, GW), new String(codec.encode(new org.linli.wire.ClaimsMessage(
                java.time.LocalDate.of(2026, 11, 23), LUNCH.toEpochMilli(), List.of(new org.linli.wire.ClaimsMessage.Claim(
                        "m-wang", "canteen-2", "lunch", LUNCH.minusSeconds(22 * 60).toEpochMilli(), 100,
                        org.linli.config.canteen.VerificationMethod.CARD)))), StandardCharsets.UTF_8), true);
        await(eventually(vertx, "the claims", WAIT, () -> counter.state().claims() != null));
        terminal.publish("canteen/face-3/events", event("f3-0003", "face-3", "m-wang", "face", true, 90));
        await(eventually(vertx, "the second decision", WAIT, () -> counter.pending().size() == 2));
        Decision elsewhere = counter.pending().get(1).decision();
        assertEquals(ReasonCode.ALREADY_HAD_MEAL, elsewhere.reason());
        assertEquals("本时段已用餐（11:30，canteen-2）", elsewhere.zh());
        await(counter.close("f3-0003", false));

        await(counter.close("f3-0001", true));
        await(eventually(vertx, "the records on the cloud broker", WAIT, () -> records(cloudSide).size() == 2));
        MealRecord r = records(cloudSide).stream().filter(x -> x.eventId().equals("f3-0001")).findFirst().orElseThrow();
        assertEquals("f3-0001", r.eventId());
        assertEquals(MealRecord.MealStatus.SERVED, r.status());
        assertEquals("m-zhang", r.member());
        assertEquals(3, r.policyVersion());
        assertEquals(7, r.rosterVersion());
        assertFalse(r.offline());
        await(eventually(vertx, "marked sent", WAIT, () -> app.counterStats().recordsWaiting() == 0));
    }

    @Test
    void shouldKeepDecidingWithTheCloudBrokerStoppedAndDeliverEachMealOnceWhenItIsBack(Vertx vertx) throws Exception {
        MqttTestClient cloudSide = MqttTestClient.connect(services.mosquittoProcess("cloud").uri(), "it-counter-meals-2", true)
                .subscribe(Topics.canteenMeals(SITE, GW));
        closeAfter.add(cloudSide);
        MqttTestClient cloud = cloudPublisher("it-counter-cloud-2");
        cloud.publish(Topics.canteenRoster(SITE, GW), new String(codec.encode(CounterFixture.roster(8)), StandardCharsets.UTF_8), true);
        start(vertx, "");
        CounterVerticle counter = app.counter().orElseThrow();
        await(eventually(vertx, "roster v8", WAIT, () -> counter.state().roster().version() == 8));
        closeAfter.remove(cloud);
        cloud.close();

        services.mosquittoProcess("cloud").stop();
        await(eventually(vertx, "the gateway sees the cloud gone", WAIT, () -> !app.uplinkStats().connected()));
        MqttTestClient terminal = MqttTestClient.connect(services.mosquittoProcess("lan").uri(), "it-face-3b", false);
        closeAfter.add(terminal);
        List<String> members = List.of("m-zhang", "m-li", "m-wang", "m-zhao", "m-zhang");
        for (int i = 0; i < members.size(); i++) {
            terminal.publish("canteen/face-3/events", event("f3-1" + i, "face-3", members.get(i), "face", true, 90));
        }
        await(eventually(vertx, "five decisions offline", WAIT, () -> app.counterStats().decisions() == 5));
        List<LedgerEntry> open = counter.pending();
        assertEquals(5, open.size());
        assertTrue(open.stream().allMatch(LedgerEntry::offline));
        assertEquals(List.of(true, false, true, false, false),
                open.stream().map(e -> e.decision().eligible()).toList(),
                "zhang yes, li under 60, wang yes, zhao inactive, zhang again: already had lunch");
        for (LedgerEntry e : open) {
            await(counter.close(e.eventId(), e.decision().eligible()));
        }
        await(eventually(vertx, "five records waiting", WAIT, () -> app.counterStats().recordsWaiting() == 5));

        services.mosquittoProcess("cloud").restart();
        await(eventually(vertx, "every record on the cloud broker", WAIT, () -> records(cloudSide).size() >= 5));
        await(eventually(vertx, "marked sent", WAIT, () -> app.counterStats().recordsWaiting() == 0));
        Map<String, Integer> times = new HashMap<>();
        records(cloudSide).forEach(r -> times.merge(r.eventId(), 1, Integer::sum));
        assertEquals(Map.of("f3-10", 1, "f3-11", 1, "f3-12", 1, "f3-13", 1, "f3-14", 1), times, "each exactly once");
        assertTrue(records(cloudSide).stream().allMatch(MealRecord::offline));
        assertEquals(2, records(cloudSide).stream().filter(MealRecord::subsidisedAndServed).count());
    }

    private List<MealRecord> records(MqttTestClient cloudSide) {
        List<MealRecord> out = new ArrayList<>();
        for (MqttTestClient.Received r : cloudSide.received()) {
            try {
                MealBatch batch = codec.decodeMeals(r.payload());
                assertEquals(SITE, batch.site());
                out.addAll(batch.records());
            } catch (org.linli.wire.WireException e) {
                throw new AssertionError("a meal batch the cloud cannot read: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
