package org.linli.cloud.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.cloud.rules.NoiseEvent.EpisodeEnded;
import org.linli.cloud.rules.NoiseEvent.EpisodeStarted;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.WebClient;
import org.linli.testkit.Services;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The rules' state survives a restart of the cloud, on real Mosquitto, InfluxDB and PostgreSQL: a noise
 * episode that opened before the restart goes on after it and ends once, with its start from before
 * the restart: exactly one EpisodeStarted and one EpisodeEnded reach the sinks.
 */
@Timeout(120)
class RuleRestartIT {
    private static final WireCodec CODEC = new WireCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SPOOL = Path.of("target", "it-spool", "RuleRestartIT-" + UUID.randomUUID());
    /** Two hours ago: event time well inside the idle lag (1 day), so only readings move the noise rule. */
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
        props.put("linli.site-file", Path.of(RuleRestartIT.class.getResource("/site-rules.yaml").toURI()).toString());
        props.put("linli.mqtt.uri", services.mosquittoProcess().uri());
        props.put("linli.mqtt.client-id", "linli-cloud-rules-it");
        props.put("linli.influx.url", services.influxProcess().url());
        props.put("linli.influx.database", "linli_rules_it");
        props.put("linli.spool.path", SPOOL.toString());
        props.put("linli.rules.idle-lag", "1d");
        props.put("linli.test.recording-sink", "true");
        props.put("datasources.default.url", services.postgresProcess().jdbcUrl());
        props.put("datasources.default.username", services.postgresProcess().user());
        props.put("datasources.default.password", services.postgresProcess().password());
        props.put("micronaut.server.port", -1);
        EmbeddedServer s = ApplicationContext.run(EmbeddedServer.class, props);
        awaitTrue("the cloud is subscribed", () -> get(s, "/health").statusCode() == 200);
        admin = TestUsers.loginAs(s, "rules-it-" + ++starts, Role.COMMUNITY_ADMIN, null); // the same database each start
        return s;
    }

    @Test
    void shouldNeitherLoseNorRepeatAnEpisodeThatWasOpenWhenTheCloudRestarted() throws Exception {
        RecordingSink.EVENTS.clear();
        server = start();
        publishMinutes(0, 10, 75);
        awaitTrue("the episode started", () -> RecordingSink.of(EpisodeStarted.class).size() == 1);
        awaitTrue("all ten minutes taken", () -> admin.getJson("/api/ingest/stats").get("acceptedBatches").asLong() == 10);

        server.getApplicationContext().close(); // saves the rules' state
        assertTrue(savedRules() >= 2, "noise and deadman state in PostgreSQL");
        server = start(); // resumes from it

        publishMinutes(10, 20, 75);
        publishMinutes(30, 15, 45); // the music stopped: ends 10 minutes after the last loud minute
        awaitTrue("the episode ended", () -> RecordingSink.of(EpisodeEnded.class).size() == 1);

        List<EpisodeStarted> started = RecordingSink.of(EpisodeStarted.class);
        List<EpisodeEnded> ended = RecordingSink.of(EpisodeEnded.class);
        assertEquals(1, started.size(), RecordingSink.EVENTS.toString());
        assertEquals(1, ended.size(), RecordingSink.EVENTS.toString());
        assertEquals(EVENING, started.get(0).start());
        assertEquals(EVENING, ended.get(0).start(), "the same episode");
        assertEquals(EVENING.plus(Duration.ofMinutes(30)), ended.get(0).end());
        assertEquals(30, ended.get(0).minutesAbove(), "the minutes before the restart count");
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
                gateway.publish("linli/v1/huayuan/gw-01/readings",
                        CODEC.encode(new ReadingBatch(1, "huayuan", "gw-01", "rulesit1", seq, ts, List.of(minute))), 1, false);
            }
        } finally {
            gateway.disconnect();
            gateway.close();
        }
    }

    private static int savedRules() throws Exception {
        try (Connection c = DriverManager.getConnection(services.postgresProcess().jdbcUrl(),
                services.postgresProcess().user(), services.postgresProcess().password());
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM rule_state WHERE site = 'huayuan'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static HttpResponse<String> get(EmbeddedServer s, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.getPort() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                fail("waited 45 s for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }
}
