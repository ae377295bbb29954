package org.linli.cloud.web;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.linli.testkit.Services;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.TwoGridSite;
import org.linli.cloud.rules.EncroachmentEvent;
import org.linli.cloud.tickets.LiveEvents;
import org.linli.cloud.tickets.Ticket;
import org.linli.cloud.tickets.TicketEvent;
import org.linli.cloud.tickets.TicketKind;
import org.linli.cloud.tickets.TicketOpener;
import org.linli.cloud.tickets.TicketStatus;
import org.linli.cloud.tickets.TicketStore;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #6's "done when" in a real browser (the shared headless Chromium), on real Mosquitto and InfluxDB:
 * a grid worker sees only their grid's tickets, receives a live alert from readings published as the
 * gateway does (a fire lane occupied for seven minutes: ingest → rules → alert and ticket over SSE),
 * accepts and resolves its ticket on the board, and then the grid head sees the KPI change; the same
 * worker's requests for another grid's ticket are refused (403). The other grid's tickets come from the
 * ticket sink directly (the fixture).
 * Screenshots of the ticket board, a ticket and the KPIs go where {@link Browser#screenshot} writes.
 */
@Timeout(180)
@ExtendWith(Browser.class)
class TicketsBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final WireCodec CODEC = new WireCodec();

    @RegisterExtension
    static final Services services = Services.mosquitto().influx();

    private static final Map<String, Long> SEQ = new HashMap<>();
    private static EmbeddedServer server;
    private static String base;
    private static String workerPassword;
    private static String headPassword;
    private static TicketOpener opener;
    private static LiveEvents live;
    private static TicketStore store;
    private final ChromeDriver browser;

    TicketsBrowserIT(ChromeDriver browser) {
        this.browser = browser;
    }

    @BeforeAll
    static void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", TwoGridSite.file().toString());
        props.put("linli.mqtt.uri", services.mosquittoProcess().uri());
        props.put("linli.mqtt.client-id", "linli-cloud-tickets-browser-it");
        props.put("linli.influx.url", services.influxProcess().url());
        props.put("linli.influx.database", "linli_tickets_browser_it");
        // readings stamped up to 7 minutes back must still move the rules (the default lag is 5 min)
        props.put("linli.rules.idle-lag", "10m");
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        base = TestUsers.base(server).toString();
        workerPassword = TestUsers.create(server, "li", "李秀英", Role.GRID_WORKER, "g1-1");
        headPassword = TestUsers.create(server, "wang", "王建华", Role.GRID_HEAD, "g1");
        opener = server.getApplicationContext().getBean(TicketOpener.class);
        live = server.getApplicationContext().getBean(LiveEvents.class);
        store = server.getApplicationContext().getBean(TicketStore.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        // /health is UP once the cloud is subscribed: a batch published before would be lost
        while (org.linli.cloud.auth.WebClient.anonymous(TestUsers.base(server)).get("/health").statusCode() != 200
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        // a ticket of the sibling grid g1-2, which the worker of g1-1 must never see
        Instant west = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.SECONDS);
        encroachment("plaza-west", west);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    /** What the rules decide when a space stays occupied past its dwell: the alert and the ticket. */
    private static void encroachment(String space, Instant since) {
        EncroachmentEvent.EncroachmentStarted e = new EncroachmentEvent.EncroachmentStarted(space, since,
                since.plus(Duration.ofMinutes(6)), Duration.ofMinutes(5));
        live.encroachment(e);
        opener.encroachment(e);
    }

    private static Ticket ticketOf(String space, Instant since) {
        return store.find(space, TicketKind.ENCROACHMENT, since.toString()).orElseThrow();
    }

    @BeforeEach
    void loggedOut() {
        browser.get(base + "/login");
        browser.manage().deleteAllCookies();
    }

    private void logIn(String username, String password, String page) {
        browser.manage().deleteAllCookies();
        browser.get(base + page);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/devices"));
        browser.get(base + page);
    }

    private WebDriverWait waiting() {
        // The board re-renders on every ticket event: an element found a moment ago may be replaced.
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** The head's "resolved" figure of grid g1-1 in the current week, from the KPI page. */
    private int resolvedThisWeek() {
        browser.get(base + "/kpis");
        WebElement cell = waiting().until(d -> d.findElement(
                By.cssSelector("#kpi-table tr[data-period='0'][data-grid='g1-1'] td[data-field='resolved']")));
        return Integer.parseInt(cell.getText());
    }

    @Test
    void shouldLetAGridWorkerWorkALiveAlertAndTheGridHeadSeeTheKpiChange() {
        logIn("wang", headPassword, "/kpis");
        int before = resolvedThisWeek();

        logIn("li", workerPassword, "/tickets");
        waiting().until(ExpectedConditions.attributeToBe(By.id("feed"), "data-connected", "true"));
        waiting().until(ExpectedConditions.attributeToBeNotEmpty(browser.findElement(By.id("board")), "data-loaded"));
        List<String> gridOptions = browser.findElements(By.cssSelector("#grid-filter option")).stream()
                .map(o -> o.getAttribute("value")).filter(v -> !v.isEmpty()).toList();
        assertEquals(List.of("g1-1"), gridOptions, "only the worker's grid");

        // the gateway reports the fire lane occupied for the last seven minutes (confirm 1 min + dwell 5 min):
        // the rules decide an encroachment, the alert and the ticket arrive live
        publishOccupied("park-3", Instant.now().minus(Duration.ofMinutes(7)), 8);
        try {
            waiting().until(d -> !d.findElements(By.cssSelector("#feed-list li[data-type='encroachment-started']")).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no live alert; feed state '" + browser.findElement(By.id("feed-state")).getText()
                    + "', items: " + browser.findElement(By.id("feed-list")).getText() + "; tickets of g1-1: "
                    + store.search(null, "g1-1", null, 10), e);
        }
        long id = waiting().until(d -> store.search(null, "g1-1", TicketKind.ENCROACHMENT, 10).stream()
                .filter(t -> t.space().equals("fire-lane-3")).map(Ticket::id).findFirst().orElse(null));
        waiting().until(d -> !d.findElements(By.cssSelector("#feed-list li[data-ticket='" + id + "']")).isEmpty());
        WebElement count = browser.findElement(By.id("feed-count"));
        assertTrue(count.isDisplayed() && Integer.parseInt(count.getText()) >= 2, "the visual cue: alert and ticket counted");
        String card = "article[data-ticket-id='" + id + "']";
        waiting().until(d -> !d.findElements(By.cssSelector(card)).isEmpty());
        assertEquals(Set.of("g1-1"), browser.findElements(By.cssSelector("article.ticket")).stream()
                .map(e -> e.getAttribute("data-grid")).collect(Collectors.toSet()), "no ticket of another grid on the board");
        Browser.screenshot(browser, "ticket-board-grid-worker");
        browser.findElement(By.id("sound-toggle")).click(); // a click in the feed also clears the counter
        assertEquals("true", browser.findElement(By.id("sound-toggle")).getAttribute("aria-pressed"));
        assertTrue(!browser.findElement(By.id("feed-count")).isDisplayed(), "seen: the counter is cleared");

        waiting().until(d -> {
            d.findElement(By.cssSelector(card + " button[data-action='accept']")).click();
            return true;
        });
        waiting().until(d -> "ACCEPTED".equals(d.findElement(By.cssSelector(card)).getAttribute("data-status")));
        waiting().until(d -> {
            // Typed and sent in one go, so a re-render between the two cannot lose the note.
            WebElement note = d.findElement(By.cssSelector(card + " input.note"));
            note.clear();
            note.sendKeys("车已挪走 car moved");
            d.findElement(By.cssSelector(card + " button[data-action='resolve']")).click();
            return true;
        });
        waiting().until(d -> !d.findElements(By.cssSelector(card + "[data-status='RESOLVED']")).isEmpty());
        Ticket resolved = store.find(id).orElseThrow();
        assertEquals(TicketStatus.RESOLVED, resolved.status());
        TicketEvent last = store.history(id).get(store.history(id).size() - 1);
        assertEquals("li", last.actor());
        assertEquals("车已挪走 car moved", last.note());

        browser.get(base + "/tickets/" + id);
        waiting().until(d -> !d.findElements(By.cssSelector("#timeline li[data-type='resolve']")).isEmpty());
        assertEquals(List.of("opened", "dispatch", "accept", "resolve"), browser.findElements(By.cssSelector("#timeline li"))
                .stream().map(e -> e.getAttribute("data-type")).toList());
        waitForEvidencePoints();
        browser.executeScript("document.getElementById('ticket').scrollIntoView()");
        Browser.screenshot(browser, "ticket-page-grid-worker");

        logIn("wang", headPassword, "/kpis");
        assertEquals(before + 1, resolvedThisWeek(), "the head sees the resolution in this week's KPIs");
        Browser.screenshot(browser, "kpis-grid-head");

        // the head's other grid g1-2: a loud evening on the west plaza (per-minute LAeq 75 dB(A) for 12 minutes),
        // its ticket's page with the readings and the limit line
        publish("gw-02", "noise-west", Instant.now().minus(Duration.ofMinutes(12)), 12,
                Map.of("laeq", 75.0, "lmax", 82.0, "lmin", 70.0, "l10", 77.0, "l90", 70.0), "dBA");
        long noise = waiting().until(d -> store.search(null, "g1-2", TicketKind.NOISE, 10).stream()
                .map(Ticket::id).findFirst().orElse(null));
        browser.get(base + "/tickets/" + noise);
        waitForEvidencePoints();
        assertTrue(!browser.findElement(By.id("evidence-chart")).getAttribute("data-limit").isEmpty(), "the limit line");
        WebElement rules = browser.findElement(By.id("evidence-rules"));
        assertEquals("space rules", rules.getAttribute("data-source"), "the west plaza's own local rules");
        assertTrue(rules.getText().contains("21:00") && rules.getText().contains("70"), rules.getText());
        browser.executeScript("document.getElementById('evidence-chart').scrollIntoView()");
        Browser.screenshot(browser, "ticket-noise-grid-head");
    }

    /** The readings reach InfluxDB within a second or so of their batch: ask again until the chart has them. */
    private void waitForEvidencePoints() {
        waiting().until(d -> !d.findElements(By.cssSelector("#evidence-chart canvas")).isEmpty());
        waiting().until(d -> {
            String points = d.findElement(By.id("evidence-chart")).getAttribute("data-points");
            if (points == null || points.isEmpty() || points.equals("0")) {
                d.navigate().refresh();
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                return false;
            }
            return true;
        });
    }

    @Test
    void shouldRefuseAGridWorkersRequestsForAnotherGridsTicket() {
        Instant since = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        encroachment("plaza-west", since);
        long west = ticketOf("plaza-west", since).id();

        logIn("li", workerPassword, "/tickets");
        assertEquals(403L, fetchStatus("fetch('/api/tickets/" + west + "')"));
        assertEquals(403L, fetchStatus("fetch('/api/tickets/" + west + "/evidence')"));
        assertEquals(403L, fetchStatus("Linli.post('/api/tickets/" + west + "/accept', {})"), "with the CSRF token");
        assertEquals(403L, fetchStatus("fetch('/api/tickets?grid=g1-2')"));
        Object grids = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/tickets').then(r => r.json()).then(l => done(l.map(t => t.grid))).catch(e => done(['error']));");
        assertTrue(((List<?>) grids).stream().allMatch("g1-1"::equals), "the list: " + grids);
        assertEquals(TicketStatus.DISPATCHED, store.find(west).orElseThrow().status(), "nothing changed");

        browser.get(base + "/tickets/" + west);
        waiting().until(ExpectedConditions.attributeToBe(By.id("ticket"), "data-error", "403"));
    }

    /** {@code minutes} readings of an occupied parking sensor of gw-01, one batch a minute from {@code from}. */
    private static void publishOccupied(String sensor, Instant from, int minutes) {
        publish("gw-01", sensor, from, minutes, Map.of("occupied", 1.0), "bool");
    }

    /** {@code minutes} readings of {@code sensor}, one batch a minute from {@code from}, as the gateway sends them. */
    private static void publish(String gatewayId, String sensor, Instant from, int minutes, Map<String, Double> values, String unit) {
        try {
            MqttClient gateway = new MqttClient(services.mosquittoProcess().uri(), gatewayId + "-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            gateway.connect(options);
            try {
                for (int i = 0; i < minutes; i++) {
                    long ts = from.plus(Duration.ofMinutes(i)).toEpochMilli();
                    Reading r = new Reading(sensor, ts, values, unit, Quality.GOOD, null);
                    long seq = SEQ.merge(gatewayId, 1L, Long::sum);
                    gateway.publish("linli/v1/huayuan/" + gatewayId + "/readings",
                            CODEC.encode(new ReadingBatch(1, "huayuan", gatewayId, "browser1", seq, ts, List.of(r))), 1, false);
                }
            } finally {
                gateway.disconnect();
                gateway.close();
            }
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            throw new IllegalStateException("publishing to the test broker failed", e);
        }
    }

    /** Runs a fetch in the page (with the page's cookies) and returns the HTTP status. */
    private long fetchStatus(String fetchExpression) {
        Object status = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + fetchExpression + ".then(r => done(r.status)).catch(e => done(-1));");
        return ((Number) status).longValue();
    }
}
