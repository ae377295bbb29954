package org.linli.cloud.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.TwoGridSite;
import org.linli.cloud.auth.WebClient;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spaces map with a tile server ({@code linli.map.tile-url}, a path on this server as the README
 * advises) and no site plan: the tiles are asked for from that template, the admin places a space by
 * tapping the map (latitude and longitude are stored), and the page works in English.
 */
@Timeout(120)
@ExtendWith(Browser.class)
class SpacesTilesBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EmbeddedServer server;
    private static String base;
    private static String adminPassword;
    private final ChromeDriver browser;

    SpacesTilesBrowserIT(ChromeDriver browser) {
        this.browser = browser;
    }

    @BeforeAll
    static void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", TwoGridSite.file().toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-tiles-browser-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("linli.map.tile-url", "/tiles-test/{z}/{x}/{y}.png");
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        base = TestUsers.base(server).toString();
        adminPassword = TestUsers.create(server, "chief", "社区主任", Role.COMMUNITY_ADMIN, null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @Test
    void shouldPlaceASpaceByLatitudeAndLongitudeOnTheTileMap() {
        browser.manage().deleteAllCookies();
        browser.get(base + "/lang/en?back=/spaces");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys("chief");
        browser.findElement(By.id("password")).sendKeys(adminPassword);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, WAIT).until(d -> !d.getCurrentUrl().contains("/login"));
        browser.get(base + "/spaces");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.attributeToBe(By.id("space-map"), "data-mode", "geo"));
        assertEquals("Over the limit", browser.findElement(By.cssSelector("#legend .st-noisy")).getText());
        wait.until(d -> !d.findElements(By.cssSelector("img.leaflet-tile")).isEmpty());
        String tile = browser.findElement(By.cssSelector("img.leaflet-tile")).getAttribute("src");
        assertTrue(tile.matches(".*/tiles-test/\\d+/\\d+/\\d+\\.png"), tile);

        browser.findElement(By.cssSelector("#plan-editor summary")).click();
        new Select(browser.findElement(By.id("place-space"))).selectByValue("green-north");
        new Actions(browser).moveToElement(browser.findElement(By.id("space-map")), 10, 10).click().perform();
        wait.until(d -> !d.findElements(By.cssSelector(".pin[data-space='green-north']")).isEmpty());

        JsonNode map = WebClient.login(TestUsers.base(server), "chief", adminPassword).getJson("/api/spaces/map");
        JsonNode placed = null;
        for (JsonNode s : map.get("spaces")) {
            if (s.get("space").asText().equals("green-north")) {
                placed = s;
            }
        }
        assertFalse(placed.get("lat").isNull(), "latitude stored: " + placed);
        assertTrue(placed.get("x").isNull(), "no plan position: " + placed);
        assertEquals("/tiles-test/{z}/{x}/{y}.png", map.get("tileUrl").asText());
    }
}
