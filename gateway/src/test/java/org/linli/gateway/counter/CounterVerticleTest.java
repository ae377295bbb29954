package org.linli.gateway.counter;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.linli.gateway.testing.MutableClock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.counter.CounterFixture.LUNCH;
import static org.linli.gateway.counter.CounterFixture.SHANGHAI;
import static org.linli.gateway.counter.CounterFixture.event;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * The counter end to end on one machine, without the cloud: a network event over HTTP is decided,
 * written to the ledger, pushed on the display's stream and lit on the (mock) lights; the staff close
 * it; a second claim in the window is refused with the time of the first; repeats, face data and
 * foreign origins make no decision.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class CounterVerticleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(LUNCH.toEpochMilli());
    private CounterRig rig;

    private CounterRig start(Vertx vertx) throws Exception {
        Path ledger = dir.resolve("ledger.db");
        CounterRig.seedRoster(ledger, 7);
        rig = new CounterRig(vertx, clock, ledger);
        return await(rig.start());
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            await(rig.stop());
        }
    }

    @Test
    void shouldDecideANetworkEventWriteItAndShowItOnTheStreamAndTheLights(Vertx vertx) throws Exception {
        start(vertx);
        await(rig.openStream());
        java.util.List<com.pi4j.io.gpio.digital.DigitalState> buzzer = new java.util.concurrent.CopyOnWriteArrayList<>();
        rig.output("buzzer").addListener(e -> buzzer.add(e.state()));

        CounterRig.Answer a = await(rig.event(event("t2-0001", "face-2", "m-zhang", "face", true, 91)));

        assertEquals(201, a.status(), a.body().encode());
        assertTrue(a.body().getBoolean("eligible"));
        assertEquals("张*华", a.body().getString("name"));
        assertEquals("午餐补贴 5.00 元，应付 10.00 元", a.body().getString("text"));
        assertEquals("10.00", a.body().getString("pay"));
        assertEquals("60 周岁以上", a.body().getString("tierText"));
        assertEquals("pending", a.body().getString("status"));
        assertFalse(a.body().encode().contains("m-zhang"), "the page never shows the member id");
        try (Ledger ledger = new Ledger(rig.settings.ledgerPath(), SHANGHAI)) {
            ledger.open();
            assertEquals(LedgerEntry.Status.PENDING, ledger.find("t2-0001").orElseThrow().status(), "on disk first");
        }
        await(eventually(vertx, "the decision on the stream", WAIT,
                () -> rig.stream.toString().contains("event: decision\ndata: {\"eventId\":\"t2-0001\"")));
        await(eventually(vertx, "the green light", WAIT, () -> rig.lit("green")));
        assertFalse(rig.lit("red"));
        await(eventually(vertx, "one beep", WAIT, () -> buzzer.size() == 2));
        assertEquals(java.util.List.of(com.pi4j.io.gpio.digital.DigitalState.HIGH, com.pi4j.io.gpio.digital.DigitalState.LOW),
                buzzer, "on, then off again");

        CounterRig.Answer served = await(rig.staff("t2-0001", "serve"));
        assertEquals(200, served.status(), served.body().encode());
        assertEquals("served", served.body().getString("status"));
        await(eventually(vertx, "the close on the stream and the light out", WAIT,
                () -> rig.stream.toString().contains("event: closed") && !rig.lit("green")));
        assertEquals(1, rig.stats.served());
    }

    @Test
    void shouldRefuseASecondClaimInTheSameWindowWithTheTimeOfTheFirst(Vertx vertx) throws Exception {
        start(vertx);
        await(rig.event(event("t2-0001", "face-2", "m-zhang", "face", true, 91)));
        await(rig.staff("t2-0001", "serve"));
        clock.advance(Duration.ofMinutes(20).toMillis());

        CounterRig.Answer again = await(rig.event(event("t2-0002", "face-2", "m-zhang", "face", true, 95)));

        assertEquals(201, again.status());
        assertFalse(again.body().getBoolean("eligible"));
        assertEquals("already-had-meal", again.body().getString("reason"));
        assertEquals("本时段已用餐（11:52）", again.body().getString("text"));
        assertEquals("already had lunch at 11:52", again.body().getString("textEn"));
        assertEquals("15.00", again.body().getString("pay"), "full price");
        await(eventually(vertx, "the red light", WAIT, () -> rig.lit("red")));
        assertFalse(rig.lit("green"));
    }

    @Test
    void shouldCountAPendingMealAgainstASecondAttemptUntilItIsCancelled(Vertx vertx) throws Exception {
        start(vertx);
        await(rig.event(event("t2-0001", "face-2", "m-zhang", "face", true, 91)));

        assertEquals("already-had-meal",
                await(rig.event(event("t2-0002", "face-2", "m-zhang", "face", true, 91))).body().getString("reason"));
        await(rig.staff("t2-0001", "cancel"));
        assertTrue(await(rig.event(event("t2-0003", "face-2", "m-zhang", "face", true, 91))).body().getBoolean("eligible"),
                "a cancelled meal was never served");
    }

    @Test
    void shouldAnswerARepeatedEventWithTheStoredDecision(Vertx vertx) throws Exception {
        start(vertx);
        CounterRig.Answer first = await(rig.event(event("t2-0001", "face-2", "m-zhang", "face", true, 91)));
        clock.advance(Duration.ofHours(3).toMillis()); // outside lunch now: a new decision would differ

        CounterRig.Answer repeat = await(rig.event(event("t2-0001", "face-2", "m-zhang", "face", true, 91)));

        assertEquals(201, first.status());
        assertEquals(200, repeat.status());
        assertTrue(repeat.body().getBoolean("repeat"));
        assertEquals(first.body().put("repeat", true), repeat.body());
        assertEquals(1, rig.stats.decisions());
        assertEquals(1, rig.stats.repeats());
        assertEquals(1, rig.counter.pending().size());
    }

    @Test
    void shouldRefuseAnEventWithFaceDataAndDecideNothing(Vertx vertx) throws Exception {
        start(vertx);
        String withFace = event("t2-0001", "face-2", "m-zhang", "face", true, 91)
                .replace("}", ",\"extra\":{\"faceImage\":\"/9j/4AAQSkZJRg\"}}");

        CounterRig.Answer a = await(rig.event(withFace));

        assertEquals(422, a.status());
        assertEquals("face-data", a.body().getString("error"));
        assertTrue(a.body().getString("detail").startsWith("extra.faceImage"), a.body().getString("detail"));
        assertEquals(1, rig.stats.refused("face-data"));
        assertEquals(0, rig.stats.decisions());
        assertTrue(rig.counter.latest().isEmpty());
    }

    @Test
    void shouldRefuseAnUnknownTerminalAndAWiegandTerminalPostingJson(Vertx vertx) throws Exception {
        start(vertx);

        assertEquals(422, await(rig.event(event("x-1", "face-9", "m-zhang", "face", true, 91))).status());
        assertEquals(422, await(rig.event(event("x-2", "card-1", "m-zhang", "card", true, 0))).status());
        assertEquals(2, rig.stats.refused("unknown-terminal"));
        assertEquals(0, rig.stats.decisions());
    }

    @Test
    void shouldRefuseChangesFromAnotherOrigin(Vertx vertx) throws Exception {
        start(vertx);
        await(rig.event(event("t2-0001", "face-2", "m-zhang", "face", true, 91)));
        MultiMap foreign = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
                .add("Origin", "http://evil.example");

        assertEquals(403, await(rig.post("/counter/events", event("t2-0002", "face-2", "m-li", "face", true, 91), foreign)).status());
        assertEquals(403, await(rig.post("/counter/decisions/t2-0001/serve", null,
                MultiMap.caseInsensitiveMultiMap().add(CounterPageVerticle.STAFF_HEADER, "staff")
                        .add("Sec-Fetch-Site", "cross-site"))).status());
        assertEquals(403, await(rig.post("/counter/decisions/t2-0001/serve", null, MultiMap.caseInsensitiveMultiMap())).status(),
                "a plain form post cannot serve a meal");
        assertEquals(415, await(rig.post("/counter/events", event("t2-0003", "face-2", "m-li", "face", true, 91),
                MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain"))).status());
        assertEquals(1, rig.counter.pending().size(), "still only the first decision, still pending");
        assertEquals(200, await(rig.post("/counter/decisions/t2-0001/serve", null, MultiMap.caseInsensitiveMultiMap()
                .add(CounterPageVerticle.STAFF_HEADER, "staff").add("Origin", "http://127.0.0.1:" + rig.page.port())))
                .status(), "the page's own origin may");
    }

    @Test
    void shouldAnswerTheNextRequestOnAConnectionWhoseLastRequestWasRefused(Vertx vertx) throws Exception {
        start(vertx);
        // One connection, kept alive: the refused request's body must not be left unread on it.
        rig.http = vertx.createHttpClient(new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1));
        MultiMap foreign = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
                .add("Origin", "http://evil.example");

        for (int i = 1; i <= 3; i++) {
            assertEquals(403, await(rig.post("/counter/events", event("t3-000" + i, "face-2", "m-li", "face", true, 91),
                    foreign)).status());
        }
        assertEquals(201, await(rig.event(event("t3-0009", "face-2", "m-li", "face", true, 91))).status(),
                "the same connection still answers");
    }

    @Test
    void shouldKeepAPendingDecisionAcrossARestartForTheStaffToClose(Vertx vertx) throws Exception {
        start(vertx);
        await(rig.event(event("t2-0001", "face-2", "m-zhang", "face", true, 91)));
        await(rig.stop());
        rig = new CounterRig(vertx, clock, rig.settings.ledgerPath());
        await(rig.start());

        JsonObject state = await(rig.state());
        assertEquals(1, state.getJsonArray("pending").size());
        assertEquals("t2-0001", state.getJsonArray("pending").getJsonObject(0).getString("eventId"));
        assertEquals(7, state.getJsonObject("roster").getLong("version"), "the cached roster");
        assertEquals(200, await(rig.staff("t2-0001", "serve")).status());
        assertEquals(200, await(rig.staff("t2-0001", "serve")).status(), "the same close twice is harmless");
        assertEquals(409, await(rig.staff("t2-0001", "cancel")).status());
        assertEquals(404, await(rig.staff("t2-9999", "cancel")).status());
        assertEquals("already-had-meal",
                await(rig.event(event("t2-0002", "face-2", "m-zhang", "face", true, 91))).body().getString("reason"));
    }

    static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(40, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }
}
