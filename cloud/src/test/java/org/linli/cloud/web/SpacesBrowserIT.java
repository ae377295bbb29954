package org.linli.cloud.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.cloud.audit.AuditRepository;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.TwoGridSite;
import org.linli.cloud.auth.WebClient;
import org.linli.testkit.Services;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The spaces' map and space page against a real Mosquitto and InfluxDB, readings through the real ingest
 * (published as the gateways publish them), in a real browser: the admin uploads a site plan and places
 * spaces; the worker of grid g1-2 sees only plaza-west's marker, coloured noisy once loud readings arrive;
 * the space page charts the readings from InfluxDB; another grid's series is 403; a file that is not an
 * image is refused with a clear message and counted.
 */
@Timeout(240)
@ExtendWith(Browser.class)
class SpacesBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final WireCodec CODEC = new WireCodec();

    @RegisterExtension
    static final Services services = Services.mosquitto().influx();

    private static final Map<String, Long> SEQ = new HashMap<>();
    private static EmbeddedServer server;
    private static String base;
    private static String adminPassword;
    private static String zhangPassword;
    private static WebClient admin;
    private static WebClient li;
    private static WebClient zhang;
    private static Path files;
    private final ChromeDriver browser;

    SpacesBrowserIT(ChromeDriver browser) {
        this.browser = browser;
    }

    @BeforeAll
    static void start() throws Exception {
        files = Files.createTempDirectory("linli-spaces-it");
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", TwoGridSite.file().toString());
        props.put("linli.mqtt.uri", services.mosquittoProcess().uri());
        props.put("linli.mqtt.client-id", "linli-cloud-spaces-browser-it");
        props.put("linli.influx.url", services.influxProcess().url());
        props.put("linli.influx.database", "linli_spaces_browser_it");
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        base = TestUsers.base(server).toString();
        adminPassword = TestUsers.create(server, "chief", "社区主任", Role.COMMUNITY_ADMIN, null);
        zhangPassword = TestUsers.create(server, "zhang", "张伟", Role.GRID_WORKER, "g1-2");
        admin = WebClient.login(TestUsers.base(server), "chief", adminPassword);
        zhang = WebClient.login(TestUsers.base(server), "zhang", zhangPassword);
        li = TestUsers.loginAs(server, "li", Role.GRID_WORKER, "g1-1");
        awaitTrue("the cloud is subscribed (health UP)", () -> WebClient.anonymous(TestUsers.base(server)).get("/health").statusCode() == 200);
        // plaza-west (grid g1-2): 30 noise minutes at 62 dB(A) from 40 minutes ago, occupied from 40 to 25 minutes ago
        Instant from = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.MINUTES);
        publish("gw-02", "noise-west", from, 30, Map.of("laeq", 62.0, "lmax", 66.0, "l90", 50.0), "dBA");
        publish("gw-01", "pir-west", from, 1, Map.of("occupied", 1.0), "bool");
        publish("gw-01", "pir-west", from.plus(Duration.ofMinutes(15)), 1, Map.of("occupied", 0.0), "bool");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.getApplicationContext().close();
        }
        try (var list = Files.list(files)) {
            for (Path p : list.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(files);
    }

    @BeforeEach
    void loggedOut() {
        browser.get(base + "/login");
        browser.manage().deleteAllCookies();
    }

    @Test
    void shouldShowAGridWorkerOnlyTheirSpaceOnThePlanColouredNoisyAfterLoudReadings() throws Exception {
        logIn("chief", adminPassword, "/spaces");
        waiting().until(ExpectedConditions.textToBe(By.id("map-note"), "还没有平面图：请在下方上传（PNG 或 JPEG）。"));
        browser.findElement(By.cssSelector("#plan-editor summary")).click();
        Path plan = files.resolve("plan.png");
        Files.write(plan, png(900, 600));
        browser.findElement(By.id("plan-file")).sendKeys(plan.toString());
        browser.findElement(By.id("plan-upload")).click();
        waiting().until(ExpectedConditions.attributeToBe(By.id("space-map"), "data-mode", "plan"));

        new Select(browser.findElement(By.id("place-space"))).selectByValue("plaza-west");
        WebElement map = browser.findElement(By.id("space-map"));
        new Actions(browser).moveToElement(map, -40, 20).click().perform();
        waiting().until(d -> !d.findElements(By.cssSelector(".pin[data-space='plaza-west']")).isEmpty());
        // the other grid's space, placed through the API as the demo does
        HttpResponse<String> placed = put(admin, "/api/spaces/plaza-east/position", "{\"x\":0.7,\"y\":0.3}");
        assertEquals(200, placed.statusCode(), placed.body());
        waiting().until(d -> d.findElements(By.cssSelector(".pin[data-space]")).size() == 2);
        JsonNode mapJson = admin.getJson("/api/spaces/map");
        JsonNode west = space(mapJson, "plaza-west");
        HttpResponse<String> image = li.get(mapJson.get("plan").get("url").asText());
        assertEquals(200, image.statusCode(), "any logged-in user may see the plan");
        assertEquals("image/png", image.headers().firstValue("Content-Type").orElse(""));
        assertTrue(west.get("x").asDouble() > 0 && west.get("x").asDouble() < 0.5, "left of the centre: " + west);
        AuditRepository audit = server.getApplicationContext().getBean(AuditRepository.class);
        assertTrue(audit.findBySubjectOrderByAt("plaza-west").stream()
                .anyMatch(e -> e.action().equals("space.place") && e.actor().equals("chief")), "placing is in the audit log");
        assertTrue(audit.findByAtGreaterThanEqualsAndAtLessThanOrderByAt(Instant.EPOCH, Instant.now().plusSeconds(60)).stream()
                .anyMatch(e -> e.action().equals("site-plan.upload") && e.actor().equals("chief")), "the upload too");
        browser.executeScript("window.scrollTo(0, 0)");
        Browser.screenshot(browser, "spaces-map-admin");

        // readings over the limit now, through the broker and the ingest
        publish("gw-02", "noise-west", Instant.now().truncatedTo(ChronoUnit.SECONDS), 1, Map.of("laeq", 81.5, "lmax", 90.0, "l90", 55.0), "dBA");

        logIn("zhang", zhangPassword, "/spaces");
        waiting().until(d -> !d.findElements(By.cssSelector(".pin[data-space='plaza-west'][data-status='noisy']")).isEmpty());
        assertEquals(Set.of("plaza-west"), browser.findElements(By.cssSelector(".pin[data-space]")).stream()
                .map(e -> e.getAttribute("data-space")).collect(Collectors.toSet()), "only the spaces of grid g1-2");
        assertEquals("noisy", browser.findElement(By.cssSelector("#spaces tr[data-space='plaza-west']")).getAttribute("data-status"));
        assertEquals(Set.of("plaza-west"), browser.findElements(By.cssSelector("#spaces tr[data-space]")).stream()
                .map(e -> e.getAttribute("data-space")).collect(Collectors.toSet()));
        assertTrue(browser.findElements(By.id("plan-editor")).isEmpty(), "no editing for a grid worker");
        Browser.screenshot(browser, "spaces-map-grid-worker");

        browser.findElement(By.cssSelector("#spaces tr[data-space='plaza-west'] a")).click();
        waiting().until(ExpectedConditions.urlToBe(base + "/spaces/plaza-west"));
        waiting().until(d -> Integer.parseInt(attr(d.findElement(By.id("noise-series")), "data-points")) >= 30);
        waiting().until(d -> Integer.parseInt(attr(d.findElement(By.id("occupancy-series")), "data-points")) >= 1);
        assertTrue(!browser.findElements(By.cssSelector("#noise-series canvas")).isEmpty());
        Browser.screenshot(browser, "space-page");
        browser.findElement(By.id("range-week")).click();
        waiting().until(ExpectedConditions.attributeToBe(By.id("spaces-app"), "data-range", "week"));
        assertTrue(Integer.parseInt(browser.findElement(By.id("noise-series")).getAttribute("data-points")) >= 3);
    }

    @Test
    void shouldChartTheNoiseAndOccupancyOfTheDayFromInfluxDbWithTheLimit() {
        JsonNode day = awaitSeries(zhang, "day", 30);
        assertEquals("ok", day.get("source").asText());
        assertEquals(1440, (day.get("to").asLong() - day.get("from").asLong()) / 60_000);
        long loudOrQuiet = 0;
        for (JsonNode p : day.get("noise")) {
            if (!p.get("v").isNull()) {
                double v = p.get("v").asDouble();
                assertTrue(v == 62.0 || v == 81.5, "a minute's LAeq as published: " + p);
                loudOrQuiet++;
            }
        }
        assertTrue(loudOrQuiet >= 30, "30 minutes at 62 dB(A): " + loudOrQuiet);
        assertEquals("1", day.get("noiseZone").asText());
        assertEquals(55, day.get("dayLimitDb").asInt());
        assertEquals(45, day.get("nightLimitDb").asInt());
        for (JsonNode p : day.get("limit")) {
            assertTrue(p.get("v").asDouble() == 55.0 || p.get("v").asDouble() == 45.0, "the zone's limits only: " + p);
        }
        double maxOccupied = 0;
        int known = 0;
        for (JsonNode p : day.get("occupancy")) {
            if (!p.get("v").isNull()) {
                known++;
                maxOccupied = Math.max(maxOccupied, p.get("v").asDouble());
            }
        }
        assertEquals(1.0, maxOccupied, "occupied for 15 minutes");
        assertTrue(known >= 15, "occupied then vacant, each held until the next reading or 15 minutes: " + known);

        JsonNode week = awaitSeries(zhang, "week", 3);
        assertEquals(10, week.get("bucketMinutes").asInt());
        for (JsonNode p : week.get("noise")) {
            if (!p.get("v").isNull()) {
                assertTrue(p.get("v").asDouble() >= 62.0 - 1e-9, "an energy average of 62s and 81.5s: " + p);
            }
        }
        assertEquals(400, zhang.get("/api/spaces/plaza-west/series?range=month").statusCode());
    }

    @Test
    void shouldRefuseAGridWorkerAnotherGridsSpaceWith403() {
        assertEquals(403, li.get("/api/spaces/plaza-west/series?range=day").statusCode(), "li works g1-1, plaza-west is g1-2");
        assertEquals(403, li.getPage("/spaces/plaza-west").statusCode());
        assertEquals(404, li.get("/api/spaces/nowhere/series").statusCode());
        assertEquals(200, li.get("/api/spaces/plaza-east/series?range=week").statusCode());
        assertEquals(403, put(li, "/api/spaces/plaza-east/position", "{\"x\":0.5,\"y\":0.5}").statusCode(), "placing is for the admin");
        assertEquals(403, li.send(li.request("/api/site-plan").header("Content-Type", "image/png").header("X-CSRF-Token", li.csrfToken())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1}))).statusCode() == 403 ? 403 : -1);
        assertEquals(Set.of("plaza-east", "fire-lane-3"), spaces(li.getJson("/api/spaces/map")));
        assertEquals(400, put(admin, "/api/spaces/plaza-east/position", "{\"x\":1.5,\"y\":0.5}").statusCode());
        assertEquals(401, WebClient.anonymous(TestUsers.base(server)).get("/site-plan/image").statusCode(), "the plan is for staff only");
    }

    @Test
    void shouldRefuseAnUploadThatIsNotAnImageWithAClearMessageAndCountIt() throws Exception {
        long before = refused("plan-not-image");
        logIn("chief", adminPassword, "/spaces");
        browser.findElement(By.cssSelector("#plan-editor summary")).click();
        Path fake = files.resolve("evil.png");
        Files.writeString(fake, "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", StandardCharsets.UTF_8);
        browser.findElement(By.id("plan-file")).sendKeys(fake.toString());
        browser.findElement(By.id("plan-upload")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("plan-error"), "不是 PNG 或 JPEG 图片（按文件内容检查，不看文件名）。 (415)"));
        assertEquals(before + 1, refused("plan-not-image"));

        HttpResponse<String> r = WebClient.send(admin.request("/api/site-plan").header("Content-Type", "image/png")
                .header("X-CSRF-Token", admin.csrfToken()).PUT(HttpRequest.BodyPublishers.ofString("<svg xmlns='http://www.w3.org/2000/svg'/>")));
        assertEquals(415, r.statusCode());
        assertTrue(r.body().contains("not a PNG or JPEG image"), r.body());
        assertEquals(before + 2, refused("plan-not-image"));
    }

    // ---- helpers ----

    private void logIn(String username, String password, String page) {
        browser.manage().deleteAllCookies();
        browser.get(base + page);
        waiting().until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        waiting().until(d -> !d.getCurrentUrl().contains("/login"));
        browser.get(base + page);
        waiting().until(ExpectedConditions.urlToBe(base + page));
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT);
    }

    private static String attr(WebElement e, String name) {
        String v = e.getAttribute(name);
        return v == null || v.isEmpty() ? "0" : v;
    }

    private static long refused(String code) {
        JsonNode n = admin.getJson("/api/auth/stats").get("refusedRequests").get(code);
        return n == null ? 0 : n.asLong();
    }

    private static JsonNode space(JsonNode map, String id) {
        for (JsonNode s : map.get("spaces")) {
            if (s.get("space").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no " + id + " in " + map);
    }

    private static Set<String> spaces(JsonNode map) {
        Set<String> out = new java.util.HashSet<>();
        map.get("spaces").forEach(s -> out.add(s.get("space").asText()));
        return out;
    }

    private static JsonNode awaitSeries(WebClient client, String range, int points) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = client.getJson("/api/spaces/plaza-west/series?range=" + range);
            int n = 0;
            for (JsonNode p : last.get("noise")) {
                n += p.get("v").isNull() ? 0 : 1;
            }
            if (n >= points) {
                return last;
            }
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        }
        return fail("fewer than " + points + " noise points in the " + range + " series: " + last);
    }

    private static HttpResponse<String> put(WebClient client, String path, String json) {
        return WebClient.send(client.request(path).header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-Token", client.csrfToken()).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    /** A plan drawn now: a light ground with two plazas. */
    static byte[] png(int width, int height) throws java.io.IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xf4f1e8));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0xc9d8c5));
        g.fillRect(width / 10, height / 5, width / 3, height / 2);
        g.fillRect(width * 6 / 10, height / 10, width / 4, height / 3);
        g.dispose();
        var out = new java.io.ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** {@code minutes} readings of {@code sensor}, one a minute from {@code from}, each its own batch, as a gateway sends them. */
    private static void publish(String gatewayId, String sensor, Instant from, int minutes, Map<String, Double> values, String unit) {
        try {
            MqttClient gateway = new MqttClient(services.mosquittoProcess().uri(), gatewayId + "-" + java.util.UUID.randomUUID(),
                    new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            gateway.connect(options);
            try {
                for (int i = 0; i < minutes; i++) {
                    long ts = from.plus(Duration.ofMinutes(i)).toEpochMilli();
                    Reading r = new Reading(sensor, ts, values, unit, Quality.GOOD, null);
                    long seq = SEQ.merge(gatewayId, 1L, Long::sum);
                    byte[] payload = CODEC.encode(new ReadingBatch(1, "huayuan", gatewayId, "spaces1", seq, ts, List.of(r)));
                    publishRetrying(gateway, "linli/v1/huayuan/" + gatewayId + "/readings", payload);
                }
            } finally {
                gateway.disconnect();
                gateway.close();
            }
        } catch (MqttException e) {
            throw new IllegalStateException("publishing to the test broker failed", e);
        }
    }

    private static void publishRetrying(MqttClient gateway, String topic, byte[] payload) throws MqttException {
        for (int attempt = 0; ; attempt++) {
            try {
                gateway.publish(topic, payload, 1, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT || attempt > 100) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }
}
