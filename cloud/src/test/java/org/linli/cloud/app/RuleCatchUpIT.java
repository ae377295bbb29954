package org.linli.cloud.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.WebClient;
import org.linli.cloud.rules.NoiseEvent.EpisodeEnded;
import org.linli.testkit.Services;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The rules rebuild their state from InfluxDB (real Mosquitto, InfluxDB and PostgreSQL): the cloud stops
 * mid-episode and its saved rule state is lost (as after a crash before any save); the restarted cloud
 * reads the stored readings of the space since then ({@code linli.rules.catch-up}) and goes on with the
 * same episode: it ends once, with its start from before the stop and every loud minute counted, and the
 * noise ticket stays one.
 */
@Timeout(180)
class RuleCatchUpIT {
    private static final WireCodec CODEC = new WireCodec();
    private static final String DB = "linli_catchup_it";
    private static final Path SPOOL = Path.of("target", "it-spool", "RuleCatchUpIT-" + UUID.randomUUID());
    /** Two hours ago: event time inside the idle lag (1 day) and the catch-up (3 h). */
    private static final Instant EVENING = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));

    @RegisterExtension
    static final Services services = Services.mosquitto().influx().postgres();

    private static EmbeddedServer server;
    private static WebClient admin;
    private static int starts;
    private static long seq;

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static EmbeddedServer start() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(RuleCatchUpIT.class.getResource("/site-rules.yaml").toURI()).toString());
        props.put("linli.mqtt.uri", services.mosquittoProcess().uri());
        props.put("linli.mqtt.client-id", "linli-cloud-catchup-it");
        props.put("linli.influx.url", services.influxProcess().url());
        props.put("linli.influx.database", DB);
        props.put("linli.spool.path", SPOOL.toString());
        props.put("linli.rules.idle-lag", "1d");
        props.put("linli.rules.catch-up", "3h");
        props.put("linli.test.recording-sink", "true");
        props.put("datasources.default.url", services.postgresProcess().jdbcUrl());
        props.put("datasources.default.username", services.postgresProcess().user());
        props.put("datasources.default.password", services.postgresProcess().password());
        props.put("micronaut.server.port", -1);
        EmbeddedServer s = ApplicationContext.run(EmbeddedServer.class, props);
        admin = TestUsers.loginAs(s, "catchup-it-" + ++starts, Role.COMMUNITY_ADMIN, null);
        awaitTrue("the cloud is subscribed", () -> admin.get("/health").statusCode() == 200);
        return s;
    }

    @Test
    void shouldRebuildAnOpenEpisodeFromInfluxDbWhenTheSavedStateIsLost() throws Exception {
        RecordingSink.EVENTS.clear();
        server = start();
        publishMinutes(0, 10, 75);
        awaitTrue("the ticket is open", () -> noiseTickets() == 1);
        awaitTrue("all ten minutes in InfluxDB", () -> influxCount() == 10);

        server.getApplicationContext().close();
        sql("DELETE FROM rule_state"); // as if the cloud had crashed before it saved anything
        server = start(); // catches up from InfluxDB

        publishMinutes(10, 20, 75);
        publishMinutes(30, 15, 45); // the music stopped: ends 10 minutes after the last loud minute
        awaitTrue("the episode ended", () -> !RecordingSink.of(EpisodeEnded.class).isEmpty());

        List<EpisodeEnded> ended = RecordingSink.of(EpisodeEnded.class);
        assertEquals(1, ended.size(), RecordingSink.EVENTS.toString());
        assertEquals(EVENING, ended.get(0).start(), "the episode from before the stop, rebuilt from InfluxDB");
        assertEquals(30, ended.get(0).minutesAbove(), "the minutes before the stop count");
        assertEquals(1, noiseTickets(), "the episode keeps its one ticket");
    }

    /** One batch per minute, as the gateway's noise module sends its per-minute aggregate (with a 1 s level beside it). */
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
                Reading level = Reading.of("noise-1", ts + 1_000, "la", laeq, "dBA");
                seq++;
                gateway.publish("linli/v1/huayuan/gw-01/readings",
                        CODEC.encode(new ReadingBatch(1, "huayuan", "gw-01", "catchup1", seq, ts, List.of(minute, level))), 1, false);
            }
        } finally {
            gateway.disconnect();
            gateway.close();
        }
    }

    private static long influxCount() {
        try {
            JsonNode v = new ObjectMapper().readTree(services.influxProcess().query(DB, "SELECT COUNT(laeq) FROM noise"))
                    .at("/results/0/series/0/values/0/1");
            return v.isMissingNode() ? 0 : v.asLong();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long noiseTickets() {
        try (Connection c = connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM tickets WHERE kind = 'NOISE' AND space = 'plaza-east'")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = connect()) {
            c.createStatement().executeUpdate(statement);
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(services.postgresProcess().jdbcUrl(), services.postgresProcess().user(),
                services.postgresProcess().password());
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                fail("waited 90 s for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }
}
