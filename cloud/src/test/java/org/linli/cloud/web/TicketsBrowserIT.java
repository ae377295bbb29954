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
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #6's "done when" in a real browser (the shared headless Chromium): a grid worker sees only their
 * grid's tickets, receives a live alert, accepts and resolves its ticket on the board, and then the grid
 * head sees the KPI change; the same worker's requests for another grid's ticket are refused (403).
 * Screenshots of the ticket board, a ticket and the KPIs go where {@link Browser#screenshot} writes.
 */
@Timeout(180)
@ExtendWith(Browser.class)
class TicketsBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
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
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-tickets-browser-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        base = TestUsers.base(server).toString();
        workerPassword = TestUsers.create(server, "li", "李秀英", Role.GRID_WORKER, "g1-1");
        headPassword = TestUsers.create(server, "wang", "王建华", Role.GRID_HEAD, "g1");
        opener = server.getApplicationContext().getBean(TicketOpener.class);
        live = server.getApplicationContext().getBean(LiveEvents.class);
        store = server.getApplicationContext().getBean(TicketStore.class);
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
        return new WebDriverWait(browser, WAIT);
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

        // the rules decide an encroachment on the fire lane: alert and ticket arrive live
        Instant since = Instant.now().minus(Duration.ofMinutes(7)).truncatedTo(ChronoUnit.SECONDS);
        encroachment("fire-lane-3", since);
        long id = ticketOf("fire-lane-3", since).id();
        waiting().until(d -> !d.findElements(By.cssSelector("#feed-list li[data-type='encroachment-started']")).isEmpty());
        waiting().until(d -> !d.findElements(By.cssSelector("#feed-list li[data-ticket='" + id + "']")).isEmpty());
        WebElement count = browser.findElement(By.id("feed-count"));
        assertTrue(count.isDisplayed() && Integer.parseInt(count.getText()) >= 2, "the visual cue: alert and ticket counted");
        String card = "article[data-ticket-id='" + id + "']";
        waiting().until(d -> !d.findElements(By.cssSelector(card)).isEmpty());
        assertEquals(Set.of("g1-1"), browser.findElements(By.cssSelector("article.ticket")).stream()
                .map(e -> e.getAttribute("data-grid")).collect(Collectors.toSet()), "no ticket of another grid on the board");
        browser.findElement(By.id("sound-toggle")).click();
        assertEquals("true", browser.findElement(By.id("sound-toggle")).getAttribute("aria-pressed"));
        Browser.screenshot(browser, "ticket-board-grid-worker");

        browser.findElement(By.cssSelector(card + " button[data-action='accept']")).click();
        waiting().until(d -> "ACCEPTED".equals(d.findElement(By.cssSelector(card)).getAttribute("data-status")));
        browser.findElement(By.cssSelector(card + " input.note")).sendKeys("车已挪走 car moved");
        browser.findElement(By.cssSelector(card + " button[data-action='resolve']")).click();
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
        waiting().until(d -> !d.findElements(By.cssSelector("#evidence-chart canvas")).isEmpty());
        Browser.screenshot(browser, "ticket-page-grid-worker");

        logIn("wang", headPassword, "/kpis");
        assertEquals(before + 1, resolvedThisWeek(), "the head sees the resolution in this week's KPIs");
        Browser.screenshot(browser, "kpis-grid-head");
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

    /** Runs a fetch in the page (with the page's cookies) and returns the HTTP status. */
    private long fetchStatus(String fetchExpression) {
        Object status = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + fetchExpression + ".then(r => done(r.status)).catch(e => done(-1));");
        return ((Number) status).longValue();
    }
}
