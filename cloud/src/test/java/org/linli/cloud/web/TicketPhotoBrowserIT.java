package org.linli.cloud.web;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.TwoGridSite;
import org.linli.cloud.rules.NoiseEvent;
import org.linli.cloud.tickets.TicketKind;
import org.linli.cloud.tickets.TicketOpener;
import org.linli.cloud.tickets.TicketStore;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A grid worker adds a photo to their ticket from the phone-sized page (the file input the camera fills on a
 * phone): the page sends it as a JPEG of at most 1600 px (a 2400 px PNG arrives 1600 px wide, as JPEG), and it shows
 * as a thumbnail in the ticket's timeline with who and when; a text file is refused with the reason on the page. The ticket comes from the ticket sink (TicketsBrowserIT covers the way from readings).
 */
@Timeout(120)
@ExtendWith(Browser.class)
class TicketPhotoBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path files;
    private static EmbeddedServer server;
    private static String base;
    private static String workerPassword;
    private static long ticket;
    private final ChromeDriver browser;

    TicketPhotoBrowserIT(ChromeDriver browser) {
        this.browser = browser;
    }

    @BeforeAll
    static void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", TwoGridSite.file().toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-photo-browser-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        base = TestUsers.base(server).toString();
        workerPassword = TestUsers.create(server, "li", "李秀英", Role.GRID_WORKER, "g1-1");
        Instant start = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        server.getApplicationContext().getBean(TicketOpener.class).noise(new NoiseEvent.EpisodeStarted("plaza-east", start,
                start.plus(Duration.ofMinutes(5)), NoiseEvent.Reason.OVER_LIMIT, 55.0, 71.0));
        ticket = server.getApplicationContext().getBean(TicketStore.class)
                .find("plaza-east", TicketKind.NOISE, start.toString()).orElseThrow().id();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @BeforeEach
    void loggedOut() {
        browser.get(base + "/login");
        browser.manage().deleteAllCookies();
    }

    private static Path scenePhoto() throws Exception {
        // a PNG bigger than the page sends: it goes as a JPEG of 1600 px on the long side
        BufferedImage img = new BufferedImage(2400, 1800, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x0b3d66));
        g.fillRect(0, 0, 2400, 1800);
        g.setColor(Color.ORANGE);
        g.fillOval(750, 450, 900, 900);
        g.dispose();
        Path p = files.resolve("scene.png");
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void shouldLetAGridWorkerAddAPhotoThatShowsInTheTimeline() throws Exception {
        browser.get(base + "/tickets/" + ticket);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys("li");
        browser.findElement(By.id("password")).sendKeys(workerPassword);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        // the board offers the photo on the card too
        browser.get(base + "/tickets");
        new WebDriverWait(browser, WAIT).until(d -> !d.findElements(By.cssSelector(
                "article.ticket[data-ticket-id='" + ticket + "'] input.photo-input")).isEmpty());
        WebElement input = browser.findElement(By.cssSelector("article.ticket[data-ticket-id='" + ticket + "'] input.photo-input"));
        assertEquals("image/*", input.getAttribute("accept"));
        assertEquals("environment", input.getAttribute("capture"));

        browser.get(base + "/tickets/" + ticket);
        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.id("ticket")).getAttribute("data-loaded") != null);
        Path text = files.resolve("notes.jpg");
        Files.writeString(text, "not a photo at all", StandardCharsets.UTF_8);
        browser.findElement(By.id("photo-" + ticket)).sendKeys(text.toString());
        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.cssSelector("#ticket .photo-upload p")).getText()
                .contains("不是图片"));

        browser.findElement(By.id("photo-" + ticket)).sendKeys(scenePhoto().toString());
        new WebDriverWait(browser, WAIT).until(d -> !d.findElements(By.cssSelector("#timeline li[data-type='photo'] img.thumb")).isEmpty());
        WebElement item = browser.findElement(By.cssSelector("#timeline li[data-type='photo']"));
        assertTrue(item.getText().contains("照片") && item.getText().contains("li"), item.getText());
        WebElement img = item.findElement(By.cssSelector("img.thumb"));
        new WebDriverWait(browser, WAIT).until(d -> ((Number) browser.executeScript("return arguments[0].naturalWidth", img))
                .intValue() == 1600);
        assertTrue(img.getAttribute("src").endsWith("/api/tickets/" + ticket + "/photos/" + img.getAttribute("data-photo-id")));
        browser.executeScript("arguments[0].scrollIntoView()", item);
        Browser.screenshot(browser, "ticket-photo-grid-worker");
        List<WebElement> photos = browser.findElements(By.cssSelector("#timeline li[data-type='photo']"));
        assertEquals(1, photos.size(), "the refused file added nothing");
        browser.get(base + "/api/tickets/" + ticket + "/photos");
        assertTrue(browser.getPageSource().contains("\"contentType\":\"image/jpeg\""), "re-encoded in the browser: "
                + browser.getPageSource());
    }
}
