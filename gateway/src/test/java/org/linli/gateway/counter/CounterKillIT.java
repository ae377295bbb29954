package org.linli.gateway.counter;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.testkit.Services;
import org.linli.wire.CanteenCodec;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;
import org.linli.wire.Topics;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.counter.CounterFixture.event;
import static org.linli.gateway.counter.CounterVerticleTest.await;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * kill -9 of the gateway (the shaded jar in its own JVM) between a decision and the staff's confirm:
 * after the restart the decision is still pending and shown, a terminal's retry gets the stored
 * decision, a second attempt is refused, and the cloud receives exactly one subsidised meal.
 *
 * <p>The jar runs on the system clock, so the site's zone is chosen to make it lunch time now
 * (the hour's offset that puts the local time between 12:00 and 12:59).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class CounterKillIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path JAR = Path.of("target", "linli-gateway.jar");
    private static final Path WORK = Path.of("target", "it-counter-kill");
    private static final String SITE = "huayuan";
    private static final String GW = "gw-07";

    @RegisterExtension
    static final Services services = Services.mosquitto("lan", "cloud");

    private final CanteenCodec codec = new CanteenCodec();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final List<Process> gateways = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : gateways) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    @Test
    void shouldNeitherLoseNorDoubleAMealWhenTheGatewayIsKilledBetweenDecisionAndConfirm(Vertx vertx) throws Exception {
        Files.createDirectories(WORK);
        Path ledger = WORK.resolve("ledger.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(ledger + suffix));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int utcHour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        ZoneOffset lunchNow = ZoneOffset.ofHours(12 - utcHour);
        Path config = WORK.resolve("gateway.yaml");
        Files.writeString(config, """
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
                  zone: '%s'
                  ledgerPath: '%s'
                  terminals:
                    - {id: face-2, transport: network}
                  page: {host: 127.0.0.1, port: %d}
                """.formatted(SITE, GW, services.mosquittoProcess("lan").uri(), services.mosquittoProcess("cloud").uri(),
                lunchNow.getId(), ledger, port), StandardCharsets.UTF_8);
        MqttTestClient cloudSide = MqttTestClient.connect(services.mosquittoProcess("cloud").uri(), "it-kill-meals", true)
                .subscribe(Topics.canteenMeals(SITE, GW));
        closeAfter.add(cloudSide);
        MqttTestClient cloud = MqttTestClient.connect(services.mosquittoProcess("cloud").uri(), "it-kill-cloud", false);
        closeAfter.add(cloud);
        cloud.publish(Topics.canteenRoster(SITE, GW), new String(codec.encode(CounterFixture.roster(7)), StandardCharsets.UTF_8), true);
        HttpClient http = vertx.createHttpClient();

        Path firstLog = WORK.resolve("gateway-1.log");
        Process first = start(config, firstLog);
        await(eventually(vertx, "the roster in use", WAIT, () -> logged(firstLog, "roster v7 in use")));
        JsonObject decided = post(http, port, "/counter/events", event("k-0001", "face-2", "m-zhang", "face", true, 93), true);
        assertEquals(201, decided.getInteger("status"), decided.encode());
        assertTrue(decided.getBoolean("eligible"), decided.encode());
        first.destroyForcibly(); // SIGKILL: the decision is on disk, the staff have not confirmed
        first.waitFor();

        Path secondLog = WORK.resolve("gateway-2.log");
        start(config, secondLog);
        await(eventually(vertx, "the counter again", WAIT, () -> logged(secondLog, "counter page on")));
        JsonObject state = get(http, port, "/counter/api/state");
        assertEquals(1, state.getJsonArray("pending").size(), state.encode());
        assertEquals("k-0001", state.getJsonArray("pending").getJsonObject(0).getString("eventId"));

        JsonObject retry = post(http, port, "/counter/events", event("k-0001", "face-2", "m-zhang", "face", true, 93), true);
        assertEquals(200, retry.getInteger("status"), "the terminal's retry: the stored decision");
        assertTrue(retry.getBoolean("repeat"));
        JsonObject second = post(http, port, "/counter/events", event("k-0002", "face-2", "m-zhang", "face", true, 93), true);
        assertEquals("already-had-meal", second.getString("reason"), second.encode());
        assertEquals(200, post(http, port, "/counter/decisions/k-0001/serve", null, false).getInteger("status"));
        assertEquals(200, post(http, port, "/counter/decisions/k-0002/cancel", null, false).getInteger("status"));

        await(eventually(vertx, "both records on the cloud broker", WAIT, () -> records(cloudSide).size() >= 2));
        List<MealRecord> records = records(cloudSide);
        assertEquals(1, records.stream().filter(r -> r.eventId().equals("k-0001")).count(), records.toString());
        assertEquals(1, records.stream().filter(MealRecord::subsidisedAndServed).count(), "exactly one subsidised meal");
        MealRecord meal = records.stream().filter(MealRecord::subsidisedAndServed).findFirst().orElseThrow();
        assertEquals("m-zhang", meal.member());
        assertEquals(500, meal.subsidyFen());
        await(http.close());
    }

    private JsonObject post(HttpClient http, int port, String path, String body, boolean json) throws Exception {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI(path);
        if (json) {
            o.addHeader("Content-Type", "application/json");
        } else {
            o.addHeader(CounterPageVerticle.STAFF_HEADER, "staff");
        }
        return await(http.request(o).compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
                .compose(res -> res.body().map(b -> b.toJsonObject().put("status", res.statusCode()))));
    }

    private JsonObject get(HttpClient http, int port, String path) throws Exception {
        return await(http.request(HttpMethod.GET, port, "127.0.0.1", path).compose(req -> req.send())
                .compose(res -> res.body()).map(Buffer::toJsonObject));
    }

    private List<MealRecord> records(MqttTestClient cloudSide) {
        List<MealRecord> out = new ArrayList<>();
        for (MqttTestClient.Received r : cloudSide.received()) {
            try {
                MealBatch batch = codec.decodeMeals(r.payload());
                out.addAll(batch.records());
            } catch (org.linli.wire.WireException e) {
                throw new AssertionError(e.getMessage(), e);
            }
        }
        return out;
    }

    private Process start(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-jar", JAR.toString(), config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        gateways.add(p);
        return p;
    }

    private static boolean logged(Path log, String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
