package org.linli.cloud.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.TwoGridSite;
import org.linli.cloud.auth.WebClient;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/events} with {@code Last-Event-ID}, over HTTP on the in-process cloud: every event carries an id;
 * a client that reconnects with the last id it saw gets exactly what it missed, in order, then the live events,
 * none twice; an id from another process (a restart) or one older than the ring gives a {@code replay-gap}; a
 * replay holds only the user's grids. Also {@code GET /api/kpis/periods}.
 */
@Timeout(60)
class LiveReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedServer server;
    private static LiveEvents live;
    private static WebClient admin;
    private static WebClient zhang;

    @BeforeAll
    static void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", TwoGridSite.file().toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-replay-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        live = server.getApplicationContext().getBean(LiveEvents.class);
        admin = TestUsers.loginAs(server, "root", Role.COMMUNITY_ADMIN, null);
        zhang = TestUsers.loginAs(server, "zhang", Role.GRID_WORKER, "g1-2");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    /** One server-sent event as read off the wire. */
    record Sse(String id, String name, JsonNode data) {
    }

    /** An open stream: its events on a queue, filled by a daemon thread; close to hang up. */
    record Stream(BlockingQueue<Sse> events, InputStream body) implements AutoCloseable {
        Sse next() throws InterruptedException {
            Sse e = events.poll(20, TimeUnit.SECONDS);
            assertNotNull(e, "an event within 20 s");
            return e;
        }

        /** The next event, or null when none comes within a second (for "nothing more"). */
        Sse nextOrNull() throws InterruptedException {
            return events.poll(1, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    private static Stream connect(WebClient client, String lastEventId) throws Exception {
        HttpRequest.Builder b = client.request("/api/events").timeout(java.time.Duration.ofMinutes(5)).GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                String id = null;
                String name = null;
                StringBuilder data = new StringBuilder();
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Sse(id, name, JSON.readTree(data.toString())));
                        }
                        id = null;
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (Exception e) {
                // hung up by the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return new Stream(events, r.body());
    }

    private static void publish(String grid, String summary) {
        live.publish(new LiveEvent("noise-started", "g1-1".equals(grid) ? "plaza-east" : "plaza-west", grid,
                Instant.now().toString(), summary, null, null, null, null));
    }

    @Test
    void shouldReplayExactlyWhatAReconnectingClientMissedThenGoOnLive() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Stream s = connect(admin, null)) {
            Sse hello = s.next();
            assertEquals("connected", hello.name());
            assertNull(hello.id(), "no id: the browser keeps the last real one");
            for (int i = 1; i <= 3; i++) {
                publish("g1-1", "seen " + i);
            }
            for (int i = 1; i <= 3; i++) {
                Sse e = s.next();
                assertEquals("seen " + i, e.data().get("summary").asText());
                assertEquals("noise-started", e.name());
                assertNotNull(e.id());
                ids.add(e.id());
            }
        }
        assertEquals(3, ids.stream().distinct().count(), "every event its own id");
        publish("g1-1", "missed 1");
        publish("g1-2", "missed 2");

        try (Stream s = connect(admin, ids.get(2))) {
            assertEquals("connected", s.next().name());
            Sse m1 = s.next();
            Sse m2 = s.next();
            assertEquals("missed 1", m1.data().get("summary").asText());
            assertEquals("missed 2", m2.data().get("summary").asText());
            publish("g1-1", "live after replay");
            assertEquals("live after replay", s.next().data().get("summary").asText());
            assertNull(s.nextOrNull(), "nothing twice");
        }

        // a fresh connection without an id replays nothing
        try (Stream s = connect(admin, null)) {
            assertEquals("connected", s.next().name());
            assertNull(s.nextOrNull());
        }
    }

    @Test
    void shouldReplayOnlyTheUsersGridsAndReportAGapForAnIdItCannotPlace() throws Exception {
        String before;
        try (Stream s = connect(admin, null)) {
            s.next();
            publish("g1-1", "mark");
            before = s.next().id();
        }
        publish("g1-1", "east only");
        publish("g1-2", "west for zhang");
        try (Stream s = connect(zhang, before)) {
            assertEquals("connected", s.next().name());
            Sse e = s.next();
            assertEquals("west for zhang", e.data().get("summary").asText(), "no g1-1 event replayed to g1-2's worker");
            assertNull(s.nextOrNull());
        }
        try (Stream s = connect(admin, "0000-17")) {
            assertEquals("connected", s.next().name());
            assertEquals("replay-gap", s.next().name(), "an id from before a restart: some events are lost");
        }
        try (Stream s = connect(admin, "garbage")) {
            assertEquals("connected", s.next().name());
            assertEquals("replay-gap", s.next().name());
        }
    }

    @Test
    void shouldReportAGapWhenTheMissedEventsFellOutOfTheRing() throws Exception {
        String old;
        try (Stream s = connect(admin, null)) {
            s.next();
            publish("g1-1", "old");
            old = s.next().id();
        }
        for (int i = 0; i < LiveEvents.KEEP + 5; i++) {
            publish("g1-1", "flood " + i);
        }
        try (Stream s = connect(admin, old)) {
            assertEquals("connected", s.next().name());
            assertEquals("replay-gap", s.next().name());
            Sse first = s.next();
            assertTrue(first.data().get("summary").asText().startsWith("flood "), first.toString());
            assertEquals("flood 5", first.data().get("summary").asText(), "the oldest kept");
        }
    }

    @Test
    void shouldAnswerKpisForTheLastEightWeeksOrSixMonthsInOneRequest() throws Exception {
        JsonNode weeks = admin.getJson("/api/kpis/periods");
        assertEquals("week", weeks.get("by").asText());
        assertEquals(8, weeks.get("periods").size());
        JsonNode months = admin.getJson("/api/kpis/periods?by=month");
        assertEquals(6, months.get("periods").size());
        assertTrue(months.get("periods").get(0).get("from").asText().endsWith("-01"));
        assertEquals(3, admin.getJson("/api/kpis/periods?by=month&count=3").get("periods").size());
        assertEquals(400, admin.get("/api/kpis/periods?by=year").statusCode());
        assertEquals(400, admin.get("/api/kpis/periods?count=99").statusCode());
        assertEquals(403, zhang.get("/api/kpis/periods?grid=g1-1").statusCode(), "another grid's");
        WebClient operator = TestUsers.loginAs(server, "zhou", Role.CANTEEN_OPERATOR, "canteen-1");
        assertEquals(403, operator.get("/api/kpis/periods").statusCode());
    }
}
