package org.linli.cloud.canteen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.WebClient;
import org.linli.config.canteen.VerificationMethod;
import org.linli.testkit.Services;
import org.linli.wire.CanteenCodec;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;
import org.linli.wire.Topics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A meal batch that arrives while PostgreSQL is down is retried, not acknowledged; when the cloud is
 * stopped meanwhile, the broker delivers it again to the restarted cloud, which stores it once.
 */
@Timeout(120)
class CanteenOutageIT {
    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final Services services = Services.mosquitto().postgres();

    @TempDir
    static Path dataDir;
    /** The admin of the running cloud (a new account each start: the database keeps the old one). */
    private static WebClient admin;
    private static int starts;

    private static EmbeddedServer start() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(CanteenOutageIT.class.getResource("/canteen-site.yaml").toURI()).toString());
        props.put("linli.mqtt.uri", services.mosquittoProcess().uri());
        props.put("linli.mqtt.client-id", "linli-cloud-outage-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("linli.data-dir", dataDir.toString());
        props.put("micronaut.server.port", -1);
        props.put("datasources.default.url", services.postgresProcess().jdbcUrl());
        props.put("datasources.default.username", services.postgresProcess().user());
        props.put("datasources.default.password", services.postgresProcess().password());
        props.put("datasources.default.connection-timeout", 2000);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
        admin = TestUsers.loginAs(server, "outage-admin-" + (++starts), Role.COMMUNITY_ADMIN, null);
        awaitTrue("the canteen is subscribed", () -> stats(server).get("mqttUp").asBoolean());
        return server;
    }

    @Test
    void shouldStoreOnceABatchThatCameWhileTheDatabaseWasDownAfterTheCloudRestarted() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 2);
        long at = 1_793_590_000_000L;
        List<MealRecord> records = List.of(
                new MealRecord("outage-1", "canteen-1", "t1", "m-o1", VerificationMethod.FACE, false, "lunch", day, at,
                        true, "ok", "age-60", 1500, 500, 1000, MealRecord.MealStatus.SERVED, at + 10_000, 1, 1, true),
                new MealRecord("outage-2", "canteen-1", "t1", "m-o2", VerificationMethod.CARD, false, "lunch", day, at + 60_000,
                        true, "ok", "age-60", 1500, 500, 1000, MealRecord.MealStatus.SERVED, at + 70_000, 1, 1, true));
        byte[] payload = new CanteenCodec().encode(new MealBatch("huayuan", "gw-01", at + 80_000, records));

        EmbeddedServer first = start();
        services.postgresProcess().stop();
        MqttClient gw = new MqttClient(services.mosquittoProcess().uri(), "gw-01-outage-it", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        gw.connect(options);
        gw.publish(Topics.canteenMeals("huayuan", "gw-01"), payload, 1, false);
        gw.disconnect();
        gw.close();
        awaitTrue("the worker fails to store it", () -> stats(first).get("storeRetries").asLong() >= 1);
        assertEquals("DOWN", json(first, "/health").at("/details/canteen/status").asText(), "health says it");
        first.getApplicationContext().close();

        services.postgresProcess().restart();
        EmbeddedServer second = start();
        try {
            MealLedger ledger = second.getApplicationContext().getBean(MealLedger.class);
            awaitTrue("the batch delivered again is stored", () -> ledger.settleState("outage-2").isPresent());
            assertEquals("SETTLED", ledger.settleState("outage-1").orElseThrow());
            assertEquals(2, ledger.month("canteen-1", java.time.YearMonth.of(2026, 11)).settled().size());
            JsonNode stats = stats(second);
            assertEquals(2, stats.get("records").asLong());
            assertEquals(0, stats.get("replays").asLong(), "the first cloud stored nothing of it");
            assertEquals("UP", json(second, "/health").at("/details/canteen/status").asText());
        } finally {
            second.getApplicationContext().close();
        }
    }

    private static JsonNode stats(EmbeddedServer server) {
        return json(server, "/api/canteen/stats");
    }

    private static JsonNode json(EmbeddedServer server, String path) {
        try {
            return JSON.readTree(admin.get(path).body());
        } catch (IOException e) {
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
