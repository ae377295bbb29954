package org.linli.config;

import org.junit.jupiter.api.Test;
import org.linli.config.canteen.VerificationMethod;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanteenSectionTest {

    private static final String BASE = """
            site: huayuan
            gateway: gw-01
            gpio: mock
            lanBroker: {uri: "tcp://127.0.0.1:18831"}
            cloudBroker: {uri: "tcp://127.0.0.1:18830"}
            sensors:
              - {id: pir-1, kind: pir, space: plaza-east, transport: gpio, pin: 17}
              - {id: park-3, kind: parking, space: fire-lane-3, transport: mqtt, topic: sensors/park-3}
            """;

    private static final String COUNTER = """
            canteen:
              id: canteen-1
              policy: beijing
              ledgerPath: /var/lib/linli/ledger.db
              terminals:
                - {id: face-1, transport: wiegand, format: 34, d0: 5, d1: 6, method: face}
                - {id: card-1, transport: wiegand, format: 26, d0: 12, d1: 13, method: card, frameTimeout: 30ms, minBitSpacingMicros: 150}
                - {id: face-2, transport: network, topic: canteen/face-2/events}
                - {id: pin-1, transport: network}
              outputs: {green: 20, red: 21, buzzer: 26}
              page: {port: 8090}
            """;

    @Test
    void shouldLoadTheCounterWithItsTerminalsOutputsAndDefaults() throws Exception {
        CanteenSettings c = GatewayConfigLoader.parse("gateway.yaml", BASE + COUNTER).counter().orElseThrow();

        assertEquals("canteen-1", c.canteenId());
        assertEquals("beijing", c.policy());
        assertEquals(ZoneId.of("Asia/Shanghai"), c.zone());
        assertEquals(Path.of("/var/lib/linli/ledger.db"), c.ledgerPath());
        assertEquals(new CanteenSettings.WiegandTerminal("face-1", 34, 5, 6, VerificationMethod.FACE,
                Duration.ofMillis(25), Duration.ofNanos(200_000)), c.terminals().get(0));
        assertEquals(new CanteenSettings.WiegandTerminal("card-1", 26, 12, 13, VerificationMethod.CARD,
                Duration.ofMillis(30), Duration.ofNanos(150_000)), c.terminals().get(1));
        assertEquals(new CanteenSettings.NetworkTerminal("face-2", "canteen/face-2/events"), c.terminals().get(2));
        assertEquals(new CanteenSettings.NetworkTerminal("pin-1", null), c.terminals().get(3));
        assertEquals(new CanteenSettings.Outputs(20, 21, 26), c.outputs());
        assertEquals(new CanteenSettings.Page("0.0.0.0", 8090), c.page());
    }

    @Test
    void shouldHaveNoCounterWithoutTheSection() throws Exception {
        assertTrue(GatewayConfigLoader.parse("gateway.yaml", BASE).counter().isEmpty());
    }

    @Test
    void shouldRefuseAWiegandLineOnASensorsPin() {
        List<ConfigProblem> problems = problems(COUNTER.replace("d0: 5, d1: 6", "d0: 17, d1: 6"));

        assertEquals(1, problems.size(), problems.toString());
        assertEquals("canteen.terminals[0].d0", problems.get(0).path());
        assertEquals("BCM 17 is already used by pir-1", problems.get(0).message());
        assertTrue(problems.get(0).line() > 0);
    }

    @Test
    void shouldRefuseAnOutputOnAWiegandLineAndOnAReservedPin() {
        List<ConfigProblem> problems = problems(COUNTER.replace("green: 20, red: 21", "green: 12, red: 2"));

        assertEquals(List.of("canteen.outputs.green", "canteen.outputs.red"),
                problems.stream().map(ConfigProblem::path).toList());
        assertEquals("BCM 12 is already used by canteen terminal card-1 (D0)", problems.get(0).message());
        assertTrue(problems.get(1).message().startsWith("BCM 2 is I2C SDA"), problems.get(1).message());
    }

    @Test
    void shouldRefuseAnUnsupportedFormatAnUnknownMethodAndATypo() {
        List<ConfigProblem> problems = problems(COUNTER.replace("format: 34", "format: 37")
                .replace("method: card", "method: palm").replace("page: {port: 8090}", "page: {prot: 8090}"));

        List<String> paths = problems.stream().map(ConfigProblem::path).toList();
        assertEquals(List.of("canteen.terminals[0].format", "canteen.terminals[1].method", "canteen.page.prot"), paths);
        assertEquals("37 is not a supported Wiegand format (26 or 34)", problems.get(0).message());
    }

    @Test
    void shouldRefuseATerminalTopicASensorReadsAndADuplicateTerminal() {
        List<ConfigProblem> problems = problems(COUNTER.replace("canteen/face-2/events", "sensors/park-3")
                .replace("{id: pin-1,", "{id: face-1,"));

        assertEquals(List.of("canteen.terminals[2].topic", "canteen.terminals[3].id"),
                problems.stream().map(ConfigProblem::path).toList());
        assertEquals("topic 'sensors/park-3' is already read by sensor park-3", problems.get(0).message());
    }

    @Test
    void shouldRefuseAnUnknownPresetAndThePortOfTheStatusPage() {
        List<ConfigProblem> problems = problems(COUNTER.replace("policy: beijing", "policy: paris")
                .replace("port: 8090", "port: 8088"));

        assertEquals(List.of("canteen.policy", "canteen.page.port"), problems.stream().map(ConfigProblem::path).toList());
    }

    @Test
    void shouldRequireTheLanBrokerForATerminalWithATopic() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml",
                (BASE + COUNTER).replace("lanBroker: {uri: \"tcp://127.0.0.1:18831\"}\n", "")
                        .replace("  - {id: park-3, kind: parking, space: fire-lane-3, transport: mqtt, topic: sensors/park-3}\n", "")));

        assertEquals("lanBroker", e.problems().get(0).path());
        assertEquals("required: canteen terminals with a topic publish on the LAN broker", e.problems().get(0).message());
    }

    @Test
    void shouldRefuseAFrameTimeoutShorterThanTheBitSpacing() {
        List<ConfigProblem> problems = problems(COUNTER.replace("frameTimeout: 30ms, minBitSpacingMicros: 150",
                "frameTimeout: 0ms, minBitSpacingMicros: 150"));

        assertEquals("canteen.terminals[1].frameTimeout", problems.get(0).path());
    }

    private static List<ConfigProblem> problems(String counter) {
        return assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml", BASE + counter))
                .problems();
    }
}
