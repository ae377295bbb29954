package org.linli.gateway.status;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.linli.gateway.lan.LanStats;
import org.linli.gateway.uplink.UplinkStats;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.testing.Eventually.eventually;

/** The status verticle on a free port, fed through a real {@link ReadingTap} with no uplink behind it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class StatusVerticleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<Reading> uplinked = new CopyOnWriteArrayList<>();
    private final ReadingTap tap = ReadingTap.consuming(uplinked::add);
    private StatusVerticle page;
    private HttpClient http;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
        page = new StatusVerticle(CommissioningRunTest.config(), "boot-1", tap, new UplinkStats(), new LanStats(), true,
                (topic, payload) -> Future.succeededFuture(), dir, Clock.systemUTC(), Duration.ofSeconds(30));
        http = vertx.createHttpClient();
        vertx.deployVerticle(page).onComplete(test.succeedingThenComplete());
    }

    @Test
    void shouldListEverySensorOnTheChinesePageWithEscapedText(Vertx vertx, VertxTestContext test) {
        tap.accept(Reading.status("pir-1", System.currentTimeMillis(), Quality.ERROR, "<script>alert(1)</script>"));

        eventually(vertx, "the reading", WAIT, () -> uplinked.size() == 1)
                .compose(v -> getUntil(vertx, "/", "alert(1)", 100))
                .onComplete(test.succeeding(body -> test.verify(() -> {
                    assertTrue(body.contains("<html lang=\"zh-CN\">"), body);
                    assertTrue(body.contains("name=\"viewport\""));
                    assertTrue(body.contains("<tr id=\"s-pir-1\">") && body.contains("<tr id=\"s-park-3\">"), body);
                    assertTrue(body.contains("gpio BCM 17") && body.contains("mqtt sensors/park-3"), body);
                    assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), body);
                    assertFalse(body.contains("<script>alert(1)"), "a sensor's message is never markup");
                    assertTrue(body.contains("检查接线"));
                    test.completeNow();
                })));
    }

    @Test
    void shouldSwitchToEnglish(VertxTestContext test) {
        get("/?lang=en").onComplete(test.succeeding(body -> test.verify(() -> {
            assertTrue(body.contains("<html lang=\"en\">"));
            assertTrue(body.contains("Check wiring"));
            test.completeNow();
        })));
    }

    @Test
    void shouldServeTheSameStatusAsJson(Vertx vertx, VertxTestContext test) {
        tap.accept(Reading.of("park-3", System.currentTimeMillis(), "occupied", 1, "bool"));

        eventually(vertx, "the reading", WAIT, () -> uplinked.size() == 1)
                .compose(v -> getUntil(vertx, "/api/status", "\"occupied\"", 100))
                .onComplete(test.succeeding(body -> test.verify(() -> {
                    JsonObject s = new JsonObject(body);
                    assertEquals("gw-01", s.getString("gateway"));
                    assertEquals("boot-1", s.getString("bootId"));
                    JsonObject park = s.getJsonArray("sensors").getJsonObject(1);
                    assertEquals("park-3", park.getString("id"));
                    assertEquals(1.0, park.getJsonObject("latest").getJsonObject("values").getDouble("occupied"));
                    assertEquals("tcp://127.0.0.1:18830", s.getJsonObject("cloud").getString("broker"));
                    assertFalse(body.contains("password"), "no secret on the page");
                    test.completeNow();
                })));
    }

    @Test
    void shouldPushAReadingMadeAfterConnectingToTheEventStream(Vertx vertx, VertxTestContext test) {
        StringBuilder stream = new StringBuilder();
        http.request(HttpMethod.GET, page.port(), "127.0.0.1", "/events")
                .compose(req -> req.send())
                .compose(res -> {
                    assertEquals("text/event-stream; charset=utf-8", res.getHeader("Content-Type"));
                    res.handler(b -> {
                        synchronized (stream) {
                            stream.append(b.toString());
                        }
                    });
                    tap.accept(Reading.of("pir-1", System.currentTimeMillis(), "occupied", 1, "bool"));
                    return eventually(vertx, "the reading event", WAIT, () -> {
                        synchronized (stream) {
                            return stream.toString().contains("event: reading\ndata: {\"id\":\"pir-1\"");
                        }
                    });
                })
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void shouldSeeASensorThatReportsWithinTheCheckWindow(Vertx vertx, VertxTestContext test) {
        post("/api/check/pir-1")
                .compose(res -> {
                    assertEquals(202, res.statusCode());
                    return status("pir-1");
                })
                .compose(check -> {
                    assertEquals("WAITING", check.getString("state"));
                    tap.accept(Reading.of("pir-1", System.currentTimeMillis(), "occupied", 1, "bool"));
                    // The page takes the reading on its own context: poll until it has.
                    return statusUntil(vertx, "pir-1", "SEEN", 100);
                })
                .onComplete(test.succeeding(check -> test.verify(() -> {
                    assertEquals("SEEN", check.getString("state"));
                    test.completeNow();
                })));
    }

    @Test
    void shouldRefuseACheckOfAnUnknownSensor(VertxTestContext test) {
        post("/api/check/ghost").onComplete(test.succeeding(res -> test.verify(() -> {
            assertEquals(404, res.statusCode());
            test.completeNow();
        })));
    }

    private Future<JsonObject> statusUntil(Vertx vertx, String sensor, String state, int tries) {
        return status(sensor).compose(check -> {
            if (state.equals(check.getString("state")) || tries == 0) {
                return Future.succeededFuture(check);
            }
            io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
            vertx.setTimer(20, id -> later.complete());
            return later.future().compose(v -> statusUntil(vertx, sensor, state, tries - 1));
        });
    }

    private Future<JsonObject> status(String sensor) {
        return get("/api/status").map(body -> {
            JsonObject s = new JsonObject(body);
            for (int i = 0; i < s.getJsonArray("sensors").size(); i++) {
                JsonObject x = s.getJsonArray("sensors").getJsonObject(i);
                if (x.getString("id").equals(sensor)) {
                    return x.getJsonObject("check");
                }
            }
            throw new AssertionError("no row for " + sensor);
        });
    }

    /** GETs {@code path} until the body contains {@code text} (the page takes readings on its own context). */
    private Future<String> getUntil(Vertx vertx, String path, String text, int tries) {
        return get(path).compose(body -> {
            if (body.contains(text) || tries == 0) {
                return Future.succeededFuture(body);
            }
            io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
            vertx.setTimer(20, id -> later.complete());
            return later.future().compose(v -> getUntil(vertx, path, text, tries - 1));
        });
    }

    private Future<String> get(String path) {
        return http.request(HttpMethod.GET, page.port(), "127.0.0.1", path)
                .compose(req -> req.send())
                .compose(HttpClientResponse::body)
                .map(Buffer::toString);
    }

    private Future<HttpClientResponse> post(String path) {
        return http.request(HttpMethod.POST, page.port(), "127.0.0.1", path)
                .compose(req -> req.send())
                .compose(res -> res.body().map(b -> res));
    }
}
