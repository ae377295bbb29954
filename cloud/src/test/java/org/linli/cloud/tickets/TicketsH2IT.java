package org.linli.cloud.tickets;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.WebClient;
import org.linli.cloud.rules.DeadmanEvent;
import org.linli.cloud.rules.NoiseEvent;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same SQL on the embedded default, an H2 file in PostgreSQL mode: one ticket per episode (twice,
 * and racing), the list's filters, the API's grid checks for logged-in staff, and the scheduled deadline
 * job escalating by itself.
 */
@Timeout(60)
class TicketsH2IT {
    @TempDir
    static Path dataDir;

    private static EmbeddedServer server;
    private static MutableClock clock;
    private static TicketOpener opener;
    private static TicketStore store;

    @BeforeAll
    static void startCloud() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(TicketsH2IT.class.getResource("/site.yaml").toURI()).toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-tickets-h2-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("micronaut.server.port", -1);
        // The production default's URL, not the test environment's in-memory database.
        props.put("datasources.default.url", "jdbc:h2:file:" + dataDir + "/linli-cloud;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        props.put("linli.test.mutable-clock", "true");
        props.put("linli.tickets.check-every", "200ms");
        server = ApplicationContext.run(EmbeddedServer.class, props);
        clock = server.getApplicationContext().getBean(MutableClock.class);
        opener = server.getApplicationContext().getBean(TicketOpener.class);
        store = server.getApplicationContext().getBean(TicketStore.class);
    }

    @AfterAll
    static void stopCloud() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static NoiseEvent.EpisodeStarted started(Instant start) {
        return new NoiseEvent.EpisodeStarted("plaza-east", start, start.plus(Duration.ofMinutes(5)),
                NoiseEvent.Reason.OVER_LIMIT, 55.0, 71.0);
    }

    @Test
    void shouldOpenOneTicketPerEpisodeEvenWhenRacing() throws Exception {
        clock.set(Instant.now());
        Instant start = Instant.parse("2026-11-20T11:35:00Z");
        opener.noise(started(start));
        opener.noise(started(start));
        Instant raced = Instant.parse("2026-11-21T11:35:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                done.add(pool.submit(() -> {
                    go.await();
                    opener.noise(started(raced));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Ticket> noise = store.search(null, "g1-1", TicketKind.NOISE, 100);
        assertEquals(1, noise.stream().filter(t -> t.episodeKey().equals(start.toString())).count());
        assertEquals(1, noise.stream().filter(t -> t.episodeKey().equals(raced.toString())).count());
        assertEquals(0, store.search(TicketStatus.CLOSED, null, null, 100).size());
    }

    @Test
    void shouldShowATicketOnlyToTheStaffOfItsGrid() {
        clock.set(Instant.now());
        Instant start = Instant.parse("2026-11-22T11:35:00Z");
        opener.noise(started(start));
        long id = store.find("plaza-east", TicketKind.NOISE, start.toString()).orElseThrow().id();
        WebClient li = TestUsers.loginAs(server, "li-h2", Role.GRID_WORKER, "g1-1");
        WebClient zhang = TestUsers.loginAs(server, "zhang-h2", Role.GRID_WORKER, "g1-2");

        assertTrue(li.getJson("/api/tickets?kind=NOISE").findValuesAsText("id").contains(String.valueOf(id)));
        assertEquals(200, li.get("/api/tickets/" + id).statusCode());
        assertEquals(0, zhang.getJson("/api/tickets").size());
        assertEquals(403, zhang.get("/api/tickets/" + id).statusCode());
        assertEquals(403, zhang.postJson("/api/tickets/" + id + "/accept", "{}").statusCode());
        assertEquals(200, li.postJson("/api/tickets/" + id + "/accept", "{}").statusCode());
        assertEquals(TicketStatus.ACCEPTED, store.find(id).orElseThrow().status());
    }

    @Test
    void shouldEscalateFromTheScheduledJob() {
        // Dispatched a year ago, never accepted: the job (every 200 ms here) escalates it by itself.
        clock.set(Instant.parse("2025-11-03T02:00:00Z"));
        Instant at = Instant.parse("2025-11-03T01:00:00Z");
        opener.deadman(new DeadmanEvent.SensorOffline("park-3", "gw-01", at, at.minusSeconds(300), "silent"));
        long id = store.find("fire-lane-3", TicketKind.DEVICE_OFFLINE, TicketOpener.sensorKey("park-3", at)).orElseThrow().id();
        clock.set(Instant.now());
        Instant deadline = Instant.now().plusSeconds(20);
        while (store.find(id).orElseThrow().level() == Level.WORKER && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        Ticket t = store.find(id).orElseThrow();
        assertTrue(t.acceptEscalated() && t.resolveEscalated(), "both deadlines passed: " + t);
        assertEquals(Level.COMMUNITY, t.level());
    }
}
