package org.linli.sim.scenario;

import org.junit.jupiter.api.Test;
import org.linli.config.Site;
import org.linli.config.SiteLoader;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EveningTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate SATURDAY = LocalDate.of(2026, 11, 21);
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);

    private static Site site() throws Exception {
        return SiteLoader.parse("test-site.yaml", """
                id: huayuan
                name: 花园社区
                timezone: Asia/Shanghai
                grids:
                  - {id: g1, name: 第一网格片区, level: 1, head: 王建华}
                  - {id: g1-1, name: 东区网格, level: 3, parent: g1, worker: 李秀英}
                spaces:
                  - {id: plaza-east, name: 东广场, kind: plaza, grid: g1-1, noiseZone: "1"}
                  - id: green-2
                    name: 中心绿地
                    kind: green-space
                    grid: g1-1
                    noiseZone: "1"
                    schedules:
                      - {activity: market, from: "06:00", to: "08:00", days: [sat, sun]}
                gateways:
                  - id: gw-02
                    name: 回放网关
                    sensors:
                      - {id: slm-2, kind: sound-level-meter, space: plaza-east, transport: mqtt, topic: sensors/slm-2, field: laeq}
                      - {id: park-7, kind: parking, space: green-2, transport: mqtt, topic: sensors/park-7, field: occupancy}
                      - {id: park-8, kind: parking, space: green-2, transport: mqtt, topic: sensors/park-8, field: occupancy}
                """);
    }

    @Test
    void shouldCastTheGatewaysSensorsWithTheMarketOnlyOnDaysItIsAllowed() throws Exception {
        assertEquals(new Evening.Cast("slm-2", "park-7", "park-7", "park-8"), Evening.Cast.of(site(), "gw-02", SATURDAY));
        assertNull(Evening.Cast.of(site(), "gw-02", MONDAY).market(), "the market is allowed on weekends only");
    }

    @Test
    void shouldDanceAt75DbFrom1930To2130OverA45DbBackground() throws Exception {
        Evening.Cast cast = Evening.Cast.of(site(), "gw-02", MONDAY);
        List<Reading> noise = Evening.day(cast, MONDAY, SHANGHAI).stream().filter(r -> r.sensor().equals("slm-2")).toList();

        assertEquals(120, noise.stream().filter(r -> r.values().get("laeq") == 75.0).count(), "two hours of dancing");
        assertEquals(3, noise.stream().filter(r -> r.values().get("laeq") == 90.0).count(), "three loud minutes");
        Reading first = noise.stream().filter(r -> r.values().get("laeq") == 75.0).findFirst().orElseThrow();
        assertEquals(Evening.at(MONDAY, "19:30", SHANGHAI).toEpochMilli(), first.ts());
        assertEquals(Instant.parse("2026-11-23T11:30:00Z").toEpochMilli(), first.ts(), "19:30 in Shanghai");
        assertTrue(first.values().keySet().containsAll(List.of("laeq", "lmax", "lmin", "l10", "l90", "samples")), first.toString());
        assertEquals("dBA", first.unit());
    }

    @Test
    void shouldKeepEventTimeOrderAndFitTheWireLimits() throws Exception {
        Evening.Cast cast = Evening.Cast.of(site(), "gw-02", SATURDAY);
        List<Reading> day = Evening.day(cast, SATURDAY, SHANGHAI);
        List<ReadingBatch> batches = Evening.batches("huayuan", "gw-02", "boot", 1, day, 100);

        for (int i = 1; i < day.size(); i++) {
            assertTrue(day.get(i - 1).ts() <= day.get(i).ts(), "in event-time order at " + i);
        }
        assertEquals(day.size(), batches.stream().mapToInt(b -> b.readings().size()).sum());
        assertEquals(batches.size(), batches.get(batches.size() - 1).seq(), "numbered 1, 2, 3 ...");
        WireCodec codec = new WireCodec();
        for (ReadingBatch b : batches) {
            assertEquals(b, codec.decode(codec.encode(b)), "the batch passes the wire contract");
        }
    }

    @Test
    void shouldSayTheOfflineSensorIsOfflineInTheLiveTail() throws Exception {
        Evening.Cast cast = Evening.Cast.of(site(), "gw-02", MONDAY);
        Instant now = Instant.parse("2026-11-23T18:00:30Z");

        List<Reading> live = Evening.live(cast, now);

        assertEquals(Quality.OFFLINE, live.stream().filter(r -> r.sensor().equals("park-8")).findFirst().orElseThrow().quality());
        assertEquals(0.0, live.stream().filter(r -> r.sensor().equals("park-7")).findFirst().orElseThrow().values().get("occupied"));
        assertEquals(3, live.size());
    }

    @Test
    void shouldPickTheLatestEveningThatIsOver() {
        Clock before = Clock.fixed(Instant.parse("2026-11-23T14:00:00Z"), ZoneOffset.UTC); // 22:00 in Shanghai
        Clock after = Clock.fixed(Instant.parse("2026-11-23T14:11:00Z"), ZoneOffset.UTC); // 22:11

        assertEquals(LocalDate.of(2026, 11, 22), Evening.lastEvening(before, SHANGHAI));
        assertEquals(MONDAY, Evening.lastEvening(after, SHANGHAI));
    }
}
