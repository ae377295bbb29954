package org.linli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.config.Site;
import org.linli.config.SiteLoader;
import org.linli.sim.scenario.BatchPublisher;
import org.linli.sim.scenario.Evening;
import org.linli.testkit.PostgresProcess;
import org.linli.testkit.Services;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5's scripted day ({@link Evening}) replayed into the real cloud (its jar, on the testkit's
 * PostgreSQL, Mosquitto and InfluxDB) as gateway {@code gw-02} backfilling its buffer, with the cloud
 * killed (SIGKILL) halfway through the dancing and started again on the same database and data dir.
 * The tickets are read back from {@code GET /api/tickets} as the logged-in admin. The plaza has the demo's
 * local rules (end time 21:00, a 70 dB boundary cap): the dancing opens the same one ticket, and its
 * evidence pack shows the plaza's own values.
 *
 * <p>The cloud runs with {@code LINLI_RULES_IDLE_LAG=48h}: the replayed day lies up to 41 hours back, and
 * with the default 5 minutes the rules would take it as too late. The kill waits until the cloud saved
 * the rules' state with the first half (its {@code rule_state} row), as the cloud documents that a hard
 * crash loses what the rules took since the last save.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ScenarioIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("target/it-services/ScenarioIT/cloud");
    private static final String GATEWAY = "gw-02";

    @RegisterExtension
    static final Services SERVICES = Services.mosquitto().influx().postgres();

    private static Site site;
    private static LocalDate date;
    private static Evening.Cast cast;
    private static CloudProcess cloud;
    private static Map<String, String> env;
    private static Path siteFile;
    /** The NOISE tickets seen after the first half, before the kill. */
    private static List<JsonNode> noiseBeforeKill;

    @BeforeAll
    static void replayTheDayWithACloudCrashMidEpisode() throws Exception {
        E2eStack.quietLogs();
        deleteTree(WORK); // an earlier run's spool and log
        Files.createDirectories(WORK);
        siteFile = WORK.resolve("site.yaml");
        Files.writeString(siteFile, """
                id: huayuan
                name: 花园社区
                timezone: Asia/Shanghai
                grids:
                  - {id: g1, name: 第一网格片区, level: 1, head: 王建华}
                  - {id: g1-1, name: 东区网格, level: 3, parent: g1, worker: 李秀英}
                  - {id: g1-2, name: 西区网格, level: 3, parent: g1, worker: 张伟}
                spaces:
                  - id: plaza-east
                    name: 东广场
                    kind: plaza
                    grid: g1-1
                    noiseZone: "1"
                    rules:
                      noise: {endTime: "21:00", boundaryCapDb: 70}
                  - {id: green-2, name: 中心绿地, kind: green-space, grid: g1-2, noiseZone: "1"}
                  - id: lane-5
                    name: 5号楼步行道
                    kind: walkway
                    grid: g1-2
                    noiseZone: "1"
                    schedules:
                      - {activity: market, from: "06:00", to: "08:00"}
                gateways:
                  - id: gw-02
                    name: 回放网关
                    sensors:
                      - {id: slm-2, kind: sound-level-meter, space: plaza-east, transport: mqtt, topic: sensors/slm-2, field: laeq}
                      - {id: park-7, kind: parking, space: green-2, transport: mqtt, topic: sensors/park-7, field: occupancy}
                      - {id: mkt-1, kind: presence, space: lane-5, transport: mqtt, topic: sensors/mkt-1, field: occupancy}
                      - {id: park-8, kind: parking, space: green-2, transport: mqtt, topic: sensors/park-8, field: occupancy}
                """, StandardCharsets.UTF_8);
        site = SiteLoader.load(siteFile);
        date = Evening.lastEvening(Clock.systemUTC(), site.zone());
        cast = Evening.Cast.of(site, GATEWAY, date);
        assertEquals(new Evening.Cast("slm-2", "park-7", "mkt-1", "park-8"), cast, "the cast from the site");

        PostgresProcess pg = SERVICES.postgresProcess();
        pg.createDatabase("linli");
        env = Map.of("DATASOURCES_DEFAULT_URL", pg.jdbcUrl("linli"),
                "DATASOURCES_DEFAULT_USERNAME", pg.user(),
                "DATASOURCES_DEFAULT_PASSWORD", pg.password(),
                "LINLI_RULES_IDLE_LAG", "48h",
                "LINLI_RULES_SAVE_EVERY", "1s");
        cloud = startCloud();

        List<Reading> day = Evening.day(cast, date, site.zone());
        Instant half = Evening.at(date, "20:30", site.zone());
        List<Reading> first = day.stream().filter(r -> r.ts() < half.toEpochMilli()).toList();
        List<Reading> rest = day.stream().filter(r -> r.ts() >= half.toEpochMilli()).toList();
        List<ReadingBatch> firstBatches = Evening.batches(site.id(), GATEWAY, "replay-it", 1, first, 100);
        List<ReadingBatch> restBatches = Evening.batches(site.id(), GATEWAY, "replay-it", firstBatches.size() + 1, rest, 100);

        try (BatchPublisher publisher = new BatchPublisher(SERVICES.mosquittoProcess().uri(), "scenario-it-gw-02")) {
            publisher.publish(firstBatches);
            long lastNoiseMinute = first.stream().filter(r -> r.sensor().equals(cast.noise())).mapToLong(Reading::ts).max().orElseThrow();
            Eventually.await("the cloud to save the plaza's noise rule with the first half", WAIT,
                    () -> savedNoiseWatermark().map(w -> !w.isBefore(Instant.ofEpochMilli(lastNoiseMinute))).orElse(false));
            noiseBeforeKill = tickets("NOISE");

            cloud.kill();
            cloud = startCloud();

            publisher.publish(restBatches);
            publisher.publish(Evening.batches(site.id(), GATEWAY, "replay-it", firstBatches.size() + restBatches.size() + 1,
                    Evening.live(cast, Instant.now()), 100));
        }
        Eventually.await("the noise episode to end", WAIT,
                () -> tickets("NOISE").stream().anyMatch(t -> !t.path("episodeEnd").isNull()));
        // The tail is the last thing published and the cloud takes readings in order: once its ticket is
        // there, every earlier reading has been through the rules.
        Eventually.await("the offline sensor's ticket", WAIT,
                () -> tickets("DEVICE_OFFLINE").stream().anyMatch(t -> cast.offline().equals(t.path("subject").asText())));
    }

    @AfterAll
    static void stopTheCloud() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void shouldOpenExactlyOneNoiseTicketForTheDancingRoutedToThePlazasGridWorker() throws Exception {
        List<JsonNode> noise = tickets("NOISE");

        assertEquals(1, noise.size(), "one ticket for the whole evening: " + noise);
        JsonNode t = noise.get(0);
        assertEquals("plaza-east", t.get("space").asText());
        assertEquals("g1-1", t.get("grid").asText());
        assertEquals("李秀英", t.get("assignee").asText(), "the grid worker of the plaza's grid");
        assertEquals(local(Evening.DANCE_FROM), Instant.parse(t.get("episodeStart").asText()), "the music started");
    }

    @Test
    void shouldCloseTheEpisodeAfterTheMusicStopsWithItsPeakAndLaeq() throws Exception {
        JsonNode t = tickets("NOISE").get(0);

        assertEquals(local(Evening.DANCE_TO), Instant.parse(t.get("episodeEnd").asText()), "the music stopped");
        assertEquals(Evening.DANCE_DB, t.get("laeqDb").asDouble(), 0.05, "energy average of the episode");
        assertEquals(Evening.DANCE_DB, t.get("peakDb").asDouble(), 0.05, "highest rolling 10-minute LAeq");
        assertEquals(55.0, t.get("limitDb").asDouble(), 0.05, "GB 3096 class 1 by day");
    }

    @Test
    void shouldShowThePlazasOwnEndTimeAndCapInTheEvidencePack() throws Exception {
        JsonNode t = tickets("NOISE").get(0);

        JsonNode thresholds = cloud.getJson("/api/tickets/" + t.get("id").asLong() + "/evidence").get("thresholds");

        assertEquals("space rules", thresholds.get("source").asText(), thresholds.toString());
        assertEquals("21:00", thresholds.get("endTime").asText(), "the plaza's local end time, not the default none");
        assertEquals(70.0, thresholds.get("boundaryCapDb").asDouble(), 0.05, "the plaza's boundary cap");
        assertEquals(55.0, thresholds.get("limitAppliedDb").asDouble(), 0.05, "the cap is over class 1's day limit");
    }

    @Test
    void shouldOpenNoTicketForThreeMinutesAt90DbInTheAfternoon() throws Exception {
        Instant evening = local(Evening.EVENING_FROM);

        for (JsonNode t : tickets("NOISE")) {
            assertTrue(!Instant.parse(t.get("episodeStart").asText()).isBefore(evening), "an afternoon noise ticket: " + t);
        }
    }

    @Test
    void shouldOpenOneEncroachmentTicketForTheCarOnTheGreenSpace() throws Exception {
        List<JsonNode> green = tickets("ENCROACHMENT").stream().filter(t -> t.get("space").asText().equals("green-2")).toList();

        assertEquals(1, green.size(), "one ticket for the 40-minute car: " + green);
        JsonNode t = green.get(0);
        assertEquals("张伟", t.get("assignee").asText(), "the grid worker of the green space's grid");
        assertEquals(local(Evening.CAR_FROM), Instant.parse(t.get("episodeStart").asText()), "the car arrived");
        assertEquals(local(Evening.CAR_TO), Instant.parse(t.get("episodeEnd").asText()), "the car left");
    }

    @Test
    void shouldOpenNoTicketForTheMarketInsideItsWindow() throws Exception {
        List<JsonNode> lane = new ArrayList<>();
        for (JsonNode t : cloud.getJson("/api/tickets?limit=500")) {
            if (t.get("space").asText().equals("lane-5")) {
                lane.add(t);
            }
        }

        assertEquals(List.of(), lane, "the market from 06:10 to 07:50 is allowed 06:00–08:00");
    }

    @Test
    void shouldOpenAnOfflineTicketAndNoEncroachmentForTheSensorThatGoesOffline() throws Exception {
        List<JsonNode> offline = tickets("DEVICE_OFFLINE");

        assertEquals(1, offline.size(), "only the sensor that went offline: " + offline);
        assertEquals(cast.offline(), offline.get(0).get("subject").asText());
        assertEquals("green-2", offline.get(0).get("space").asText());
        // Its last word was a car at 21:50: read as still there, the green space would be encroached by 22:21.
        for (JsonNode t : tickets("ENCROACHMENT")) {
            assertEquals(local(Evening.CAR_FROM), Instant.parse(t.get("episodeStart").asText()),
                    "the only encroachment is the 40-minute car's: " + t);
        }
    }

    @Test
    void shouldKeepTheEpisodeAcrossTheCloudKilledMidEpisode() throws Exception {
        List<JsonNode> after = tickets("NOISE");

        assertEquals(1, noiseBeforeKill.size(), "the episode was open when the cloud was killed: " + noiseBeforeKill);
        assertNull(noiseBeforeKill.get(0).path("episodeEnd").textValue(), "still open at the kill");
        assertEquals(1, after.size(), "neither lost nor opened twice: " + after);
        assertEquals(noiseBeforeKill.get(0).get("id").asLong(), after.get(0).get("id").asLong(), "the same ticket");
        assertNotNull(after.get(0).path("episodeEnd").textValue(), "closed by the restarted cloud");
    }

    private static CloudProcess startCloud() throws Exception {
        return CloudProcess.start(WORK, SERVICES.mosquittoProcess().uri(), SERVICES.influxProcess().url(), siteFile, env);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Instant local(String time) {
        return Evening.at(date, time, site.zone());
    }

    private static List<JsonNode> tickets(String kind) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : cloud.getJson("/api/tickets?kind=" + kind + "&limit=500")) {
            out.add(t);
        }
        return out;
    }

    /** The watermark in the plaza's saved noise rule state, if saved yet. */
    private static java.util.Optional<Instant> savedNoiseWatermark() throws Exception {
        PostgresProcess pg = SERVICES.postgresProcess();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("linli"), pg.user(), pg.password());
             PreparedStatement q = c.prepareStatement("SELECT snapshot FROM rule_state WHERE rule = 'noise' AND scope = 'plaza-east'")) {
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return java.util.Optional.empty();
                }
                JsonNode w = JSON.readTree(rs.getString(1)).path("watermark");
                if (w.isNumber()) {
                    BigDecimal n = w.decimalValue();
                    // Jackson writes seconds with a fraction; a writer in epoch milliseconds gives a far bigger number.
                    return java.util.Optional.of(n.compareTo(BigDecimal.valueOf(100_000_000_000L)) > 0
                            ? Instant.ofEpochMilli(n.longValue()) : Instant.ofEpochSecond(n.longValue()));
                }
                return w.isTextual() ? java.util.Optional.of(Instant.parse(w.asText())) : java.util.Optional.empty();
            }
        }
    }
}
