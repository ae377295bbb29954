package org.linli.cloud.web;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.linli.cloud.audit.AuditEntry;
import org.linli.cloud.audit.AuditRepository;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.TwoGridSite;
import org.linli.cloud.auth.WebClient;
import org.linli.cloud.canteen.MealLedger;
import org.linli.config.canteen.VerificationMethod;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The canteen page in the shared headless Chromium at a phone's size: a canteen operator sees their own
 * canteen's meals of today appear as the counters' records are stored (the page polls), reviews a double
 * claim with a note (stored with who and when, audited), and finds the settlement links; civil affairs see
 * every canteen read only. Over HTTP: another canteen's operator, civil affairs and grid staff are refused.
 * The meals go in through {@link MealLedger#store}, the same call the MQTT intake makes (CanteenIT covers
 * the MQTT path).
 */
@Timeout(150)
@ExtendWith(Browser.class)
class CanteenBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static EmbeddedServer server;
    private static String base;
    private static String operatorPassword;
    private static String civilPassword;
    private static String enrolled;
    private final ChromeDriver browser;

    CanteenBrowserIT(ChromeDriver browser) {
        this.browser = browser;
    }

    @BeforeAll
    static void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", TwoGridSite.file().toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-canteen-browser-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        base = TestUsers.base(server).toString();
        operatorPassword = TestUsers.create(server, "zhou", "周丽", Role.CANTEEN_OPERATOR, "canteen-1");
        civilPassword = TestUsers.create(server, "min", "闵敏", Role.CIVIL_AFFAIRS, null);
        // one enrolled elder, so the page shows a masked name (the full name stays in the roster)
        WebClient zhou = WebClient.login(TestUsers.base(server), "zhou", operatorPassword);
        java.net.http.HttpResponse<String> imported = WebClient.send(zhou.request("/api/canteen/roster")
                .header("Content-Type", "text/csv").header("X-CSRF-Token", zhou.csrfToken())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("id_number,name,resident\n" + idNumber("19480306", 7)
                        + ",张三丰,yes\n", java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(200, imported.statusCode(), imported.body());
        enrolled = StreamSupport.stream(zhou.getJson("/api/canteen/roster").get("members").spliterator(), false)
                .filter(m -> m.get("fullName").asText().equals("张三丰")).findFirst().orElseThrow().get("member").asText();
    }

    /** An ID number with a correct GB 11643 check digit. */
    private static String idNumber(String birth, int seq) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        String body = "110105" + birth + String.format("%03d", seq);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * w[i];
        }
        return body + "10X98765432".charAt(sum % 11);
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

    private void logIn(String username, String password) {
        browser.get(base + "/canteen");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/canteen"));
    }

    private static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    private static MealRecord meal(String canteen, String member, String time) {
        LocalDate day = today();
        long at = LocalDateTime.of(day, LocalTime.parse(time)).atZone(ZONE).toInstant().toEpochMilli();
        return new MealRecord("e-" + UUID.randomUUID(), canteen, "t1", member, VerificationMethod.CARD, false, "lunch", day,
                at, true, "ok", "age-60", 1500, 500, 1000, MealRecord.MealStatus.SERVED, at + 20_000, 1, 1, false);
    }

    private static void store(String gateway, MealRecord... records) {
        server.getApplicationContext().getBean(MealLedger.class)
                .store(new MealBatch("huayuan", gateway, System.currentTimeMillis(), List.of(records)), Instant.now());
    }

    private String cell(String canteen, String field) {
        List<WebElement> cells = browser.findElements(By.cssSelector("#today-table tr[data-canteen='" + canteen
                + "'] td[data-field='" + field + "']"));
        return cells.isEmpty() ? null : cells.get(0).getText();
    }

    private List<WebElement> cards(String css) {
        return browser.findElements(By.cssSelector("#anomalies article.anomaly" + css));
    }

    @Test
    void shouldShowAnOperatorTheirCanteensMealsAsTheyComeAndLetThemReviewADoubleClaim() {
        String m1 = enrolled;
        logIn("zhou", operatorPassword);
        new WebDriverWait(browser, WAIT).until(d -> cell("canteen-1", "served") != null);
        assertEquals(Set.of("canteen-1"), browser.findElements(By.cssSelector("#today-table tr[data-canteen]")).stream()
                .map(e -> e.getAttribute("data-canteen")).collect(Collectors.toSet()), "their own canteen only");
        long servedBefore = Long.parseLong(cell("canteen-1", "served"));
        long openBefore = Long.parseLong(cell("canteen-1", "openAnomalies"));

        // two lunches at canteen-1, the same member's second one a double claim; one at canteen-2
        MealRecord first = meal("canteen-1", m1, "11:40");
        MealRecord again = meal("canteen-1", m1, "11:52");
        store("gw-01", first, meal("canteen-1", "m-op2-" + System.nanoTime(), "11:45"));
        store("gw-01", again);
        store("gw-02", meal("canteen-2", "m-other-" + System.nanoTime(), "11:50"));

        // the page polls: no reload
        new WebDriverWait(browser, WAIT).until(d -> String.valueOf(servedBefore + 3).equals(cell("canteen-1", "served")));
        assertEquals(String.valueOf(openBefore + 1), cell("canteen-1", "openAnomalies"));
        assertTrue(browser.findElements(By.cssSelector("#today-table tr[data-canteen='canteen-2']")).isEmpty());
        new WebDriverWait(browser, WAIT).until(d -> cards("[data-state='OPEN'][data-kind='DOUBLE_CLAIM']").stream()
                .anyMatch(c -> c.getText().contains(m1)));
        WebElement card = cards("[data-state='OPEN'][data-kind='DOUBLE_CLAIM']").stream()
                .filter(c -> c.getText().contains(m1)).findFirst().orElseThrow();
        String id = card.getAttribute("data-anomaly-id");
        assertTrue(card.getText().contains("重复领取"), card.getText());
        assertTrue(card.getText().contains("待复核，未计入结算"), card.getText());
        assertTrue(card.getText().contains("张*丰"), "the masked name: " + card.getText());
        assertFalse(browser.getPageSource().contains("张三丰"), "never the full name on this page");
        Browser.screenshot(browser, "canteen-operator");

        card.findElement(By.cssSelector("input.note")).sendKeys("同一人午餐两次，已电话核实");
        card.findElement(By.cssSelector("button[data-decision='reject']")).click();
        new WebDriverWait(browser, WAIT).until(d -> cards("[data-anomaly-id='" + id + "']").isEmpty());

        new Select(browser.findElement(By.id("anomaly-state"))).selectByValue("all");
        new WebDriverWait(browser, WAIT).until(d -> !cards("[data-anomaly-id='" + id + "'][data-state='REJECTED']").isEmpty());
        WebElement reviewed = cards("[data-anomaly-id='" + id + "']").get(0);
        assertTrue(reviewed.getText().contains("zhou"), reviewed.getText());
        assertTrue(reviewed.getText().contains("同一人午餐两次，已电话核实"), reviewed.getText());
        assertTrue(reviewed.findElements(By.cssSelector("button")).isEmpty(), "a reviewed anomaly has no buttons");
        List<AuditEntry> audit = StreamSupport.stream(server.getApplicationContext().getBean(AuditRepository.class)
                .findAll().spliterator(), false).filter(e -> "anomaly.reject".equals(e.action())).toList();
        assertTrue(audit.stream().anyMatch(e -> e.actor().equals("zhou") && e.detail().startsWith("anomaly " + id + ",")),
                audit.toString());

        // the settlement links follow the canteen and month
        String month = YearMonth.now(ZONE).toString();
        assertEquals(base + "/api/canteen/settlements/canteen-1/" + month + ".csv",
                browser.findElement(By.id("settlement-csv")).getAttribute("href"));
        assertEquals(List.of("canteen-1"), new Select(browser.findElement(By.id("settlement-canteen"))).getOptions().stream()
                .map(o -> o.getAttribute("value")).toList());
        browser.get(browser.findElement(By.id("settlement-page")).getAttribute("href"));
        assertTrue(browser.getPageSource().contains("助餐补贴结算单"));
        assertTrue(browser.getPageSource().contains(first.member()), "the settled lunch is in the month");
    }

    @Test
    void shouldImportARosterFileFromThePageAndListEveryBadLine() throws Exception {
        logIn("zhou", operatorPassword);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("roster-upload");
        java.nio.file.Path good = dir.resolve("名册.csv");
        java.nio.file.Files.writeString(good, "身份证号,姓名,户籍,卡号\n" + idNumber("19500412", 21) + ",王小红,是,31:40021\n"
                + idNumber("19470830", 22) + ",李大明,否,\n", java.nio.charset.StandardCharsets.UTF_8);
        java.nio.file.Path bad = dir.resolve("bad.csv");
        java.nio.file.Files.writeString(bad, "身份证号,姓名,户籍\n" + idNumber("19520101", 23) + ",赵一,是\n"
                + "110105195201010000,钱二,是\n" + idNumber("19520102", 24) + ",孙三,也许\n", java.nio.charset.StandardCharsets.UTF_8);
        long membersBefore = server.getApplicationContext().getBean(org.linli.cloud.canteen.RosterStore.class).members().size();

        browser.findElement(By.id("roster-file")).sendKeys(bad.toString());
        browser.findElement(By.id("roster-import")).click();
        WebElement result = new WebDriverWait(browser, WAIT).until(d -> {
            WebElement r = d.findElement(By.id("roster-result"));
            return "refused".equals(r.getAttribute("data-result")) ? r : null;
        });
        List<String> problems = result.findElements(By.cssSelector("ul.problems li")).stream().map(WebElement::getText).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("第 3 行"), problems.toString());
        assertTrue(problems.get(1).startsWith("第 4 行"), problems.toString());
        assertTrue(result.getText().contains("未导入任何记录 (422)"), result.getText());
        assertEquals(membersBefore, server.getApplicationContext().getBean(org.linli.cloud.canteen.RosterStore.class)
                .members().size(), "all lines or none");

        browser.findElement(By.id("roster-file")).clear();
        browser.findElement(By.id("roster-file")).sendKeys(good.toString());
        browser.findElement(By.id("roster-import")).click();
        result = new WebDriverWait(browser, WAIT).until(d -> {
            WebElement r = d.findElement(By.id("roster-result"));
            return "imported".equals(r.getAttribute("data-result")) ? r : null;
        });
        assertTrue(result.getText().contains("新增 2"), result.getText());
        assertEquals(membersBefore + 2, server.getApplicationContext().getBean(org.linli.cloud.canteen.RosterStore.class)
                .members().size());
        assertTrue(StreamSupport.stream(server.getApplicationContext().getBean(AuditRepository.class).findAll().spliterator(), false)
                .anyMatch(e -> "roster.import".equals(e.action()) && "zhou".equals(e.actor()) && e.detail().contains("2 added")));
    }

    @Test
    void shouldShowCivilAffairsEveryCanteenReadOnly() {
        store("gw-02", meal("canteen-2", "m-civ-" + System.nanoTime(), "12:05"));
        logIn("min", civilPassword);
        new WebDriverWait(browser, WAIT).until(d -> cell("canteen-2", "served") != null);
        assertEquals(Set.of("canteen-1", "canteen-2"), browser.findElements(By.cssSelector("#today-table tr[data-canteen]"))
                .stream().map(e -> e.getAttribute("data-canteen")).collect(Collectors.toSet()));
        assertFalse(browser.findElements(By.id("review-read-only")).isEmpty());
        assertTrue(browser.findElements(By.id("roster-block")).isEmpty(), "officers do not import rosters");
        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.id("anomalies")).getAttribute("data-loaded") != null);
        assertTrue(browser.findElements(By.cssSelector("#anomalies button")).isEmpty(), "officers do not review");
        assertEquals(List.of("canteen-1", "canteen-2"), new Select(browser.findElement(By.id("settlement-canteen")))
                .getOptions().stream().map(o -> o.getAttribute("value")).toList());
        new Select(browser.findElement(By.id("settlement-canteen"))).selectByValue("canteen-2");
        assertTrue(browser.findElement(By.id("settlement-csv")).getAttribute("href").contains("/canteen-2/"));
        browser.findElement(By.id("lang-switch")).click();
        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.tagName("html")).getAttribute("lang").equals("en"));
        new WebDriverWait(browser, WAIT).until(d -> cell("canteen-2", "served") != null);
        assertTrue(browser.findElement(By.id("settlement-block")).getText().contains("Download CSV"));
        Browser.screenshot(browser, "canteen-civil-affairs-en");
    }

    @Test
    void shouldRefuseReviewsOutsideTheOperatorsCanteenAndTheCanteenToGridStaff() {
        String member = "m-403-" + System.nanoTime();
        store("gw-01", meal("canteen-1", member, "11:30"), meal("canteen-1", member, "11:35"));
        MealLedger.Anomaly open = server.getApplicationContext().getBean(MealLedger.class).anomalies("OPEN", 1000).stream()
                .filter(a -> member.equals(a.member())).findFirst().orElseThrow();
        String resolve = "/api/canteen/anomalies/" + open.id() + "/resolve";
        WebClient other = TestUsers.loginAs(server, "sun", Role.CANTEEN_OPERATOR, "canteen-2");
        WebClient civil = WebClient.login(TestUsers.base(server), "min", civilPassword);
        WebClient worker = TestUsers.loginAs(server, "li", Role.GRID_WORKER, "g1-1");
        String body = "{\"decision\":\"accept\",\"note\":\"x\"}";
        assertEquals(403, other.postJson(resolve, body).statusCode(), "another canteen's operator");
        assertEquals(403, civil.postJson(resolve, body).statusCode(), "officers read, they do not review");
        assertEquals(403, worker.postJson(resolve, body).statusCode());
        assertEquals(403, worker.get("/api/canteen/today").statusCode());
        assertEquals(403, worker.get("/api/canteen/anomalies").statusCode());
        assertEquals(403, worker.getPage("/canteen").statusCode());
        assertFalse(other.getJson("/api/canteen/anomalies?state=all").toString().contains(member), "not their canteen's");
        assertTrue(civil.getJson("/api/canteen/anomalies").toString().contains(member));
        assertEquals(200, civil.getPage("/canteen").statusCode());
        assertEquals("OPEN", server.getApplicationContext().getBean(MealLedger.class).anomalies("OPEN", 1000).stream()
                .filter(a -> a.id() == open.id()).findFirst().orElseThrow().state(), "nothing changed");
    }
}
