package org.linli.cloud.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.WebClient;
import org.linli.cloud.rules.DeadmanEvent;
import org.linli.cloud.rules.EncroachmentEvent;
import org.linli.cloud.rules.NoiseEvent;
import org.linli.testkit.Services;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Grid tickets against a real PostgreSQL (and InfluxDB for the evidence), the app running in-process
 * with its clock set by the test. The tests share one app and database: each uses its own episodes. Staff
 * log in: li works grid g1-1, zhang the sibling grid g1-2 (no space, so never a ticket of his own), wang
 * heads area g1 above both.
 */
@Timeout(120)
class TicketsIT {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "it-key-1";
    private static final String DB = "linli_tickets_it";
    /** A distinct episode start for every test. */
    private static final AtomicLong NEXT_START = new AtomicLong(Instant.parse("2026-11-02T11:30:00Z").toEpochMilli());

    @RegisterExtension
    static final Services services = Services.create().postgres().influx();

    private static EmbeddedServer server;
    private static MutableClock clock;
    private static TicketOpener opener;
    private static TicketStore store;
    private static DeadlineJob job;
    private static LiveEvents live;
    /** Grid worker of g1-1, where every test's ticket is. */
    private static WebClient li;
    /** Grid worker of g1-2: another grid. */
    private static WebClient zhang;
    /** Grid head of g1 (above g1-1 and g1-2). */
    private static WebClient wang;

    @BeforeAll
    static void startCloud() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(TicketsIT.class.getResource("/site.yaml").toURI()).toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-tickets-it");
        props.put("linli.influx.url", services.influxProcess().url());
        props.put("linli.influx.database", DB);
        props.put("micronaut.server.port", -1);
        props.put("datasources.default.url", services.postgresProcess().jdbcUrl());
        props.put("datasources.default.username", services.postgresProcess().user());
        props.put("datasources.default.password", services.postgresProcess().password());
        props.put("linli.open311.api-keys", List.of(KEY, "other-key"));
        props.put("linli.test.mutable-clock", "true");
        // The tests feed the opener themselves: the app's own rules, ticking on the test's clock, would
        // report this site's never-heard sensors offline and fold those events into the tests' tickets.
        props.put("linli.rules.enabled", "false");
        // The tests run the deadline job themselves, at the instants they choose.
        props.put("linli.tickets.check-every", "1h");
        server = ApplicationContext.run(EmbeddedServer.class, props);
        ApplicationContext ctx = server.getApplicationContext();
        clock = ctx.getBean(MutableClock.class);
        opener = ctx.getBean(TicketOpener.class);
        store = ctx.getBean(TicketStore.class);
        job = ctx.getBean(DeadlineJob.class);
        live = ctx.getBean(LiveEvents.class);
        li = TestUsers.loginAs(server, "li", Role.GRID_WORKER, "g1-1");
        zhang = TestUsers.loginAs(server, "zhang", Role.GRID_WORKER, "g1-2");
        wang = TestUsers.loginAs(server, "wang", Role.GRID_HEAD, "g1");
    }

    @AfterAll
    static void stopCloud() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(ZONE).toInstant();
    }

    private static NoiseEvent.EpisodeStarted started(Instant start) {
        return new NoiseEvent.EpisodeStarted("plaza-east", start, start.plus(Duration.ofMinutes(5)),
                NoiseEvent.Reason.OVER_LIMIT, 55.0, 74.2);
    }

    private static Instant nextStart() {
        return Instant.ofEpochMilli(NEXT_START.addAndGet(Duration.ofDays(1).toMillis()));
    }

    private static List<Ticket> noiseTickets(Instant start) {
        return store.search(null, null, TicketKind.NOISE, 500).stream()
                .filter(t -> t.episodeKey().equals(start.toString())).toList();
    }

    @Test
    void shouldOpenOneTicketWhenTheSameEpisodeStartedArrivesTwice() {
        clock.set(Instant.now());
        Instant start = nextStart();
        opener.noise(started(start));
        opener.noise(started(start));
        List<Ticket> found = noiseTickets(start);
        assertEquals(1, found.size());
        Ticket t = found.get(0);
        assertEquals("g1-1", t.grid());
        assertEquals("李秀英", t.assignee());
        assertEquals(TicketStatus.DISPATCHED, t.status(), "the rules' tickets are dispatched at once");
        assertEquals(List.of("opened", "dispatch"), store.history(t.id()).stream().map(TicketEvent::type).toList());
    }

    @Test
    void shouldOpenOneTicketWhenTwoThreadsDeliverTheSameEpisodeAtOnce() throws Exception {
        clock.set(Instant.now());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                Instant start = nextStart();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    done.add(pool.submit(() -> {
                        go.await();
                        opener.noise(started(start));
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertEquals(1, noiseTickets(start).size(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldEscalateAnOverdueTicketOnTheWorkingDayCalendar() {
        // Friday 27 Nov 2026 17:00: 2 working hours to accept → Monday 30 Nov 10:00
        clock.set(local("2026-11-27T17:00"));
        Instant since = local("2026-11-27T16:20");
        opener.encroachment(new EncroachmentEvent.EncroachmentStarted("green-2", since, since.plus(Duration.ofMinutes(31)),
                Duration.ofMinutes(30)));
        Ticket t = store.find("green-2", TicketKind.ENCROACHMENT, since.toString()).orElseThrow();
        assertEquals(local("2026-11-30T10:00"), t.acceptDue());

        job.runAt(local("2026-11-29T23:00"));
        assertEquals(Level.WORKER, store.find(t.id()).orElseThrow().level(), "the weekend does not count");

        job.runAt(local("2026-11-30T10:00:01"));
        Ticket escalated = store.find(t.id()).orElseThrow();
        assertEquals(Level.GRID_HEAD, escalated.level());
        assertEquals("王建华", escalated.assignee());
        job.runAt(local("2026-11-30T11:00"));
        assertEquals(1, store.history(t.id()).stream().filter(e -> e.type().equals("escalated")).count(),
                "never twice for the same deadline");
    }

    @Test
    void shouldUpdateTheEpisodeFactsWithoutChangingTheStatus() {
        clock.set(Instant.now());
        Instant start = nextStart();
        opener.noise(started(start));
        opener.noise(new NoiseEvent.EpisodeUpdated("plaza-east", start, start.plus(Duration.ofMinutes(20)), 76.4, 73.0));
        Ticket updated = noiseTickets(start).get(0);
        assertEquals(76.4, updated.peakDb());
        assertEquals(73.0, updated.laeqDb());
        Instant end = start.plus(Duration.ofMinutes(120));
        opener.noise(new NoiseEvent.EpisodeEnded("plaza-east", start, end, end.plus(Duration.ofMinutes(10)), 76.9, 74.8, 118));
        Ticket ended = noiseTickets(start).get(0);
        assertEquals(end, ended.episodeEnd());
        assertEquals(76.9, ended.peakDb());
        assertEquals(TicketStatus.DISPATCHED, ended.status());
        assertEquals(List.of("opened", "dispatch", "episode"), store.history(ended.id()).stream().map(TicketEvent::type).toList());
    }

    @Test
    void shouldOpenAnOfflineTicketAndNoEncroachmentForAnOfflineSensor() {
        clock.set(Instant.now());
        long encroachmentsBefore = store.search(null, null, TicketKind.ENCROACHMENT, 500).stream()
                .filter(t -> t.space().equals("fire-lane-3")).count();
        Instant at = nextStart();
        opener.deadman(new DeadmanEvent.SensorOffline("park-3", "gw-01", at, at.minusSeconds(300), "offline status: no power"));
        Ticket t = store.find("fire-lane-3", TicketKind.DEVICE_OFFLINE, TicketOpener.sensorKey("park-3", at)).orElseThrow();
        assertEquals("park-3", t.subject());
        assertEquals("offline status: no power", t.reason());
        opener.deadman(new DeadmanEvent.SensorBack("park-3", "gw-01", at.plusSeconds(900), at));
        assertEquals(at.plusSeconds(900), store.find(t.id()).orElseThrow().episodeEnd());
        assertEquals(encroachmentsBefore, store.search(null, null, TicketKind.ENCROACHMENT, 500).stream()
                .filter(x -> x.space().equals("fire-lane-3")).count());
    }

    @Test
    void shouldFoldTheSensorTicketsIntoTheGatewaysTicket() {
        clock.set(Instant.now());
        Instant t0 = nextStart();
        opener.deadman(new DeadmanEvent.SensorOffline("pir-1", "gw-01", t0, t0.minusSeconds(300), "no good reading for PT5M"));
        opener.deadman(new DeadmanEvent.SensorOffline("park-3", "gw-01", t0.plusSeconds(60), t0.minusSeconds(240), "no good reading for PT5M"));
        Instant gwAt = t0.plusSeconds(120);
        opener.deadman(new DeadmanEvent.GatewayOffline("gw-01", gwAt, "all sensors silent"));
        Ticket gateway = store.find("plaza-east", TicketKind.DEVICE_OFFLINE, TicketOpener.gatewayKey("gw-01", gwAt)).orElseThrow();
        for (Ticket s : List.of(store.find("plaza-east", TicketKind.DEVICE_OFFLINE, TicketOpener.sensorKey("pir-1", t0)).orElseThrow(),
                store.find("fire-lane-3", TicketKind.DEVICE_OFFLINE, TicketOpener.sensorKey("park-3", t0.plusSeconds(60))).orElseThrow())) {
            assertEquals(TicketStatus.REJECTED, s.status(), s.toString());
            String note = store.history(s.id()).get(store.history(s.id()).size() - 1).note();
            assertTrue(note.contains("#" + gateway.id()), note);
        }
        // while the gateway is down a sensor's outage is noted on its ticket, not opened anew
        Instant later = gwAt.plusSeconds(600);
        opener.deadman(new DeadmanEvent.SensorOffline("pir-1", "gw-01", later, later.minusSeconds(300), "again"));
        assertTrue(store.find("plaza-east", TicketKind.DEVICE_OFFLINE, TicketOpener.sensorKey("pir-1", later)).isEmpty());
        assertTrue(store.history(gateway.id()).stream().anyMatch(e -> e.type().equals("episode") && e.note().contains("pir-1")));
        opener.deadman(new DeadmanEvent.GatewayBack("gw-01", gwAt.plusSeconds(900), gwAt));
        assertEquals(gwAt.plusSeconds(900), store.find(gateway.id()).orElseThrow().episodeEnd());
        // back: a sensor's outage opens its own ticket again
        Instant after = gwAt.plusSeconds(1200);
        opener.deadman(new DeadmanEvent.SensorOffline("pir-1", "gw-01", after, after.minusSeconds(300), "silent"));
        assertTrue(store.find("plaza-east", TicketKind.DEVICE_OFFLINE, TicketOpener.sensorKey("pir-1", after)).isPresent());
    }

    @Test
    void shouldRecordTheRecheckOutcomeAfterResolution() throws Exception {
        clock.set(Instant.now());
        Instant first = nextStart();
        opener.noise(started(first));
        long id = noiseTickets(first).get(0).id();
        assertEquals(200, post("/api/tickets/" + id + "/accept", "{\"actor\":\"李秀英\"}").statusCode());
        assertEquals(200, post("/api/tickets/" + id + "/resolve", "{\"actor\":\"李秀英\",\"note\":\"已劝导 talked to the group\"}").statusCode());
        // The same group the next evening, within the 24 h watch
        Instant again = clock.instant().plus(Duration.ofHours(3));
        opener.noise(started(again));
        // the watch window ends while that episode lasts: no "quiet", its end is waited for
        job.runAt(clock.instant().plus(Duration.ofHours(25)));
        assertEquals(null, store.find(id).orElseThrow().recheckOutcome());
        Instant end = again.plus(Duration.ofMinutes(90));
        opener.noise(new NoiseEvent.EpisodeEnded("plaza-east", again, end, end.plus(Duration.ofMinutes(10)), 75.5, 72.3, 85));
        Ticket t = store.find(id).orElseThrow();
        assertNotNull(t.recheckOutcome());
        assertTrue(t.recheckOutcome().contains("再次超标") && t.recheckOutcome().contains("72.3 dB(A)"), t.recheckOutcome());
        Ticket next = noiseTickets(again).get(0);
        assertTrue(next.seriesCount() >= 2, "linked to the series: " + next.seriesCount());
        assertNotNull(next.seriesId());
    }

    @Test
    void shouldRecordAQuietRecheckWhenTheWindowPasses() throws Exception {
        clock.set(Instant.now());
        Instant since = nextStart();
        opener.encroachment(new EncroachmentEvent.EncroachmentStarted("fire-lane-3", since, since.plus(Duration.ofMinutes(6)),
                Duration.ofMinutes(5)));
        long id = store.find("fire-lane-3", TicketKind.ENCROACHMENT, since.toString()).orElseThrow().id();
        post("/api/tickets/" + id + "/accept", "{\"actor\":\"li\"}");
        post("/api/tickets/" + id + "/resolve", "{\"actor\":\"li\"}");
        job.runAt(clock.instant().plus(Duration.ofHours(25)));
        String outcome = store.find(id).orElseThrow().recheckOutcome();
        assertNotNull(outcome);
        assertTrue(outcome.startsWith("安静"), outcome);
    }

    @Test
    void shouldRoundTripAnOpen311Request() throws Exception {
        clock.set(Instant.now());
        HttpResponse<String> created = form("/open311/v2/requests.json", Map.of("api_key", KEY, "service_code", "noise",
                "attribute[space]", "plaza-east", "description", "晚上广场舞太吵 too loud at night", "first_name", "张"));
        assertEquals(201, created.statusCode(), created.body());
        String id = JSON.readTree(created.body()).get(0).get("service_request_id").asText();

        JsonNode one = JSON.readTree(get("/open311/v2/requests/" + id + ".json").body()).get(0);
        assertEquals("open", one.get("status").asText());
        assertEquals("noise", one.get("service_code").asText());
        assertEquals("东区网格", one.get("agency_responsible").asText());
        assertEquals("plaza-east", one.get("address_id").asText());
        assertFalse(one.get("expected_datetime").isNull(), one.toString());
        assertEquals("晚上广场舞太吵 too loud at night", one.get("description").asText());

        JsonNode list = JSON.readTree(get("/open311/v2/requests.json?service_code=noise&status=open").body());
        assertTrue(list.findValuesAsText("service_request_id").contains(id), list.toString());

        Ticket t = store.find(Long.parseLong(id)).orElseThrow();
        assertEquals(TicketKind.RESIDENT_REPORT, t.kind());
        assertEquals("张", t.reporter());

        // by address_string (the space's name)
        assertEquals(201, form("/open311/v2/requests.json", Map.of("api_key", KEY, "service_code", "encroachment",
                "address_string", "3号楼消防通道")).statusCode());
    }

    @Test
    void shouldRefuseAnOpen311RequestWithoutAValidKey() throws Exception {
        HttpResponse<String> wrong = form("/open311/v2/requests.json", Map.of("api_key", "nope", "service_code", "noise",
                "attribute[space]", "plaza-east"));
        assertEquals(403, wrong.statusCode());
        assertEquals(403, JSON.readTree(wrong.body()).get(0).get("code").asInt());
        assertEquals(403, form("/open311/v2/requests.json", Map.of("service_code", "noise", "attribute[space]", "plaza-east")).statusCode());
        assertEquals(400, form("/open311/v2/requests.json", Map.of("api_key", KEY, "service_code", "noise",
                "address_string", "火星 mars")).statusCode());
        JsonNode services = JSON.readTree(get("/open311/v2/services.json").body());
        assertEquals("noise", services.get(0).get("service_code").asText());
    }

    @Test
    void shouldStreamATicketOpenedEvent() throws Exception {
        clock.set(Instant.now());
        BlockingQueue<JsonNode> events = subscribe(li);
        // The subscription may lag the response headers a little: open tickets until one shows.
        JsonNode event = null;
        Instant deadline = Instant.now().plusSeconds(20);
        while (event == null && Instant.now().isBefore(deadline)) {
            opener.deadman(new DeadmanEvent.SensorOffline("pir-1", "gw-01", nextStart(), Instant.now(), "silent 5 min"));
            for (JsonNode e = events.poll(500, TimeUnit.MILLISECONDS); e != null && event == null; e = events.poll()) {
                if (e.get("type").asText().equals("ticket-opened")) {
                    event = e;
                }
            }
        }
        assertNotNull(event, "no ticket-opened event within 20 s");
        assertEquals("plaza-east", event.get("space").asText());
        assertEquals("g1-1", event.get("grid").asText());
        assertTrue(event.get("summary").asText().contains("传感器 pir-1 离线"), event.toString());
    }

    @Test
    void shouldStreamOnlyTheEventsOfTheUsersGrids() throws Exception {
        clock.set(Instant.now());
        BlockingQueue<JsonNode> events = subscribe(zhang);
        // Pairs of (a g1-1 ticket, a g1-2 marker): once zhang has two markers, the g1-1 ticket between them was
        // published while he was subscribed, and must not have reached him.
        List<JsonNode> seen = new ArrayList<>();
        int markers = 0;
        Instant deadline = Instant.now().plusSeconds(20);
        while (markers < 2 && Instant.now().isBefore(deadline)) {
            opener.deadman(new DeadmanEvent.SensorOffline("pir-1", "gw-01", nextStart(), Instant.now(), "silent 5 min"));
            live.publish(new LiveEvent("sensor-back", null, "g1-2", Instant.now().toString(), "marker", null, null, null, null));
            for (JsonNode e = events.poll(500, TimeUnit.MILLISECONDS); e != null; e = events.poll()) {
                seen.add(e);
                if (e.get("summary").asText().equals("marker")) {
                    markers++;
                }
            }
        }
        assertTrue(markers >= 2, "markers seen: " + seen);
        assertTrue(seen.stream().noneMatch(e -> e.get("grid").asText().equals("g1-1")), "another grid's events: " + seen);
    }

    @Test
    void shouldRefuseAnotherGridsWorkerTheTicketAndItsActions() throws Exception {
        clock.set(Instant.now());
        Instant start = nextStart();
        opener.noise(started(start));
        long id = noiseTickets(start).get(0).id();

        assertEquals(403, zhang.get("/api/tickets/" + id).statusCode());
        assertEquals(403, zhang.get("/api/tickets/" + id + "/evidence").statusCode());
        assertEquals(403, zhang.postJson("/api/tickets/" + id + "/accept", "{}").statusCode());
        assertEquals(403, zhang.postJson("/api/tickets/" + id + "/note", "{\"note\":\"x\"}").statusCode());
        assertEquals(403, zhang.get("/api/tickets?grid=g1-1").statusCode());
        assertEquals(0, zhang.getJson("/api/tickets").size(), "none of g1-1's tickets in his list");
        assertEquals(0, zhang.getJson("/api/kpis?from=2020-01-01").get("community").get("dispatched").asInt());
        assertEquals(0, zhang.getJson("/api/spaces").size(), "g1-2 has no space");
        assertEquals(TicketStatus.DISPATCHED, store.find(id).orElseThrow().status(), "nothing changed");
        assertEquals(401, WebClient.anonymous(TestUsers.base(server)).get("/api/tickets").statusCode());

        // the worker of the grid may see and work it, but not evaluate or close: that is the head's part
        assertTrue(li.getJson("/api/tickets").findValuesAsText("id").contains(String.valueOf(id)));
        assertEquals(403, li.postJson("/api/tickets/" + id + "/escalate", "{\"note\":\"up\"}").statusCode());
        assertEquals(200, li.postJson("/api/tickets/" + id + "/accept", "{\"actor\":\"someone else\"}").statusCode());
        assertEquals("li", store.history(id).get(store.history(id).size() - 1).actor(), "the session names the actor, not the body");
        assertEquals(200, li.postJson("/api/tickets/" + id + "/resolve", "{\"note\":\"done\"}").statusCode());
        assertEquals(403, li.postJson("/api/tickets/" + id + "/evaluate", "{\"satisfied\":true}").statusCode());
        assertEquals(200, wang.postJson("/api/tickets/" + id + "/evaluate", "{\"satisfied\":true}").statusCode());
        assertEquals(200, wang.postJson("/api/tickets/" + id + "/close", "{}").statusCode());
    }

    @Test
    void shouldFilterTheTicketList() throws Exception {
        clock.set(Instant.now());
        Instant at = nextStart();
        opener.deadman(new DeadmanEvent.GatewayOffline("gw-01", at, "last will"));
        long id = store.find("plaza-east", TicketKind.DEVICE_OFFLINE, "gateway:gw-01@" + at).orElseThrow().id();
        assertEquals(200, post("/api/tickets/" + id + "/accept", "{\"actor\":\"李秀英\"}").statusCode());
        // back again, so the other tests' sensor tickets are not folded into this gateway's
        opener.deadman(new DeadmanEvent.GatewayBack("gw-01", at.plusSeconds(60), at));

        JsonNode offline = JSON.readTree(get("/api/tickets?kind=DEVICE_OFFLINE&grid=g1-1").body());
        assertTrue(offline.size() >= 1);
        offline.forEach(t -> assertEquals("DEVICE_OFFLINE", t.get("kind").asText()));
        JsonNode accepted = JSON.readTree(get("/api/tickets?status=ACCEPTED&kind=device-offline").body());
        assertTrue(accepted.findValuesAsText("id").contains(String.valueOf(id)), accepted.toString());
        accepted.forEach(t -> assertEquals("ACCEPTED", t.get("status").asText()));
        assertEquals(400, get("/api/tickets?grid=g9").statusCode(), "a grid the site does not know");
        assertEquals(400, get("/api/tickets?status=LOST").statusCode());

        // the detail has the history; a refused action says why
        JsonNode detail = JSON.readTree(get("/api/tickets/" + id).body());
        assertEquals(List.of("opened", "dispatch", "accept", "episode"), detail.get("events").findValuesAsText("type"));
        HttpResponse<String> refused = wang.postJson("/api/tickets/" + id + "/close", "{}");
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("cannot close"), refused.body());
        assertEquals(403, post("/api/tickets/" + id + "/close", "{}").statusCode(), "closing is the head's part");
    }

    @Test
    void shouldListOverdueTicketsFirst() throws Exception {
        // filed and dispatched long ago, never accepted: overdue now
        clock.set(local("2026-01-05T09:00"));
        Instant old = nextStart();
        opener.noise(started(old));
        long overdueId = noiseTickets(old).get(0).id();
        clock.set(Instant.now());
        opener.noise(started(nextStart()));
        JsonNode list = JSON.readTree(get("/api/tickets?kind=NOISE").body());
        assertTrue(list.get(0).get("overdue").asBoolean(), list.get(0).toString());
        assertTrue(list.findValuesAsText("id").contains(String.valueOf(overdueId)));
    }

    @Test
    void shouldBuildTheEvidenceFromInfluxDb() throws Exception {
        clock.set(Instant.now());
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        services.influxProcess().createDatabase(DB);
        try (InfluxDB influx = InfluxDBFactory.connect(services.influxProcess().url(), new OkHttpClient.Builder())) {
            for (int m = -40; m < 40; m += 5) {
                influx.write(DB, "autogen", Point.measurement("noise").time(start.plus(Duration.ofMinutes(m)).toEpochMilli(), TimeUnit.MILLISECONDS)
                        .tag("site", "huayuan").tag("gateway", "gw-01").tag("sensor", "slm-1").tag("space", "plaza-east").tag("grid", "g1-1")
                        .addField("laeq", m < 0 ? 48.0 : 74.5).addField("quality", "good").build());
            }
        }
        opener.noise(started(start));
        long id = noiseTickets(start).get(0).id();
        JsonNode ev = JSON.readTree(get("/api/tickets/" + id + "/evidence").body());
        assertEquals("ok", ev.get("series").asText(), ev.toString());
        // from start − 30 min to now + 30 min: the points from −30 on
        assertEquals(14, ev.get("points").size(), ev.get("points").toString());
        assertEquals("slm-1", ev.get("points").get(0).get("sensor").asText());
        assertEquals(48.0, ev.get("points").get(0).get("values").get("laeq").asDouble());
        assertEquals("1", ev.get("thresholds").get("zoneClass").asText());
        assertEquals(55, ev.get("thresholds").get("dayLimitDb").asInt());
        assertEquals(55.0, ev.get("thresholds").get("limitAppliedDb").asDouble());
        assertEquals("pir-1", ev.get("sensors").get(0).get("id").asText());
        assertEquals("gw-01", ev.get("sensors").get(0).get("gateway").asText());

        services.influxProcess().stop();
        try {
            HttpResponse<String> down = get("/api/tickets/" + id + "/evidence");
            assertEquals(200, down.statusCode());
            JsonNode pack = JSON.readTree(down.body());
            assertEquals("unavailable", pack.get("series").asText());
            assertTrue(pack.get("seriesNote").asText().startsWith("InfluxDB unavailable"), pack.toString());
            assertEquals(55, pack.get("thresholds").get("dayLimitDb").asInt());
        } finally {
            services.influxProcess().restart();
        }
    }

    @Test
    void shouldAnswerEveryPathOfTheOpenApiDocument() throws Exception {
        clock.set(Instant.now());
        Instant start = nextStart();
        opener.noise(started(start));
        long id = noiseTickets(start).get(0).id();
        HttpResponse<String> yml = WebClient.send(li.request("/api/openapi.yml").GET());
        assertEquals(200, yml.statusCode());
        String doc = yml.body();
        Matcher m = Pattern.compile("(?m)^  (/\\S+):\\n    (get|post):").matcher(doc);
        int checked = 0;
        while (m.find()) {
            String path = m.group(1).replace("{id}", String.valueOf(id)).replace("{action}", "note").replace("{space}", "plaza-east");
            HttpRequest.Builder req = li.request(path);
            if (m.group(2).equals("post")) {
                req.header("Content-Type", "application/json").header("X-CSRF-Token", li.csrfToken())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"openapi check\"}"));
            }
            HttpResponse<InputStream> r = HTTP.sendAsync(req.build(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
            r.body().close();
            assertNotEquals(404, r.statusCode(), path);
            assertTrue(r.statusCode() < 500, path + " answered " + r.statusCode());
            checked++;
        }
        assertTrue(checked >= 9, "paths checked: " + checked);
    }

    @Test
    void shouldComputeKpisPerGridAndCommunity() throws Exception {
        clock.set(Instant.now());
        JsonNode k = JSON.readTree(get("/api/kpis?from=2020-01-01").body());
        assertEquals("花园社区", k.get("community").get("scope").asText());
        assertTrue(k.get("community").get("dispatched").asInt() >= 1, k.toString());
        assertEquals("g1-1", k.get("grids").get(0).get("scope").asText());
        assertEquals(400, get("/api/kpis?from=yesterday").statusCode());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    /** A GET as li, the worker of g1-1 (Open311's paths ignore the session). */
    private static HttpResponse<String> get(String path) {
        return li.get(path);
    }

    /** A POST as li, with the CSRF token. */
    private static HttpResponse<String> post(String path, String json) {
        return li.postJson(path, json);
    }

    /** The JSON events of {@code client}'s {@code /api/events} stream, read on a daemon thread. */
    private static BlockingQueue<JsonNode> subscribe(WebClient client) throws Exception {
        HttpResponse<InputStream> stream = HTTP.sendAsync(client.request("/api/events").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        assertEquals(200, stream.statusCode());
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events.add(JSON.readTree(line.substring(5).strip()));
                    }
                }
            } catch (Exception e) {
                // the stream ends with the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    private static HttpResponse<String> form(String path, Map<String, String> fields) throws Exception {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

}
