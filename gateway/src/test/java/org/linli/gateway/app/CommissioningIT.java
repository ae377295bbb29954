package org.linli.gateway.app;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.testkit.MosquittoProcess;
import org.linli.testkit.Services;
import org.linli.wire.CommissioningCodec;
import org.linli.wire.CommissioningReport;
import org.linli.wire.Topics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.app.GatewayIT.await;

/**
 * Commissioning on site, end to end: the installer starts a run on the status page, triggers each
 * sensor when asked (a mock pin, a LAN message), the automatic checks run, and the report lands on
 * the cloud broker, retained, where a client connecting afterwards still gets it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class CommissioningIT {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String REPORT_TOPIC = Topics.commissioning("huayuan", "gw-01");

    @RegisterExtension
    static final Services services = Services.mosquitto("lan", "cloud");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private GatewayApp app;

    @AfterEach
    void stopEverything() throws Exception {
        if (app != null) {
            await(app.stop());
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    @Test
    void shouldPassACommissioningRunAndLeaveTheReportRetainedOnTheCloud(Vertx vertx) throws Exception {
        MqttTestClient sensor = client(lan().uri(), "it-park-3");
        app = await(GatewayApp.start(vertx, config()));
        int port = app.statusPagePort().orElseThrow();

        assertEquals(202, post(port, "/api/commission/start").statusCode());
        awaitTrue("pir-1 is asked for", () -> current(port).equals(Optional.of("pir-1")));
        mockPin("pir-1").mockState(DigitalState.HIGH);
        awaitTrue("park-3 is asked for", () -> current(port).equals(Optional.of("park-3")));
        sensor.publish("sensors/park-3", "{\"occupancy\":true}");
        awaitTrue("the run to end with the report sent",
                () -> "ok".equals(commissioning(port).getString("publish")));

        // A client that connects after the run still gets the report: it is retained.
        MqttTestClient cloud = client(cloud().uri(), "it-cloud-commissioning").subscribe(REPORT_TOPIC);
        awaitTrue("the retained report", () -> cloud.received().stream().anyMatch(r -> r.retained()));
        MqttTestClient.Received received = cloud.received().get(0);
        CommissioningReport report = new CommissioningCodec().decode(received.payload());

        assertEquals("gw-01", report.gateway());
        assertEquals(app.bootId(), report.bootId());
        assertEquals(List.of("pir-1", "park-3"), report.sensors().stream().map(CommissioningReport.SensorResult::sensor).toList());
        assertTrue(report.sensors().stream().allMatch(s -> s.outcome() == CommissioningReport.Outcome.PASS), report.toString());
        assertEquals(List.of("clock", "storage", "brokers", "upload"),
                report.checks().stream().map(CommissioningReport.CheckResult::name).toList());
        // A development machine whose NTP is not synchronized rightly fails the clock check; nothing else may fail.
        List<String> failed = new ArrayList<>(report.failedItems());
        failed.remove("clock");
        assertEquals(List.of(), failed, report.toString());

        HttpResponse<String> page = get(port, "/commission/report");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("网关调试报告") && page.body().contains("@media print"), page.body());
    }

    private Optional<String> current(int port) {
        JsonObject c = commissioning(port);
        return c.containsKey("current") ? Optional.of(c.getJsonObject("current").getString("id")) : Optional.empty();
    }

    private JsonObject commissioning(int port) {
        return new JsonObject(get(port, "/api/commission").body());
    }

    private GatewayConfig config() throws Exception {
        String yaml = DriverPlanTest.exampleConfig()
                .replace("tcp://127.0.0.1:18831", lan().uri())
                .replace("tcp://127.0.0.1:18830", cloud().uri())
                .replace("maxBatchDelay: 1s", "maxBatchDelay: 100ms")
                // Its own buffer file: the default /var/lib/linli/buffer.db would be shared with every other run.
                .replace("maxBuffered: 100000", "maxBuffered: 100000\n  storePath: "
                        + java.nio.file.Files.createTempDirectory("linli-" + getClass().getSimpleName()).resolve("buffer.db"))
                + "statusPage: {host: 127.0.0.1, port: 0}\n";
        return GatewayConfigLoader.parse("gateway-example.yaml", yaml);
    }

    private HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
    }

    private HttpResponse<String> post(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        }
    }

    /** Polls on the test thread: the condition makes blocking HTTP calls, which must stay off the event loops. */
    private static void awaitTrue(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private MockDigitalInput mockPin(String sensorId) {
        return app.pi4j().orElseThrow().registry().get(sensorId, MockDigitalInput.class);
    }

    private MqttTestClient client(String uri, String clientId) throws Exception {
        MqttTestClient client = MqttTestClient.connect(uri, clientId, false);
        closeAfter.add(client);
        return client;
    }

    private static MosquittoProcess lan() {
        return services.mosquittoProcess("lan");
    }

    private static MosquittoProcess cloud() {
        return services.mosquittoProcess("cloud");
    }
}
