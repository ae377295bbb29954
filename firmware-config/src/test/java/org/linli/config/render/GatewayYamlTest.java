package org.linli.config.render;

import org.junit.jupiter.api.Test;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.config.SiteLoader;
import org.linli.config.Site;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GatewayYamlTest {

    @Test
    void shouldRenderMappingsHeartbeatsAndHoldTimesThatLoadBackUnchanged() throws Exception {
        Site site = SiteLoader.parse("site.yaml", """
                id: huayuan
                grids:
                  - {id: g1, level: 1}
                  - {id: g1-1, level: 3, parent: g1, worker: 李秀英}
                spaces:
                  - {id: plaza, kind: plaza, grid: g1-1, noiseZone: "1"}
                gateways:
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17, holdTime: 30s}
                      - {id: fp1, kind: presence, space: plaza, transport: mqtt, topic: z2m/fp1, mapping: zigbee2mqtt-occupancy, values: {occupied: presence}, holdTime: 10s}
                      - {id: bay-7, kind: parking, space: plaza, transport: mqtt, topic: lora/bay-7, mapping: parking-sensor, heartbeat: 10m}
                      - {id: slm-2, kind: sound-level-meter, space: plaza, transport: mqtt, topic: n/2, values: {laeq: d.eq, lamax: d.max}}
                      - {id: park-3, kind: parking, space: plaza, transport: mqtt, topic: sensors/park-3, field: occupancy}
                """);

        String yaml = GatewayYaml.render("huayuan", site.gateway("gw-01").orElseThrow(), "tcp://127.0.0.1:1883",
                "ssl://cloud.example:8883", false);
        GatewayConfig config = GatewayConfigLoader.parse("gateway.yaml", yaml);

        assertEquals(site.gateway("gw-01").orElseThrow().sensors(), config.sensors(), yaml);
    }

    private static final String COUNTER_SITE = """
            id: huayuan
            timezone: Asia/Urumqi
            grids:
              - {id: g1, level: 1}
              - {id: g1-1, level: 3, parent: g1, worker: 李秀英}
            spaces:
              - {id: plaza, kind: plaza, grid: g1-1, noiseZone: "1"}
            gateways:
              - id: gw-01
                sensors:
                  - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17}
                  - {id: park-3, kind: parking, space: plaza, transport: mqtt, topic: sensors/park-3}
              - id: gw-02
            canteens:
              - id: canteen-1
                gateway: gw-01
                policy: xuyi
                terminals:
                  - {id: face-1, transport: wiegand, format: 34, d0: 5, d1: 6, method: face}
                  - {id: face-2, transport: network, topic: canteen/face-2/events}
                outputs: {green: 20, red: 21, buzzer: 26}
            """;

    @Test
    void shouldRenderTheCounterOfTheCanteenThatNamesTheGatewayAndLoadItBack() throws Exception {
        Site site = SiteLoader.parse("site.yaml", COUNTER_SITE);

        String yaml = GatewayYaml.render("huayuan", site.gateway("gw-01").orElseThrow(), "tcp://127.0.0.1:1883",
                "ssl://cloud.example:8883", false, site.canteens().get(0), site.zone());
        org.linli.config.CanteenSettings counter = GatewayConfigLoader.parse("gateway.yaml", yaml).counter().orElseThrow();

        assertEquals("canteen-1", counter.canteenId());
        assertEquals("xuyi", counter.policy());
        assertEquals(java.time.ZoneId.of("Asia/Urumqi"), counter.zone());
        assertEquals(site.canteens().get(0).terminals(), counter.terminals(), yaml);
        assertEquals(site.canteens().get(0).outputs(), counter.outputs());
    }

    @Test
    void shouldRefuseACounterPinThatASensorOfItsGatewayUses() {
        org.linli.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(org.linli.config.ConfigException.class,
                () -> SiteLoader.parse("site.yaml", COUNTER_SITE.replace("d0: 5", "d0: 17")
                        .replace("canteen/face-2/events", "sensors/park-3")));

        assertEquals(java.util.List.of("canteens[0].terminals[0].d0: BCM 17 is already used by pir-1",
                "canteens[0].terminals[1].topic: topic 'sensors/park-3' is already read by sensor park-3"),
                e.problems().stream().map(p -> p.path() + ": " + p.message()).toList());
    }

    @Test
    void shouldNeedTheGatewayAndPolicyForTerminals() {
        org.linli.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(org.linli.config.ConfigException.class,
                () -> SiteLoader.parse("site.yaml", COUNTER_SITE.replace("    policy: xuyi\n", "")));

        assertEquals("canteens[0].policy", e.problems().get(0).path());
    }
}
