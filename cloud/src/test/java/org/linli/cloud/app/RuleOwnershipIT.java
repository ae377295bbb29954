package org.linli.cloud.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.WebClient;
import org.linli.cloud.rules.NoiseEvent.EpisodeEnded;
import org.linli.cloud.rules.NoiseEvent.EpisodeStarted;
import org.linli.testkit.Services;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two cloud instances on one MQTT 5 shared subscription and one PostgreSQL (real Mosquitto, InfluxDB and
 * PostgreSQL from deploy/testkit) share the rules by leases: the two spaces of the site run on different
 * instances, a square-dance episode published at event time opens exactly one noise ticket although each
 * instance's ingest sees only part of the readings, and when the instance that runs the space stops
 * mid-episode the other takes the space over: still one episode, one ticket, ended once, with every
 * loud minute counted.
 */
@Timeout(240)
class RuleOwnershipIT {
    private static final WireCodec CODEC = new WireCodec();
    private static final String PLAZA = "space:plaza-east";
    private static final String LANE = "space:fire-lane-3";
    /** Two hours ago: event time well inside the idle lag (1 day), so only readings move the noise rule. */
    private static final Instant EVENING = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));

    @RegisterExtension
    static final Services services = Services.mosquitto().influx().postgres();

    private static final Map<String, EmbeddedServer> instances = new LinkedHashMap<>();
    private static final Map<String, WebClient> admins = new HashMap<>();
    private static long seq;

    @AfterAll
    static void stop() {
        instances.values().forEach(s -> {
            if (s.getApplicationContext().isRunning()) {
                s.getApplicationContext().close();
            }
        });
    }

    private static void start(String name) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(RuleOwnershipIT.class.getResource("/site-rules.yaml").toURI()).toString());
        props.put("linli.mqtt.uri", services.mosquittoProcess().uri());
        props.put("linli.mqtt.client-id", "linli-cloud-own-" + name);
        props.put("linli.mqtt.shared-group", "linli-cloud");
        props.put("linli.influx.url", services.influxProcess().url());
        props.put("linli.influx.database", "linli_ownership_it");
        props.put("linli.spool.path", Path.of("target", "it-spool", "RuleOwnershipIT-" + name + "-" + UUID.randomUUID()).toString());
        props.put("linli.rules.idle-lag", "1d");
        props.put("linli.rules.lease-time", "6s");
        props.put("linli.rules.lease-renew-every", "1s");
        props.put("linli.test.recording-sink", "true");
        props.put("datasources.default.url", services.postgresProcess().jdbcUrl());
        props.put("datasources.default.username", services.postgresProcess().user());
        props.put("datasources.default.password", services.postgresProcess().password());
        props.put("micronaut.server.port", -1);
        EmbeddedServer s = ApplicationContext.run(EmbeddedServer.class, props);
        instances.put(name, s);
        admins.put(name, TestUsers.loginAs(s, "owners-it-" + name, Role.COMMUNITY_ADMIN, null));
    }

    private static JsonNode owners(String name) {
        return admins.get(name).getJson("/api/rules/owners");
    }

    /** Which instance the shared leases name for {@code scope}, null when none holds it. */
    private static String ownerOf(String asking, String scope) {
        for (JsonNode l : owners(asking).get("leases")) {
            if (scope.equals(l.get("scope").asText()) && l.get("live").asBoolean()) {
                return l.get("owner").asText();
            }
        }
        return null;
    }

    private static boolean runs(String name, String scope) {
        for (JsonNode s : owners(name).get("owned")) {
            if (scope.equals(s.asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void shouldRunEachSpaceOnOneInstanceAndKeepAnEpisodeWholeAcrossAHandover() throws Exception {
        RecordingSink.EVENTS.clear();
        start("a");
        start("b");
        awaitTrue("both rules feeds up and every scope leased, the two spaces on different instances", () -> {
            String plaza = ownerOf("a", PLAZA);
            String lane = ownerOf("a", LANE);
            return owners("a").get("feedUp").asBoolean() && owners("b").get("feedUp").asBoolean()
                    && admins.get("a").get("/health").statusCode() == 200 && admins.get("b").get("/health").statusCode() == 200
                    && plaza != null && lane != null && !plaza.equals(lane) && ownerOf("a", "deadman") != null
                    && runs(name(plaza), PLAZA) && runs(name(lane), LANE);
        });
        String first = name(ownerOf("a", PLAZA));
        String other = "a".equals(first) ? "b" : "a";
        assertEquals(ownerOf("a", PLAZA), ownerOf("b", PLAZA), "both instances read the same leases");
        assertEquals(false, runs(other, PLAZA), "the space runs on one instance only");

        publishMinutes(0, 10, 75);
        awaitTrue("the episode started", () -> RecordingSink.of(EpisodeStarted.class).size() == 1);
        awaitTrue("the ticket is open", () -> noiseTickets() == 1);
        awaitTrue("the ten batches split between the two ingests, none lost or doubled", () ->
                accepted("a") + accepted("b") == 10 && influxCount() == 10);
        assertTrue(accepted("a") > 0 && accepted("b") > 0, "both ingests took a share: " + accepted("a") + " / " + accepted("b"));
        assertEquals(0, stats("a").get("duplicates").asLong() + stats("b").get("duplicates").asLong());

        instances.get(first).getApplicationContext().close(); // saves plaza-east and gives it up
        awaitTrue("the other instance took the space over", () -> runs(other, PLAZA));
        assertEquals("linli-cloud-own-" + other, ownerOf(other, PLAZA));

        publishMinutes(10, 20, 75);
        publishMinutes(30, 15, 45); // the music stopped: ends 10 minutes after the last loud minute
        awaitTrue("the episode ended", () -> RecordingSink.of(EpisodeEnded.class).size() >= 1);

        List<EpisodeStarted> started = RecordingSink.of(EpisodeStarted.class);
        List<EpisodeEnded> ended = RecordingSink.of(EpisodeEnded.class);
        assertEquals(1, started.size(), RecordingSink.EVENTS.toString());
        assertEquals(1, ended.size(), RecordingSink.EVENTS.toString());
        assertEquals(EVENING, started.get(0).start());
        assertEquals(EVENING, ended.get(0).start(), "the same episode");
        assertEquals(EVENING.plus(Duration.ofMinutes(30)), ended.get(0).end());
        assertEquals(30, ended.get(0).minutesAbove(), "every loud minute counted, before and after the handover");
        assertEquals(1, noiseTickets(), "one ticket for the episode");
        assertNotEquals(null, episodeEnd(), "the ticket knows the episode ended");
    }

    private static JsonNode stats(String name) {
        return admins.get(name).getJson("/api/ingest/stats");
    }

    private static long accepted(String name) {
        return stats(name).get("acceptedBatches").asLong();
    }

    private static long influxCount() {
        try {
            JsonNode v = new com.fasterxml.jackson.databind.ObjectMapper().readTree(services.influxProcess()
                    .query("linli_ownership_it", "SELECT COUNT(laeq) FROM noise")).at("/results/0/series/0/values/0/1");
            return v.isMissingNode() ? 0 : v.asLong();
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The instance name of a lease owner's id {@code linli-cloud-own-<name>}. */
    private static String name(String owner) {
        return owner.substring("linli-cloud-own-".length());
    }

    /** One batch per minute, as the gateway's noise module sends its per-minute aggregate. */
    private static void publishMinutes(int from, int count, double laeq) throws Exception {
        MqttClient gateway = new MqttClient(services.mosquittoProcess().uri(), "gw-01-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        gateway.connect(options);
        try {
            for (int i = from; i < from + count; i++) {
                long ts = EVENING.plus(Duration.ofMinutes(i)).toEpochMilli();
                Reading minute = new Reading("noise-1", ts, Map.of("laeq", laeq, "lmax", laeq + 7, "lmin", laeq - 5,
                        "l10", laeq + 2, "l90", laeq - 5), "dBA", Quality.GOOD, null);
                seq++;
                byte[] payload = CODEC.encode(new ReadingBatch(1, "huayuan", "gw-01", "ownit001", seq, ts, List.of(minute)));
                while (true) {
                    try {
                        gateway.publish("linli/v1/huayuan/gw-01/readings", payload, 1, false);
                        break;
                    } catch (MqttException e) {
                        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                            throw e;
                        }
                        LockSupport.parkNanos(1_000_000L); // Paho frees the slot a moment after the token completes
                    }
                }
            }
        } finally {
            gateway.disconnect();
            gateway.close();
        }
    }

    private static long noiseTickets() {
        return query("SELECT COUNT(*) FROM tickets WHERE kind = 'NOISE' AND space = 'plaza-east'", rs -> rs.getLong(1));
    }

    private static Object episodeEnd() {
        return query("SELECT episode_end FROM tickets WHERE kind = 'NOISE' AND space = 'plaza-east'", rs -> rs.getObject(1));
    }

    private interface Column<T> {
        T get(ResultSet rs) throws Exception;
    }

    private static <T> T query(String sql, Column<T> column) {
        try (Connection c = DriverManager.getConnection(services.postgresProcess().jdbcUrl(),
                services.postgresProcess().user(), services.postgresProcess().password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return column.get(rs);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<String> errors = new ArrayList<>();
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                errors.add(e.toString()); // an instance not answering yet
            }
            if (System.nanoTime() > deadline) {
                fail("waited 90 s for " + what + (errors.isEmpty() ? "" : "; last error " + errors.get(errors.size() - 1)));
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }
}
