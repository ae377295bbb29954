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
}
