package org.linli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.sim.canteen.DemoElders;
import org.linli.sim.canteen.LunchRush;
import org.linli.sim.canteen.RushPlan;
import org.linli.testkit.PostgresProcess;
import org.linli.testkit.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's canteen end to end: the simulated gateway with the demo's {@code canteen:} section, real LAN
 * and cloud brokers, the cloud jar on a real PostgreSQL; the generated roster imported through the roster
 * API; a short {@link LunchRush} (demo policy, LAN face terminal, simulated staff over the counter's HTTP
 * API). Every meal the staff served with a subsidy is in the month's settlement exactly once, and
 * {@code /api/canteen/today} counts the same.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LunchRushIT {
    private static final Logger LOG = LoggerFactory.getLogger(LunchRushIT.class);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long SEED = 20261122L;
    private static final int ELDERS = 40;

    @RegisterExtension
    static final Services SERVICES = Services.mosquitto("lan", "cloud").influx().postgres();

    private static CloudProcess cloud;
    private static SimulatedGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target/it-services/LunchRushIT").toAbsolutePath();
        PostgresProcess pg = SERVICES.postgresProcess();
        pg.createDatabase("rush");
        cloud = CloudProcess.start(work.resolve("cloud"), SERVICES.mosquittoProcess("cloud").uri(),
                SERVICES.influxProcess().url(), Path.of(System.getProperty("linli.site.file", "../local/demo/site.yaml")),
                Map.of("DATASOURCES_DEFAULT_URL", pg.jdbcUrl("rush"), "DATASOURCES_DEFAULT_USERNAME", pg.user(),
                        "DATASOURCES_DEFAULT_PASSWORD", pg.password()));
        Path state = work.resolve("gateway");
        if (Files.exists(state)) {
            try (var files = Files.walk(state)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(state);
        // The demo's gateway config, rendered as deploy/local/demo.sh does (page on a free port).
        String yaml = Files.readString(Path.of("../local/demo/gateway.yaml.tmpl"))
                .replace("@LAN_URI@", SERVICES.mosquittoProcess("lan").uri())
                .replace("@CLOUD_URI@", SERVICES.mosquittoProcess("cloud").uri())
                .replace("@STORE_PATH@", state.resolve("buffer.db").toString())
                .replace("@STATUS_PORT@", "0")
                .replace("@LEDGER_PATH@", state.resolve("ledger.db").toString())
                .replace("@COUNTER_PORT@", "0");
        GatewayConfig config = GatewayConfigLoader.parse("demo-gateway.yaml", yaml);
        gateway = SimulatedGateway.start(config, SEED);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void shouldSettleEveryServedSubsidisedMealOfTheRushExactlyOnce() throws Exception {
        LocalDate today = LocalDate.now(ZONE);
        HttpResponse<String> imported = cloud.post("/api/canteen/roster", "text/csv; charset=utf-8",
                DemoElders.csv(DemoElders.generate(SEED, ELDERS, today)));
        assertEquals(200, imported.statusCode(), imported.body());

        int port = gateway.app().counterPagePort().orElseThrow();
        LunchRush.Result result = new LunchRush(new LunchRush.Options(SERVICES.mosquittoProcess("lan").uri(),
                SERVICES.mosquittoProcess("cloud").uri(), "http://127.0.0.1:" + port, "huayuan", "gw-01", "face-1",
                "canteen/face-1/events", SEED, ELDERS, 2, Duration.ofSeconds(15), ZONE, true), Clock.systemUTC()).run();
        LOG.info("rush: arrivals {}, {} served ({} subsidised), {} cancelled, reasons {}", result.arrivals(),
                result.served(), result.servedSubsidised().size(), result.cancelled(), result.reasons());

        assertEquals(ELDERS, result.arrivals().get(RushPlan.Kind.FACE)
                + result.arrivals().getOrDefault(RushPlan.Kind.FACE_FAILED, 0));
        assertTrue(result.servedSubsidised().size() >= ELDERS / 2, "most elders got a subsidised lunch: " + result);
        assertTrue(result.reasons().getOrDefault("not-in-roster", 0) >= 1, "the strangers paid full price: " + result);

        assertEquals(List.of(), gateway.app().counter().orElseThrow().pending(),
                "the staff closed every decision, the last one included");
        assertEquals(result.arrivals().values().stream().mapToInt(Integer::intValue).sum(),
                gateway.app().counterStats().decisions(), "every event decided once");

        int expected = result.servedSubsidised().size();
        String month = YearMonth.from(today).toString();
        String csv = Eventually.await(expected + " meals in the settlement", Duration.ofSeconds(30), () -> {
            String text = cloud.getText("/api/canteen/settlements/canteen-1/" + month + ".csv");
            return text.lines().filter(l -> l.startsWith("meal,")).count() == expected ? text : null;
        });
        List<String> header = List.of(csv.lines().findFirst().orElseThrow().replace("\uFEFF", "").split(","));
        int eventCol = header.indexOf("event_id");
        int memberCol = header.indexOf("member");
        Map<String, String> settled = new HashMap<>();
        csv.lines().filter(l -> l.startsWith("meal,")).forEach(l -> {
            String[] cells = l.split(",", -1);
            assertEquals(null, settled.put(cells[eventCol], cells[memberCol]), "settled once: " + l);
        });
        assertEquals(result.servedSubsidised(), settled, "the settlement lists exactly the served subsidised meals");

        JsonNode todayRow = cloud.getJson("/api/canteen/today").get(0);
        assertEquals("canteen-1", todayRow.path("canteen").asText());
        assertEquals(expected, todayRow.path("subsidised").asInt());
        assertEquals(result.served(), todayRow.path("served").asInt());
        assertEquals(0, todayRow.path("pending").asInt());
    }
}
