package org.linli.cloud.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.linli.cloud.ingest.LatestReadings;
import org.linli.cloud.ingest.ReadingPoint;
import org.linli.wire.Quality;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web side's security against the running cloud (in-process, in-memory database, the two-grid site):
 * what an anonymous caller, a wrong password, a grid worker reaching for another grid or for an admin API,
 * a forged request, stored markup, SQL in a filter, a path out of the assets, and an oversize body get.
 */
@Timeout(120)
class WebSecurityIT {
    private static final String ADMIN_PASSWORD = "first-admin-" + System.nanoTime();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedServer server;
    private static URI base;
    private static WebClient admin;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("linli-web-it");
        Path passwordFile = dir.resolve("admin-password");
        Files.writeString(passwordFile, ADMIN_PASSWORD + "\n");
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", TwoGridSite.file().toString());
        // No broker or InfluxDB: the cloud keeps trying them and serves its pages anyway.
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-web-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("linli.auth.admin-password-file", passwordFile.toString());
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        base = TestUsers.base(server);
        admin = WebClient.login(base, "admin", ADMIN_PASSWORD);
        long now = System.currentTimeMillis();
        server.getApplicationContext().getBean(LatestReadings.class).update(List.of(
                point("gw-01", "pir-1", "plaza-east", "g1-1", now),
                point("gw-01", "pir-west", "plaza-west", "g1-2", now),
                point("gw-02", "pir-north", "green-north", "g2-1", now)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.getApplicationContext().close();
        }
        Files.deleteIfExists(dir.resolve("admin-password"));
        Files.deleteIfExists(dir);
    }

    static ReadingPoint point(String gateway, String sensor, String space, String grid, long ts) {
        return new ReadingPoint("occupancy", "huayuan", gateway, sensor, space, grid, ts, Map.of("occupied", 1.0), "bool",
                Quality.GOOD, null, 1);
    }

    private static String unique(String prefix) {
        return prefix + NEXT.incrementAndGet();
    }

    private static WebClient worker() {
        return TestUsers.loginAs(server, unique("worker"), Role.GRID_WORKER, "g1-1");
    }

    @Test
    void shouldRefuseEveryApiToAnAnonymousCallerWith401() {
        WebClient anonymous = WebClient.anonymous(base);
        for (String path : List.of("/api/readings/latest", "/api/devices", "/api/devices/commissioning", "/api/spaces/live",
                "/api/spaces/plaza-east", "/api/ingest/stats", "/api/users", "/api/me", "/api/auth/stats")) {
            assertEquals(401, anonymous.get(path).statusCode(), path);
        }
        assertEquals(401, anonymous.postJson("/api/users", "{}", null).statusCode());
    }

    @Test
    void shouldSendAnAnonymousPageVisitToTheLoginPage() {
        HttpResponse<String> r = WebClient.anonymous(base).getPage("/devices");
        assertEquals(303, r.statusCode());
        assertEquals("/login", r.headers().firstValue("Location").orElse(""));
        assertEquals(200, WebClient.anonymous(base).getPage("/login").statusCode());
    }

    @Test
    void shouldKeepHealthOutsideTheLogin() {
        int status = WebClient.anonymous(base).get("/health").statusCode();
        assertTrue(status == 200 || status == 503, "health answers (DOWN without broker), not 401: " + status);
    }

    @Test
    void shouldRefuseAWrongPasswordAndAnUnknownUser() {
        String name = unique("pw");
        TestUsers.create(server, name, name, Role.GRID_WORKER, "g1-1");
        HttpResponse<String> wrong = WebClient.tryLogin(base, name, "not-the-password");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty(), "no session for a wrong password");
        assertEquals(401, WebClient.tryLogin(base, "nobody-" + name, "whatever-password").statusCode());
    }

    @Test
    void shouldThrottleLoginsAfterFiveFailuresEvenWithTheRightPassword() {
        String name = unique("throttled");
        String password = TestUsers.create(server, name, name, Role.GRID_WORKER, "g1-1");
        long lockoutsBefore = admin.getJson("/api/auth/stats").get("lockouts").asLong();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, WebClient.tryLogin(base, name, "wrong-" + i).statusCode());
        }
        HttpResponse<String> locked = WebClient.tryLogin(base, name, password);
        assertEquals(429, locked.statusCode(), locked.body());
        long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(lockoutsBefore + 1, admin.getJson("/api/auth/stats").get("lockouts").asLong(), "the lock is counted");
    }

    @Test
    void shouldSetTheSessionCookieHttpOnlyAndSameSiteStrict() {
        String name = unique("cookie");
        String password = TestUsers.create(server, name, name, Role.GRID_WORKER, "g1-1");
        String setCookie = WebClient.tryLogin(base, name, password).headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("LINLI_SESSION="), setCookie);
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("; httponly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/"), setCookie);
    }

    @Test
    void shouldShowAGridWorkerOnlyTheirOwnGrid() {
        WebClient li = worker();
        JsonNode readings = li.getJson("/api/readings/latest");
        assertEquals(1, readings.size(), readings.toString());
        assertEquals("pir-1", readings.get(0).get("sensor").asText());
        JsonNode spaces = li.getJson("/api/spaces/live");
        assertEquals(List.of("plaza-east", "fire-lane-3"), spaces.findValuesAsText("space"));
        JsonNode devices = li.getJson("/api/devices");
        assertEquals(1, devices.size(), "only gw-01 has a sensor in g1-1");
        assertEquals(List.of("pir-1", "park-3"), devices.get(0).get("sensors").findValuesAsText("sensor"));
    }

    @Test
    void shouldRefuseAGridWorkerAnotherGridsResourceWith403() {
        WebClient li = worker();
        assertEquals(200, li.get("/api/spaces/plaza-east").statusCode());
        assertEquals(403, li.get("/api/spaces/plaza-west").statusCode(), "a sibling grid's space");
        assertEquals(403, li.get("/api/spaces/green-north").statusCode(), "another area's space");
        assertEquals(403, li.get("/api/readings/latest?grid=g1-2").statusCode());
        assertEquals(403, li.get("/api/devices?grid=g1").statusCode(), "the parent grid");
    }

    @Test
    void shouldLetAGridHeadSeeTheGridsBelowButNoOtherArea() {
        WebClient head = TestUsers.loginAs(server, unique("head"), Role.GRID_HEAD, "g1");
        assertEquals(200, head.get("/api/spaces/plaza-west").statusCode());
        assertEquals(403, head.get("/api/spaces/green-north").statusCode());
        assertEquals(List.of("pir-1", "pir-west"), head.getJson("/api/readings/latest").findValuesAsText("sensor"));
    }

    @Test
    void shouldRefuseAdminApisToAGridWorkerWith403() {
        WebClient li = worker();
        long forbiddenBefore = admin.getJson("/api/auth/stats").get("refusedRequests").path("forbidden").asLong();
        assertEquals(403, li.get("/api/users").statusCode());
        assertEquals(403, li.get("/api/ingest/stats").statusCode());
        assertEquals(403, li.get("/api/auth/stats").statusCode());
        String escalate = "{\"username\":\"" + unique("evil") + "\",\"password\":\"long-enough-password\",\"role\":\"COMMUNITY_ADMIN\"}";
        assertEquals(403, li.postJson("/api/users", escalate).statusCode(), "with a valid CSRF token, still no");
        assertEquals(403, li.getPage("/canteen").statusCode(), "a page of another role");
        assertTrue(admin.getJson("/api/auth/stats").get("refusedRequests").path("forbidden").asLong() >= forbiddenBefore + 5,
                "the refusals are counted");
    }

    @Test
    void shouldRefuseAStateChangingRequestWithoutAValidCsrfToken() {
        WebClient other = worker();
        String name = unique("csrf");
        String body = "{\"username\":\"" + name + "\",\"password\":\"long-enough-password\",\"role\":\"GRID_WORKER\",\"scope\":\"g1-1\"}";
        assertEquals(403, admin.postJson("/api/users", body, null).statusCode(), "no token");
        assertEquals(403, admin.postJson("/api/users", body, "forged").statusCode(), "a made-up token");
        assertEquals(403, admin.postJson("/api/users", body, other.csrfToken()).statusCode(), "another session's token");
        assertEquals(403, WebClient.send(admin.request("/logout").POST(HttpRequest.BodyPublishers.noBody())).statusCode(),
                "a forged logout");
        assertFalse(admin.get("/api/users").body().contains(name), "nothing was created");
        assertEquals(201, admin.postJson("/api/users", body).statusCode(), "with the token it works");
    }

    @Test
    void shouldRefuseAPostFromAnotherSitesPage() {
        HttpResponse<String> r = WebClient.send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("Origin", "http://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")));
        assertEquals(403, r.statusCode());
        assertTrue(r.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void shouldEscapeAStoredDisplayNameOnThePages() {
        String name = unique("xss");
        String evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        String body = "{\"username\":\"" + name + "\",\"displayName\":\"" + evil.replace("\"", "\\\"")
                + "\",\"password\":\"long-enough-password\",\"role\":\"GRID_WORKER\",\"scope\":\"g1-1\"}";
        assertEquals(201, admin.postJson("/api/users", body).statusCode());
        WebClient victim = WebClient.login(base, name, "long-enough-password");
        for (String page : List.of("/devices", "/spaces", "/tickets")) {
            HttpResponse<String> r = victim.getPage(page);
            assertEquals(200, r.statusCode(), page);
            assertFalse(r.body().contains("<script>alert(1)"), page);
            assertFalse(r.body().contains("<img src=x"), page);
            assertTrue(r.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"), page);
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"), page);
        }
    }

    @Test
    void shouldAnswerSqlInFiltersWith400AndNeverShowOtherGrids() {
        WebClient li = worker();
        for (String path : List.of("/api/readings/latest?grid=%27%20OR%201%3D1%20--", "/api/spaces/live?grid=g1-1%27%20OR%20%271%27%3D%271",
                "/api/devices?grid=g1-1%3B%20DROP%20TABLE%20users%3B--")) {
            HttpResponse<String> r = li.get(path);
            assertEquals(400, r.statusCode(), path);
            assertFalse(r.body().contains("pir-west") || r.body().contains("plaza-west"), path);
        }
        assertEquals(400, admin.get("/api/users?role=%27%20OR%201%3D1%20--").statusCode());
        assertTrue(admin.get("/api/users").body().contains("\"admin\""), "the users table is still there");
    }

    @Test
    void shouldRefusePathsOutOfTheAssetsAndThePhotos() {
        WebClient li = worker();
        assertEquals(200, li.get("/assets/app.js").statusCode());
        for (String path : List.of("/assets/../application.yml", "/assets/%2e%2e/application.yml",
                "/assets/..%2fapplication.yml", "/assets/echarts/..%2F..%2F..%2F..%2F..%2Fapplication.yml",
                "/assets/%2e%2e%2f%2e%2e%2flogback.xml", "/assets/....//application.yml")) {
            HttpResponse<String> r = li.get(path);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 403 || r.statusCode() == 404, path + " answered " + r.statusCode());
            assertFalse(r.body().contains("datasources") || r.body().contains("<configuration"), path);
        }
        // the other download whose path names a file: a ticket's photo (the file name comes from the database)
        java.time.Instant start = java.time.Instant.parse("2026-11-20T11:35:00Z");
        server.getApplicationContext().getBean(org.linli.cloud.tickets.TicketOpener.class).noise(
                new org.linli.cloud.rules.NoiseEvent.EpisodeStarted("plaza-east", start, start.plusSeconds(300),
                        org.linli.cloud.rules.NoiseEvent.Reason.OVER_LIMIT, 55.0, 71.0));
        long ticket = server.getApplicationContext().getBean(org.linli.cloud.tickets.TicketStore.class)
                .find("plaza-east", org.linli.cloud.tickets.TicketKind.NOISE, start.toString()).orElseThrow().id();
        String photos = "/api/tickets/" + ticket + "/photos";
        assertEquals(200, li.get(photos).statusCode(), "the route is there");
        for (String path : List.of(photos + "/..%2f..%2fapplication.yml", photos + "/%2e%2e%2f%2e%2e%2flogback.xml",
                photos + "/%2e%2e", photos + "/1%2f..%2f..%2fapplication.yml", photos + "/1%00.jpg")) {
            HttpResponse<String> r = li.get(path);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 403 || r.statusCode() == 404, path + " answered " + r.statusCode());
            assertFalse(r.body().contains("datasources") || r.body().contains("<configuration"), path);
        }
    }

    @Test
    void shouldRefuseAnOversizeJsonBodyWith413() {
        String big = "{\"username\":\"big\",\"displayName\":\"" + "x".repeat(300_000) + "\"}";
        HttpResponse<String> r = admin.postJson("/api/users", big);
        assertEquals(413, r.statusCode());
        assertEquals(413, WebClient.anonymous(base).postJson("/login", big, null).statusCode(), "before any login");
    }

    @Test
    void shouldRefuseTheSessionAfterLogout() {
        WebClient li = worker();
        HttpResponse<String> out = WebClient.send(li.request("/logout").header("X-CSRF-Token", li.csrfToken())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, out.statusCode());
        assertTrue(out.headers().firstValue("Set-Cookie").orElse("").contains("Max-Age=0"), "the cookie is cleared");
        assertEquals(401, li.get("/api/spaces/live").statusCode(), "a copy of the cookie is refused");
    }

    @Test
    void shouldLetAUserChangeTheirOwnPasswordOnlyWithTheCurrentOne() {
        String name = unique("change");
        String password = TestUsers.create(server, name, name, Role.GRID_WORKER, "g1-1");
        WebClient user = WebClient.login(base, name, password);
        assertEquals(403, user.postJson("/api/me/password", "{\"current\":\"not-it-at-all\",\"next\":\"a-new-long-password\"}").statusCode());
        assertEquals(400, user.postJson("/api/me/password", "{\"current\":\"" + password + "\",\"next\":\"short\"}").statusCode());
        assertEquals(403, user.postJson("/api/me/password", "{\"current\":\"" + password + "\",\"next\":\"a-new-long-password\"}", null)
                .statusCode(), "not without the CSRF token");
        assertEquals(204, user.postJson("/api/me/password", "{\"current\":\"" + password + "\",\"next\":\"a-new-long-password\"}").statusCode());
        assertEquals(401, WebClient.tryLogin(base, name, password).statusCode(), "the old password no longer works");
        assertEquals(200, WebClient.tryLogin(base, name, "a-new-long-password").statusCode());
    }

    @Test
    void shouldLetTheAdminCreateUsersCheckedAgainstTheSite() {
        assertEquals(400, admin.postJson("/api/users", "{\"username\":\"" + unique("u")
                + "\",\"password\":\"long-enough-password\",\"role\":\"GRID_WORKER\",\"scope\":\"g9\"}").statusCode(), "unknown grid");
        assertEquals(400, admin.postJson("/api/users", "{\"username\":\"" + unique("u")
                + "\",\"password\":\"short\",\"role\":\"GRID_WORKER\",\"scope\":\"g1-1\"}").statusCode(), "short password");
        assertEquals(400, admin.postJson("/api/users", "{\"username\":\"" + unique("u")
                + "\",\"password\":\"long-enough-password\",\"role\":\"ROOT\"}").statusCode(), "unknown role");
        String name = unique("op");
        String body = "{\"username\":\"" + name + "\",\"password\":\"long-enough-password\",\"role\":\"CANTEEN_OPERATOR\",\"scope\":\"canteen-2\"}";
        assertEquals(201, admin.postJson("/api/users", body).statusCode());
        assertEquals(409, admin.postJson("/api/users", body).statusCode(), "taken");
        WebClient op = WebClient.login(base, name, "long-enough-password");
        assertEquals("CANTEEN_OPERATOR", op.getJson("/api/me").get("role").asText());
        assertEquals(403, op.get("/api/devices").statusCode());
        assertFalse(admin.get("/api/users").body().contains("passwordHash"), "no hash leaves the server");
    }
}
