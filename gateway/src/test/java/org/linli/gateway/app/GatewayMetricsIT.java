package org.linli.gateway.app;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.testkit.GrafanaDashboards;
import org.linli.testkit.MosquittoProcess;
import org.linli.testkit.Services;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * {@code GET /metrics} on the status page of a whole gateway (real LAN and cloud Mosquitto, Pi4J mock
 * pins): the counts follow what the gateway does (a pin edge, a refused LAN payload, a reconnect after
 * the cloud broker restarts), and every metric the fleet dashboard of deploy/grafana names is served.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class GatewayMetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final Services services = Services.mosquitto("lan", "cloud");

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private GatewayApp app;

    @AfterEach
    void stopEverything() throws Exception {
        if (app != null) {
            GatewayIT.await(app.stop());
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    @Test
    void shouldCountReadingsByKindRefusalsAndReconnects(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient sensor = MqttTestClient.connect(lan().uri(), "metrics-it-park-3", false);
        closeAfter.add(sensor);
        app = GatewayIT.await(GatewayApp.start(vertx, config()));
        await(vertx, "the initial level of pir-1 acknowledged", () -> app.uplinkStats().readingsAcked() >= 1);

        app.pi4j().orElseThrow().registry().get("pir-1", MockDigitalInput.class).mockState(DigitalState.HIGH);
        sensor.publish("sensors/park-3", "occupied!");
        sensor.publish("sensors/park-3", "{\"occupancy\":true}");
        await(vertx, "the edge and park-3 acknowledged", () -> app.uplinkStats().readingsAcked() >= 3);

        String scrape = scrape();
        assertTrue(value(scrape, "linli_gateway_readings_in_total", "kind=\"pir\"") >= 2, scrape);
        assertEquals(1.0, value(scrape, "linli_gateway_readings_in_total", "kind=\"parking\""));
        assertEquals(1.0, value(scrape, "linli_gateway_lan_rejects_total", "reason=\"not-json\""));
        assertEquals(1.0, value(scrape, "linli_gateway_uplink_connected", ""));
        assertEquals(app.uplinkStats().batchesAcked(), (long) value(scrape, "linli_gateway_uplink_batches_acked_total", ""));
        assertEquals(0.0, value(scrape, "linli_gateway_uplink_reconnects_total", ""));
        assertTrue(scrape.contains("gateway=\"gw-01\"") && scrape.contains("site=\"huayuan\""), "site and gateway tags");
        assertTrue(value(scrape, "linli_gateway_process_rss_bytes", "") > 0, "RSS from /proc");

        cloud().restart();
        await(vertx, "the uplink reconnected", () -> app.uplinkStats().reconnects() == 1 && app.uplinkStats().connected());
        assertEquals(1.0, value(scrape(), "linli_gateway_uplink_reconnects_total", ""));
        test.completeNow();
    }

    @Test
    void shouldServeEveryMetricTheFleetDashboardUses(Vertx vertx, VertxTestContext test) throws Exception {
        app = GatewayIT.await(GatewayApp.start(vertx, config()));
        Set<String> scraped = GrafanaDashboards.scrapedNames(scrape());
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (GrafanaDashboards.Query q : GrafanaDashboards.queries("gateway-fleet.json")) {
            assertEquals(GrafanaDashboards.PROMETHEUS_UID, q.datasourceUid(), q.panel());
            Set<String> names = GrafanaDashboards.metricNames(q.text());
            assertFalse(names.isEmpty(), q.panel() + ": no metric in " + q.text());
            for (String name : names) {
                checked++;
                if (!scraped.contains(name)) {
                    missing.add(q.panel() + ": " + name);
                }
            }
        }
        assertTrue(checked > 20, "the dashboard names metrics: " + checked);
        assertEquals(List.of(), missing, "metrics the fleet dashboard uses and the gateway does not serve");
        test.completeNow();
    }

    private String scrape() {
        int port = app.statusPagePort().orElseThrow();
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            return r.body();
        } catch (Exception e) {
            throw new AssertionError("GET /metrics: " + e, e);
        }
    }

    /** The value of the series {@code name} whose labels contain {@code labels}; 0 when there is none. */
    private static double value(String exposition, String name, String labels) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private GatewayConfig config() throws Exception {
        String yaml = DriverPlanTest.exampleConfig()
                .replace("tcp://127.0.0.1:18831", lan().uri())
                .replace("tcp://127.0.0.1:18830", cloud().uri())
                .replace("maxBatchDelay: 1s", "maxBatchDelay: 100ms")
                .replace("maxBuffered: 100000", "maxBuffered: 100000\n  store: memory")
                + "statusPage: {host: 127.0.0.1, port: 0}\n";
        return GatewayConfigLoader.parse("gateway-example.yaml", yaml);
    }

    private static void await(Vertx vertx, String what, BooleanSupplier condition) throws Exception {
        GatewayIT.await(eventually(vertx, what, WAIT, condition));
    }

    private static MosquittoProcess lan() {
        return services.mosquittoProcess("lan");
    }

    private static MosquittoProcess cloud() {
        return services.mosquittoProcess("cloud");
    }
}
