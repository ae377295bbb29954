package org.linli.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiteLoaderTest {

    private static final String GRIDS = """
            grids:
              - id: g1
                level: 1
                head: 王建华
              - id: g1-1
                level: 3
                parent: g1
                worker: 李秀英
            spaces:
              - id: plaza
                kind: plaza
                grid: g1-1
                noiseZone: "1"
            """;

    private static List<ConfigProblem> problems(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> SiteLoader.parse("site.yaml", yaml));
        return e.problems();
    }

    private static String site(String gateways) {
        return "id: huayuan\n" + GRIDS + "gateways:\n" + gateways;
    }

    @Test
    void shouldLoadTheDemoSite() throws Exception {
        Site site = SiteLoader.load(Path.of("src/test/resources/site.yaml"));

        assertEquals("huayuan", site.id());
        assertEquals("Asia/Shanghai", site.zone().getId());
        assertEquals(2, site.grids().size());
        SensorSpec pir = site.gateway("gw-01").orElseThrow().sensor("pir-1").orElseThrow();
        assertEquals(new SensorBinding.GpioInput(17, Pull.DOWN, java.time.Duration.ofMillis(50), false), pir.binding());
        assertEquals("plaza-east", pir.space());
        SensorSpec park = site.gateway("gw-01").orElseThrow().sensor("park-3").orElseThrow();
        assertEquals(SensorBinding.MqttTopic.plain("sensors/park-3", "occupied", "occupancy"), park.binding());
        Space green = site.space("green-2").orElseThrow();
        assertEquals(NoiseZone.CLASS_1, green.noiseZone());
        assertTrue(green.schedules().get(0).covers(DayOfWeek.SATURDAY, LocalTime.of(7, 0)));
        assertFalse(green.schedules().get(0).covers(DayOfWeek.MONDAY, LocalTime.of(7, 0)));
    }

    @Test
    void shouldNameThePinAndTheI2cSensorThatUsesIt() {
        List<ConfigProblem> problems = problems(site("""
                  - id: gw-01
                    sensors:
                      - id: noise-1
                        kind: noise-module
                        space: plaza
                        transport: i2c
                        address: 0x48
                      - id: pir-1
                        kind: pir
                        space: plaza
                        transport: gpio
                        pin: 17
                      - id: pir-2
                        kind: pir
                        space: plaza
                        transport: gpio
                        pin: 3
                """));

        assertEquals(1, problems.size(), problems.toString());
        ConfigProblem p = problems.get(0);
        assertEquals("gateways[0].sensors[2].pin", p.path());
        assertTrue(p.message().startsWith("BCM 3 is I2C SCL, already used by noise-1"), p.message());
        assertEquals(32, p.line());
        assertTrue(p.toString().startsWith("site.yaml:32: gateways[0].sensors[2].pin: BCM 3 is I2C SCL"), p.toString());
    }

    @Test
    void shouldRefuseAPinUsedTwice() {
        List<ConfigProblem> problems = problems(site("""
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17}
                      - {id: beam-1, kind: beam, space: plaza, transport: gpio, pin: 17}
                """));

        assertEquals("gateways[0].sensors[1].pin: BCM 17 is already used by pir-1",
                problems.get(0).path() + ": " + problems.get(0).message());
    }

    @Test
    void shouldRefuseUartAndSpiPins() {
        List<ConfigProblem> problems = problems(site("""
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 14}
                      - {id: pir-2, kind: pir, space: plaza, transport: gpio, pin: 10}
                """));

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().startsWith("BCM 14 is UART TXD"));
        assertTrue(problems.get(1).message().startsWith("BCM 10 is SPI0 MOSI"));
    }

    @Test
    void shouldRefuseAnI2cAddressUsedTwiceOnOneBus() {
        List<ConfigProblem> problems = problems(site("""
                  - id: gw-01
                    sensors:
                      - {id: noise-1, kind: noise-module, space: plaza, transport: i2c, address: 0x48}
                      - {id: noise-2, kind: noise-module, space: plaza, transport: i2c, address: 72}
                """));

        assertEquals("I2C address 0x48 on bus 1 is already used by noise-1", problems.get(0).message());
    }

    @Test
    void shouldRefuseDuplicateSensorIdsAcrossGateways() {
        List<ConfigProblem> problems = problems(site("""
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17}
                  - id: gw-02
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17}
                """));

        assertEquals("gateways[1].sensors[0].id", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("duplicate sensor id 'pir-1'"));
    }

    @Test
    void shouldNameAnUnknownSensorKindWithTheKnownOnes() {
        List<ConfigProblem> problems = problems(site("""
                  - id: gw-01
                    sensors:
                      - {id: x-1, kind: thermometer, space: plaza, transport: gpio, pin: 17}
                """));

        assertEquals("gateways[0].sensors[0].kind", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("'thermometer' is not one of pir, beam"), problems.get(0).message());
    }

    @Test
    void shouldRefuseATransportTheKindCannotUse() {
        List<ConfigProblem> problems = problems(site("""
                  - id: gw-01
                    sensors:
                      - {id: noise-1, kind: noise-module, space: plaza, transport: gpio, pin: 17}
                """));

        assertEquals("a noise-module sensor cannot use gpio (it can use: i2c)", problems.get(0).message());
    }

    @Test
    void shouldRefuseUnknownSpacesGridsAndParents() {
        List<ConfigProblem> problems = problems("""
                id: huayuan
                grids:
                  - {id: g1, level: 1}
                  - {id: g1-1, level: 3, parent: g9, worker: 李秀英}
                  - {id: g1-2, level: 3, parent: g1}
                  - {id: g1-3, level: 1, parent: g1-2, worker: 张伟}
                spaces:
                  - {id: plaza, kind: plaza, grid: nowhere, noiseZone: "1"}
                gateways:
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: moon, transport: gpio, pin: 17}
                """);

        List<String> paths = problems.stream().map(ConfigProblem::path).toList();
        assertTrue(paths.contains("grids[1].parent"), paths.toString());
        assertTrue(paths.contains("grids[3].parent"), paths.toString());
        assertTrue(paths.contains("grids[2].worker"), paths.toString());
        assertTrue(paths.contains("spaces[0].grid"), paths.toString());
        assertTrue(paths.contains("gateways[0].sensors[0].space"), paths.toString());
    }

    @Test
    void shouldRefuseATyposKeyAndSayWhatIsAllowed() {
        List<ConfigProblem> problems = problems(site("""
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pn: 17}
                """));

        List<String> paths = problems.stream().map(ConfigProblem::path).toList();
        assertTrue(paths.contains("gateways[0].sensors[0].pn"), paths.toString());
        assertTrue(paths.contains("gateways[0].sensors[0].pin"), paths.toString());
    }

    @Test
    void shouldRefuseAnUnknownNoiseZone() {
        List<ConfigProblem> problems = problems("""
                id: huayuan
                grids: [{id: g1, level: 1}]
                spaces:
                  - {id: plaza, kind: plaza, grid: g1, noiseZone: "5"}
                """);

        assertEquals("spaces[0].noiseZone", problems.get(0).path());
    }

    @Test
    void shouldReportADuplicateKey() {
        List<ConfigProblem> problems = problems("""
                id: huayuan
                id: other
                grids: [{id: g1, level: 1}]
                """);

        assertEquals("id", problems.get(0).path());
        assertTrue(problems.get(0).message().startsWith("duplicate key"));
    }

    @Test
    void shouldCallTextThatIsNotYamlUnreadable() {
        ConfigException e = assertThrows(ConfigException.class, () -> SiteLoader.parse("site.yaml", "id: [unclosed"));

        assertTrue(e.unreadable());
        assertTrue(e.getMessage().startsWith("site.yaml"), e.getMessage());
    }

    @Test
    void shouldCallAMissingFileUnreadable() {
        ConfigException e = assertThrows(ConfigException.class, () -> SiteLoader.load(Path.of("no-such-site.yaml")));

        assertTrue(e.unreadable());
    }

    @Test
    void shouldRefuseADeeplyNestedDocument() {
        String deep = "id: x\ngrids: " + "[".repeat(200) + "]".repeat(200) + "\n";

        ConfigException e = assertThrows(ConfigException.class, () -> SiteLoader.parse("site.yaml", deep));

        assertTrue(e.unreadable());
    }

    @Test
    void shouldBindACanteenToItsCounterGatewayAndPolicy() throws Exception {
        Site site = SiteLoader.parse("site.yaml", site("""
                  - id: gw-01
                canteens:
                  - id: canteen-1
                    gateway: gw-01
                    policy: xuyi
                """));
        assertEquals(new Canteen("canteen-1", "canteen-1", null, "gw-01", "xuyi"), site.canteens().get(0));
    }

    @Test
    void shouldNameAnUnknownCounterGatewayAndPolicyPreset() {
        List<ConfigProblem> problems = problems(site("""
                  - id: gw-01
                canteens:
                  - id: canteen-1
                    gateway: gw-99
                    policy: paris
                """));
        String all = problems.toString();
        assertTrue(all.contains("canteens[0].gateway: unknown gateway 'gw-99' (known: gw-01)"), all);
        assertTrue(all.contains("canteens[0].policy: unknown policy preset 'paris'"), all);
    }
}
