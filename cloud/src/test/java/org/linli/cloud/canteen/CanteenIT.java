package org.linli.cloud.canteen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.linli.cloud.audit.AuditEntry;
import org.linli.cloud.audit.AuditRepository;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.WebClient;
import org.linli.config.canteen.VerificationMethod;
import org.linli.testkit.Services;
import org.linli.wire.CanteenCodec;
import org.linli.wire.ClaimsMessage;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;
import org.linli.wire.PolicyMessage;
import org.linli.wire.RosterMessage;
import org.linli.wire.Topics;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The canteen's cloud side against a real Mosquitto and a real PostgreSQL: counters publish meal
 * records as the gateways do, a subscriber takes the roster as a gateway would, and the HTTP API is
 * called as staff would. The tests share one app, so each uses its own members, event ids and month.
 */
@Timeout(120)
class CanteenIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final CanteenCodec CODEC = new CanteenCodec();
    private static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final Services services = Services.mosquitto().postgres();

    @TempDir
    static Path dataDir;

    private static EmbeddedServer server;
    /** The community admin, who may do everything. */
    private static WebClient admin;

    @BeforeAll
    static void startCloud() throws URISyntaxException {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(CanteenIT.class.getResource("/canteen-site.yaml").toURI()).toString());
        props.put("linli.mqtt.uri", services.mosquittoProcess().uri());
        props.put("linli.mqtt.client-id", "linli-cloud-canteen-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("linli.data-dir", dataDir.toString());
        props.put("linli.canteen.claims-debounce", "200ms");
        props.put("micronaut.server.port", -1);
        props.put("datasources.default.url", services.postgresProcess().jdbcUrl());
        props.put("datasources.default.username", services.postgresProcess().user());
        props.put("datasources.default.password", services.postgresProcess().password());
        server = ApplicationContext.run(EmbeddedServer.class, props);
        admin = TestUsers.loginAs(server, "canteen-admin", Role.COMMUNITY_ADMIN, null);
        awaitTrue("the canteen's MQTT client is subscribed", () -> stats().get("mqttUp").asBoolean());
    }

    @AfterAll
    static void stopCloud() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @Test
    void shouldSettleEachMealOnceWhenTheBatchIsReplayedFiveTimes() throws Exception {
        LocalDate day = LocalDate.of(2026, 9, 14);
        List<MealRecord> records = List.of(
                meal("canteen-1", member(), day, "breakfast", "08:01", true),
                meal("canteen-1", member(), day, "lunch", "11:31", true),
                meal("canteen-1", member(), day, "dinner", "17:41", true));
        byte[] payload = CODEC.encode(new MealBatch("huayuan", "gw-01", Instant.now().toEpochMilli(), records));
        long replaysBefore = stats().get("replays").asLong();
        try (TestGateway gw = gateway("gw-01")) {
            for (int i = 0; i < 5; i++) {
                gw.publish(Topics.canteenMeals("huayuan", "gw-01"), payload, 1, false);
            }
        }
        awaitTrue("4 replays of 3 records", () -> stats().get("replays").asLong() >= replaysBefore + 12);

        List<String> meals = settlementRows("canteen-1", "2026-09", "meal");
        for (MealRecord r : records) {
            assertEquals(1, meals.stream().filter(l -> l.contains("," + r.eventId() + ",")).count(), r.eventId());
        }
        assertEquals(3, meals.size());
        List<String> month = settlementRows("canteen-1", "2026-09", "month");
        assertTrue(month.get(0).endsWith(",15.00,18.00,,,,3"), month.get(0));
    }

    @Test
    void shouldSettleOneOfTwoOfflineCanteensAndFlagTheOtherForReview() throws Exception {
        String member = member();
        LocalDate day = LocalDate.of(2026, 10, 8);
        MealRecord first = meal("canteen-1", member, day, "lunch", "11:40", true);
        MealRecord second = meal("canteen-2", member, day, "lunch", "12:05", true);
        try (TestGateway gw1 = gateway("gw-01"); TestGateway gw2 = gateway("gw-02")) {
            gw1.publish(Topics.canteenMeals("huayuan", "gw-01"), batch("gw-01", first), 1, false);
            awaitTrue("the first is settled", () -> ledger().settleState(first.eventId()).isPresent());
            gw2.publish(Topics.canteenMeals("huayuan", "gw-02"), batch("gw-02", second), 1, false);
            awaitTrue("the second is stored", () -> ledger().settleState(second.eventId()).isPresent());
        }
        assertEquals("SETTLED", ledger().settleState(first.eventId()).orElseThrow());
        assertEquals("PENDING", ledger().settleState(second.eventId()).orElseThrow());

        JsonNode doubleClaim = null;
        for (JsonNode a : JSON.readTree(get("/api/canteen/anomalies", admin).body())) {
            if (a.get("eventId").asText().equals(second.eventId()) && a.get("kind").asText().equals("DOUBLE_CLAIM")) {
                doubleClaim = a;
            }
        }
        assertNotNull(doubleClaim, "an open DOUBLE_CLAIM anomaly for the second meal");
        assertTrue(doubleClaim.get("detail").asText().contains(first.eventId()), doubleClaim.get("detail").asText());

        assertEquals(1, settlementRows("canteen-1", "2026-10", "meal").size());
        assertEquals(0, settlementRows("canteen-2", "2026-10", "meal").size(), "not settled while pending");
        assertEquals(1, settlementRows("canteen-2", "2026-10", "pending").size(), "listed as 待复核");
        assertTrue(settlementRows("canteen-2", "2026-10", "month").get(0).endsWith(",0"));

        HttpResponse<String> rejected = post("/api/canteen/anomalies/" + doubleClaim.get("id").asLong() + "/resolve",
                "application/json", "{\"decision\":\"reject\",\"note\":\"ate at canteen-1\"}", admin);
        assertEquals(200, rejected.statusCode(), rejected.body());
        assertEquals("REJECTED", ledger().settleState(second.eventId()).orElseThrow());
        assertEquals(0, settlementRows("canteen-2", "2026-10", "pending").size());
        assertEquals(409, post("/api/canteen/anomalies/" + doubleClaim.get("id").asLong() + "/resolve",
                "application/json", "{\"decision\":\"accept\"}", admin).statusCode());
        assertTrue(audit("anomaly.reject").stream().anyMatch(e -> e.actor().equals("canteen-admin")
                && e.detail().contains(second.eventId())));
    }

    @Test
    void shouldFlagAFallbackAfterAFailedFaceMatch() throws Exception {
        MealRecord r = new MealRecord(eventId(), "canteen-1", "t1", member(), VerificationMethod.PIN, true, "lunch",
                LocalDate.of(2026, 8, 3), millis(LocalDate.of(2026, 8, 3), "11:45"), true, "ok", "age-60", 1500, 500,
                1000, MealRecord.MealStatus.SERVED, millis(LocalDate.of(2026, 8, 3), "11:46"), 1, 1, false);
        try (TestGateway gw = gateway("gw-01")) {
            gw.publish(Topics.canteenMeals("huayuan", "gw-01"), batch("gw-01", r), 1, false);
        }
        awaitTrue("the meal is stored", () -> ledger().settleState(r.eventId()).isPresent());
        assertEquals("SETTLED", ledger().settleState(r.eventId()).orElseThrow(), "a flag, settled unless rejected");
        assertTrue(JSON.readTree(get("/api/canteen/anomalies", admin).body()).findValues("eventId").stream()
                .anyMatch(n -> n.asText().equals(r.eventId())));
    }

    @Test
    void shouldRefuseAndCountAPayloadWithFaceData() throws Exception {
        MealRecord r = meal("canteen-1", member(), LocalDate.of(2026, 7, 1), "lunch", "11:30", true);
        String json = new String(batch("gw-01", r), StandardCharsets.UTF_8)
                .replace("\"method\":\"face\"", "\"method\":\"face\",\"faceImage\":\"/9j/4AAQSkZJRgABAQ\"");
        assertTrue(json.contains("faceImage"));
        long before = refusals("face-data");
        try (TestGateway gw = gateway("gw-01")) {
            gw.publish(Topics.canteenMeals("huayuan", "gw-01"), json.getBytes(StandardCharsets.UTF_8), 1, false);
        }
        awaitTrue("the face data is counted", () -> refusals("face-data") == before + 1);
        JsonNode sample = stats().at("/samples/face-data/0");
        assertTrue(sample.get("detail").asText().contains("faceImage"));
        assertTrue(!sample.has("payload") || sample.get("payload").isNull(), "the refused face data is not kept as a sample");
        assertTrue(ledger().settleState(r.eventId()).isEmpty(), "nothing of it stored");
    }

    @Test
    void shouldRefuseACsvWithBadLinesNamingEachLine() throws Exception {
        String csv = "\uFEFF身份证号,姓名,出生年月,户籍\n"
                + IdNumbers.of("19450101", 11) + ",钱学明,1945-01,是\n"
                + "110105194912310021,孙建国,1949-12,是\n"
                + IdNumbers.of("19460202", 12) + ",周芳,1946-02,maybe\n";
        long versionBefore = roster().get("version").asLong();
        HttpResponse<String> response = post("/api/canteen/roster", "text/csv; charset=utf-8", csv, admin);
        assertEquals(422, response.statusCode(), response.body());
        JsonNode problems = JSON.readTree(response.body()).get("problems");
        assertEquals(2, problems.size());
        assertEquals(3, problems.get(0).get("line").asInt());
        assertEquals("身份证号", problems.get(0).get("column").asText());
        assertEquals(4, problems.get(1).get("line").asInt());
        assertEquals("户籍", problems.get(1).get("column").asText());
        JsonNode after = roster();
        assertEquals(versionBefore, after.get("version").asLong(), "nothing imported");
        assertFalse(after.toString().contains("钱学明"), "not even the good line");
    }

    @Test
    void shouldPushTheRosterRetainedToTheCounterGatewayWithMaskedNamesOnly() throws Exception {
        String id = IdNumbers.of("19500312", 21);
        String csv = "id_number,name,resident,hardship,card\n" + id + ",张建华,yes,dibao,12:34567\n";
        HttpResponse<String> imported = post("/api/canteen/roster", "text/csv", csv, admin);
        assertEquals(200, imported.statusCode(), imported.body());
        long version = JSON.readTree(imported.body()).get("version").asLong();

        BlockingQueue<byte[]> rosters = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> policies = new LinkedBlockingQueue<>();
        try (TestGateway gw = gateway("gw-02")) {
            gw.subscribe(Topics.canteenRoster("huayuan", "gw-02"), 1, (t, m) -> rosters.add(m.getPayload()));
            gw.subscribe(Topics.canteenPolicy("huayuan", "gw-02"), 1, (t, m) -> policies.add(m.getPayload()));
            RosterMessage roster = null;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (roster == null || roster.version() < version) {
                byte[] next = rosters.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    fail("no roster of version " + version + " retained for gw-02");
                }
                roster = CODEC.decodeRoster(next);
            }
            assertFalse(new String(CODEC.encode(roster), StandardCharsets.UTF_8).contains("张建华"), "no full name");
            RosterMessage.Member m = roster.members().stream().filter(x -> "12:34567".equals(x.card())).findFirst().orElseThrow();
            assertEquals("张*华", m.displayName());
            assertEquals("1950-03", m.birth().toString());
            assertEquals("dibao", m.hardship());
            assertTrue(m.member().startsWith("m-"));

            byte[] policy = policies.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(policy, "a policy retained for gw-02");
            PolicyMessage p = CODEC.decodePolicy(policy);
            assertTrue(p.version() >= 1);
            assertTrue(p.policyYaml().contains("id: shenzhen-futian"));
        }

        HttpResponse<String> again = post("/api/canteen/roster", "text/csv", csv, admin);
        JsonNode same = JSON.readTree(again.body());
        assertEquals(version, same.get("version").asLong(), "an unchanged import keeps the version");
        assertEquals(1, same.get("unchanged").asInt());
    }

    @Test
    void shouldPushTodaysClaimsToEveryCounterAfterAMeal() throws Exception {
        LocalDate today = LocalDate.now(ZONE);
        String member = member();
        MealRecord r = meal("canteen-2", member, today, "lunch", "11:20", true);
        BlockingQueue<byte[]> claims = new LinkedBlockingQueue<>();
        try (TestGateway gw2 = gateway("gw-02"); TestGateway gw1 = gateway("gw-01")) {
            gw1.subscribe(Topics.canteenClaims("huayuan", "gw-01"), 1, (t, m) -> claims.add(m.getPayload()));
            gw2.publish(Topics.canteenMeals("huayuan", "gw-02"), batch("gw-02", r), 1, false);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                byte[] next = claims.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    fail("no claims with " + member + " for gw-01");
                }
                ClaimsMessage c = CODEC.decodeClaims(next);
                if (c.claims().stream().anyMatch(x -> x.member().equals(member))) {
                    assertEquals(today, c.date());
                    ClaimsMessage.Claim claim = c.claims().stream().filter(x -> x.member().equals(member)).findFirst().orElseThrow();
                    assertEquals("canteen-2", claim.canteen());
                    assertEquals("lunch", claim.window());
                    break;
                }
            }
        }
        WebClient operator2 = TestUsers.loginAs(server, "sun-it", Role.CANTEEN_OPERATOR, "canteen-2");
        JsonNode rows = operator2.getJson("/api/canteen/today");
        assertEquals(1, rows.size(), "only their own canteen");
        assertEquals("canteen-2", rows.get(0).get("canteen").asText());
        assertEquals(today.toString(), rows.get(0).get("date").asText());
        assertTrue(rows.get(0).get("subsidised").asLong() >= 1, rows.toString());
        assertEquals(2, admin.getJson("/api/canteen/today").size(), "the admin sees both");
    }

    @Test
    void shouldAuditEveryRosterViewWithTheLoggedInUser() throws Exception {
        WebClient operator = TestUsers.loginAs(server, "zhou-it", Role.CANTEEN_OPERATOR, "canteen-1");
        WebClient civil = TestUsers.loginAs(server, "min-it", Role.CIVIL_AFFAIRS, null);
        assertEquals(401, get("/api/canteen/roster", WebClient.anonymous(TestUsers.base(server))).statusCode(),
                "no anonymous view");
        assertEquals(403, get("/api/canteen/roster", civil).statusCode(), "civil affairs see settlements, not names");
        assertEquals(200, get("/api/canteen/roster", operator).statusCode());
        assertEquals(200, get("/api/canteen/roster", operator).statusCode());
        assertEquals(2, audit("roster.view").stream().filter(e -> e.actor().equals("zhou-it")).count());
        assertEquals(0, audit("roster.view").stream().filter(e -> e.actor().equals("min-it")).count());
    }

    @Test
    void shouldPrintTheSettlementPageAndAuditEveryExport() throws Exception {
        LocalDate day = LocalDate.of(2026, 6, 9);
        MealRecord r = meal("canteen-2", member(), day, "lunch", "11:50", false);
        try (TestGateway gw = gateway("gw-02")) {
            gw.publish(Topics.canteenMeals("huayuan", "gw-02"), batch("gw-02", r), 1, false);
        }
        awaitTrue("the meal is stored", () -> ledger().settleState(r.eventId()).isPresent());
        WebClient civil = TestUsers.loginAs(server, "zhao-it", Role.CIVIL_AFFAIRS, null);
        WebClient operator1 = TestUsers.loginAs(server, "qian-it", Role.CANTEEN_OPERATOR, "canteen-1");
        assertTrue(get("/canteen/settlements/canteen-2/2026-06", WebClient.anonymous(TestUsers.base(server)))
                .statusCode() != 200, "no anonymous export");
        assertEquals(403, get("/canteen/settlements/canteen-2/2026-06", operator1).statusCode(), "another canteen's");
        assertEquals(404, get("/canteen/settlements/canteen-9/2026-06", civil).statusCode());
        assertEquals(400, get("/canteen/settlements/canteen-2/2026-13", civil).statusCode());
        HttpResponse<String> page = civil.getPage("/canteen/settlements/canteen-2/2026-06");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("东区长者食堂 2026年6月 助餐补贴结算单"), page.body());
        assertTrue(page.body().contains(r.member()));
        assertTrue(page.body().contains("本月合计"));
        assertTrue(audit("settlement.export").stream().anyMatch(e -> e.actor().equals("zhao-it")
                && "canteen-2".equals(e.subject()) && e.detail().startsWith("2026-06 page: 1 meals")));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String member() {
        return "m-it" + SEQ.incrementAndGet();
    }

    private static String eventId() {
        return "e-" + UUID.randomUUID().toString().substring(0, 18);
    }

    private static long millis(LocalDate day, String time) {
        return LocalDateTime.of(day, java.time.LocalTime.parse(time)).atZone(ZONE).toInstant().toEpochMilli();
    }

    private static MealRecord meal(String canteen, String member, LocalDate day, String window, String time, boolean offline) {
        long at = millis(day, time);
        long price = switch (window) {
            case "breakfast" -> 600;
            case "dinner" -> 1200;
            default -> 1500;
        };
        return new MealRecord(eventId(), canteen, "t1", member, VerificationMethod.FACE, false, window, day, at, true,
                "ok", "age-60", price, 500, price - 500, MealRecord.MealStatus.SERVED, at + 20_000, 1, 1, offline);
    }

    private static byte[] batch(String gateway, MealRecord... records) {
        return CODEC.encode(new MealBatch("huayuan", gateway, Instant.now().toEpochMilli(), List.of(records)));
    }

    private static TestGateway gateway(String id) throws MqttException {
        MqttClient client = new MqttClient(services.mosquittoProcess().uri(), id + "-it-" + SEQ.incrementAndGet(),
                new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
        return new TestGateway(client);
    }

    /** A counter gateway's MQTT client, closed after use. */
    private record TestGateway(MqttClient client) implements AutoCloseable {
        void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
            client.publish(topic, payload, qos, retained);
        }

        void subscribe(String topic, int qos, org.eclipse.paho.mqttv5.client.IMqttMessageListener listener)
                throws MqttException {
            client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                    new org.eclipse.paho.mqttv5.common.MqttSubscription(topic, qos)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {listener});
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    private static MealLedger ledger() {
        return server.getApplicationContext().getBean(MealLedger.class);
    }

    private static List<AuditEntry> audit(String action) {
        List<AuditEntry> out = new ArrayList<>();
        server.getApplicationContext().getBean(AuditRepository.class).findAll().forEach(e -> {
            if (e.action().equals(action)) {
                out.add(e);
            }
        });
        return out;
    }

    private static JsonNode roster() throws IOException {
        return JSON.readTree(get("/api/canteen/roster", admin).body());
    }

    private static List<String> settlementRows(String canteen, String month, String type) {
        HttpResponse<String> r = get("/api/canteen/settlements/" + canteen + "/" + month + ".csv", admin);
        assertEquals(200, r.statusCode(), r.body());
        return r.body().lines().filter(l -> l.startsWith(type + ",")).toList();
    }

    private static JsonNode stats() {
        try {
            return JSON.readTree(get("/api/canteen/stats", admin).body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long refusals(String reason) {
        JsonNode n = stats().at("/refusals/" + reason);
        return n.isMissingNode() ? 0 : n.asLong();
    }

    private static HttpResponse<String> get(String path, WebClient who) {
        return who.get(path);
    }

    /** A POST with the session cookie and its CSRF token. */
    private static HttpResponse<String> post(String path, String type, String body, WebClient who) {
        return WebClient.send(who.request(path).header("Content-Type", type).header("Accept", "application/json")
                .header("X-CSRF-Token", who.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(condition.get())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
