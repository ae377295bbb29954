package org.linli.cloud.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.WebClient;
import org.linli.testkit.Services;
import org.linli.wire.CommissioningCodec;
import org.linli.wire.CommissioningReport;
import org.linli.wire.Topics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commissioning reports against a real Mosquitto (and InfluxDB, which the app needs to start): a
 * retained report published as a gateway publishes it shows in {@code /api/devices/commissioning} and
 * on the dashboard; a malformed one is counted and changes nothing.
 */
@Timeout(90)
class CommissioningIngestIT {
    private static final String TOPIC = Topics.commissioning("huayuan", "gw-01");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final CommissioningCodec CODEC = new CommissioningCodec();

    @RegisterExtension
    static final Services services = Services.mosquitto().influx();

    private static EmbeddedServer server;
    private static WebClient admin;
    private MqttClient gateway;

    @BeforeAll
    static void startCloud() throws Exception {
        Path site = Path.of(CommissioningIngestIT.class.getResource("/site.yaml").toURI());
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "linli.site-file", site.toString(),
                "linli.mqtt.uri", services.mosquittoProcess().uri(),
                "linli.mqtt.client-id", "linli-cloud-commissioning-it",
                "linli.influx.url", services.influxProcess().url(),
                "linli.influx.database", "linli_commissioning_it",
                "micronaut.server.port", -1));
        admin = TestUsers.loginAs(server, "commissioning-it", Role.COMMUNITY_ADMIN, null);
    }

    @AfterAll
    static void stopCloud() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @BeforeEach
    void connectGateway() throws Exception {
        gateway = new MqttClient(services.mosquittoProcess().uri(), "gw-01-it-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        gateway.connect(options);
        awaitTrue("the cloud is subscribed", () -> get("/health").statusCode() == 200);
    }

    @AfterEach
    void disconnectGateway() throws Exception {
        gateway.disconnect();
        gateway.close();
    }

    @Test
    void shouldShowARetainedReportPublishedByAGateway() throws Exception {
        long now = System.currentTimeMillis();
        CommissioningReport report = new CommissioningReport("huayuan", "gw-01", "boot-it", now - 60_000, now, "0.1.0",
                List.of(new CommissioningReport.SensorResult("pir-1", "pir", "plaza-east", "gpio BCM 17",
                                CommissioningReport.Outcome.PASS, "seen after 3 s"),
                        new CommissioningReport.SensorResult("park-3", "parking", "fire-lane-3", "mqtt sensors/park-3",
                                CommissioningReport.Outcome.FAIL, "not seen within 30 s")),
                List.of(new CommissioningReport.CheckResult("storage", CommissioningReport.Outcome.PASS, "median 2 ms")));

        gateway.publish(TOPIC, CODEC.encode(report), 1, true);

        awaitTrue("the report in the API", () -> get("/api/devices/commissioning").body().contains("\"finishedAt\":" + now));
        JsonNode list = JSON.readTree(get("/api/devices/commissioning").body());
        assertEquals(1, list.size());
        JsonNode r = list.get(0);
        assertEquals("gw-01", r.get("gateway").asText());
        assertEquals(false, r.get("passed").asBoolean());
        assertEquals("[\"park-3\"]", r.get("failed").toString());
        assertEquals("median 2 ms", r.at("/checks/0/figure").asText());
        String page = admin.getPage("/devices").body();
        assertTrue(page.contains("未通过") && page.contains("park-3") && page.contains("0.1.0"), page);
    }

    @Test
    void shouldCountAMalformedReport() throws Exception {
        long before = JSON.readTree(get("/api/ingest/stats").body()).get("rejects").get("missing-field").asLong();

        gateway.publish(Topics.commissioning("huayuan", "gw-01"),
                "{\"v\":1,\"site\":\"huayuan\"}".getBytes(StandardCharsets.UTF_8), 1, false);

        awaitTrue("the refusal counted", () -> {
            try {
                return JSON.readTree(get("/api/ingest/stats").body()).get("rejects").get("missing-field").asLong() == before + 1;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(200, get("/health").statusCode(), "a bad report stops nothing");
    }

    /** GET as the logged-in admin. */
    private static HttpResponse<String> get(String path) {
        return admin.get(path);
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
