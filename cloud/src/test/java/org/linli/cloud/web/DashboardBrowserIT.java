package org.linli.cloud.web;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.TwoGridSite;
import org.linli.cloud.ingest.LatestReadings;
import org.linli.cloud.ingest.ReadingPoint;
import org.linli.wire.Quality;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser (Debian's headless Chromium): logging in, what a grid worker sees and
 * is refused, the language switch, and the screenshots of the main pages (target/screenshots, or
 * {@code -Dlinli.screenshots.dir}).
 */
@Timeout(120)
@ExtendWith(Browser.class)
class DashboardBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static EmbeddedServer server;
    private static String base;
    private static String adminPassword;
    private static String workerPassword;
    private static String headPassword;
    private final ChromeDriver browser;

    DashboardBrowserIT(ChromeDriver browser) {
        this.browser = browser;
    }

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("linli-browser-it");
        adminPassword = "admin-" + System.nanoTime();
        Path passwordFile = dir.resolve("admin-password");
        Files.writeString(passwordFile, adminPassword);
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", TwoGridSite.file().toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-browser-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("linli.auth.admin-password-file", passwordFile.toString());
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        Files.delete(passwordFile);
        Files.delete(dir);
        base = TestUsers.base(server).toString();
        workerPassword = TestUsers.create(server, "li", "李秀英", Role.GRID_WORKER, "g1-1");
        headPassword = TestUsers.create(server, "wang", "王建华", Role.GRID_HEAD, "g1");
        long now = System.currentTimeMillis();
        server.getApplicationContext().getBean(LatestReadings.class).update(List.of(
                point("occupancy", "gw-01", "pir-1", "plaza-east", "g1-1", now, Map.of("occupied", 1.0)),
                point("occupancy", "gw-01", "park-3", "fire-lane-3", "g1-1", now - 60_000, Map.of("occupied", 0.0)),
                point("occupancy", "gw-01", "pir-west", "plaza-west", "g1-2", now, Map.of("occupied", 0.0)),
                point("noise", "gw-02", "noise-west", "plaza-west", "g1-2", now, Map.of("la", 68.4)),
                point("occupancy", "gw-02", "pir-north", "green-north", "g2-1", now - 3_600_000, Map.of("occupied", 1.0))));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static ReadingPoint point(String measurement, String gateway, String sensor, String space, String grid,
                                      long ts, Map<String, Double> values) {
        return new ReadingPoint(measurement, "huayuan", gateway, sensor, space, grid, ts, values,
                "noise".equals(measurement) ? "dBA" : "bool", Quality.GOOD, null, 1);
    }

    @BeforeEach
    void loggedOut() {
        browser.get(base + "/login");
        browser.manage().deleteAllCookies();
    }

    private void logIn(String username, String password) {
        browser.get(base + "/devices");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }

    private Set<String> attributes(String css, String attribute) {
        return browser.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute(attribute)).collect(Collectors.toSet());
    }

    @Test
    void shouldShowAGridWorkerOnlyTheDevicesAndSpacesOfTheirGrid() {
        logIn("li", workerPassword);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/devices"));

        assertEquals("李秀英", browser.findElement(By.id("user-name")).getText());
        assertEquals(Set.of("pir-1", "park-3"), attributes("#sensors tr[data-sensor]", "data-sensor"));
        assertEquals(Set.of("g1-1"), attributes("#sensors tr[data-sensor]", "data-grid"));
        assertEquals(Set.of("gw-01"), attributes("#gateways tr[data-gateway]", "data-gateway"));
        assertTrue(browser.findElements(By.id("ingest-stats")).isEmpty(), "ingest counters are for admins");
        List<String> nav = browser.findElements(By.cssSelector("nav.nav a")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("告警", "工单", "空间", "设备", "考核"), nav, "no canteen or users for a grid worker");
        Browser.screenshot(browser, "devices-grid-worker");

        browser.findElement(By.id("nav-spaces")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/spaces"));
        assertEquals(Set.of("plaza-east", "fire-lane-3"), attributes("#spaces tr[data-space]", "data-space"));
        new WebDriverWait(browser, WAIT).until(d -> !d.findElements(By.cssSelector("#noise-chart canvas")).isEmpty());
        Browser.screenshot(browser, "spaces-grid-worker");
    }

    @Test
    void shouldRefuseAGridWorkersRequestsForAnotherGridWith403() {
        logIn("li", workerPassword);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/devices"));

        assertEquals(200L, fetchStatus("fetch('/api/spaces/plaza-east')"));
        assertEquals(403L, fetchStatus("fetch('/api/spaces/plaza-west')"), "a sibling grid's space");
        assertEquals(403L, fetchStatus("fetch('/api/readings/latest?grid=g2-1')"), "another area's readings");
        assertEquals(403L, fetchStatus("Linli.post('/api/users', {username: 'mallory', password: 'long-enough-password', role: 'COMMUNITY_ADMIN'})"),
                "an admin API, with the CSRF token");
        assertEquals(403L, fetchStatus("fetch('/api/users', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'})"),
                "a POST without the CSRF token");
    }

    @Test
    void shouldLetAGridHeadSeeEveryGridBelowTheirs() {
        logIn("wang", headPassword);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/devices"));
        assertEquals(Set.of("g1-1", "g1-2"), attributes("#sensors tr[data-sensor]", "data-grid"));
        browser.get(base + "/spaces");
        assertEquals(Set.of("plaza-east", "fire-lane-3", "plaza-west"), attributes("#spaces tr[data-space]", "data-space"));
        new WebDriverWait(browser, WAIT).until(d -> !d.findElements(By.cssSelector("#noise-chart canvas")).isEmpty());
        Browser.screenshot(browser, "spaces-grid-head");
    }

    @Test
    void shouldShowTheLoginErrorAndSwitchToEnglish() {
        browser.get(base + "/login");
        Browser.screenshot(browser, "login");
        browser.findElement(By.id("username")).sendKeys("li");
        browser.findElement(By.id("password")).sendKeys("wrong password");
        browser.findElement(By.id("login-submit")).click();
        assertEquals("用户名或密码错误。", new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error"))).getText());

        logIn("admin", adminPassword);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/devices"));
        assertFalse(browser.findElements(By.id("ingest-stats")).isEmpty(), "an admin sees the ingest counters");
        browser.findElement(By.id("lang-switch")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "en"));
        assertEquals("Devices", browser.findElement(By.id("nav-devices")).getText());
        assertEquals(base + "/devices", browser.getCurrentUrl(), "back on the same page");
        Browser.screenshot(browser, "devices-admin-en");

        browser.findElement(By.id("nav-tickets")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("board"), "No tickets."));
        browser.findElement(By.id("lang-switch")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "zh-CN"));

        browser.findElement(By.id("logout")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/login"));
        browser.get(base + "/devices");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/login"));
    }

    @Test
    void shouldLetTheAdminCreateAUserInTheUsersPage() {
        logIn("admin", adminPassword);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/devices"));
        browser.findElement(By.id("nav-users")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/users"));
        browser.findElement(By.id("username")).sendKeys("chen");
        browser.findElement(By.id("displayName")).sendKeys("陈静");
        browser.findElement(By.id("password")).sendKeys("short");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("role"))).selectByValue("GRID_WORKER");
        browser.findElement(By.id("scope")).sendKeys("g2-1");
        browser.findElement(By.id("new-user-submit")).click();
        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.cssSelector("[data-form-error]")).getText().contains("password"));

        browser.findElement(By.id("password")).clear();
        browser.findElement(By.id("password")).sendKeys("a-long-enough-password");
        browser.findElement(By.id("new-user-submit")).click();
        new WebDriverWait(browser, WAIT).until(d -> !d.findElements(By.cssSelector("#users tr[data-user='chen']")).isEmpty());
        browser.executeScript("window.scrollTo(0, 0)");
        Browser.screenshot(browser, "users-admin");
    }

    /** Runs a fetch in the page (with the page's cookies) and returns the HTTP status. */
    private long fetchStatus(String fetchExpression) {
        Object status = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + fetchExpression + ".then(r => done(r.status)).catch(e => done(-1));");
        return ((Number) status).longValue();
    }
}
