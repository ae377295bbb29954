package org.linli.config.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidateCommandTest {

    /** Grids and spaces every fixture shares; the gateways vary. */
    private static final String BASE = """
            id: huayuan
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

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    private record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : err.lines().toList();
        }
    }

    private Run validate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LinliConfigCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("validate"));
        all.addAll(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private String file(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file.toString();
    }

    private String siteWithGateways(String gateways) throws IOException {
        return file("site.yaml", BASE + "gateways:\n" + gateways);
    }

    /** Asserts exit 1 and exactly one problem line, which is returned. */
    private static String onlyProblem(Run run) {
        assertEquals(LinliConfigCli.INVALID, run.exit(), run.err());
        assertEquals("", run.out());
        assertEquals(1, run.errLines().size(), run.err());
        return run.errLines().get(0);
    }

    @Test
    void shouldPrintASummaryAndExitZeroForAValidSite() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17}
                      - {id: noise-1, kind: noise-module, space: plaza, transport: i2c, address: 0x48}
                canteens:
                  - {id: canteen-1, space: plaza}
                """);

        Run run = validate(site);

        assertEquals(LinliConfigCli.OK, run.exit(), run.err());
        assertEquals(site + ": ok — site huayuan, 2 grids, 1 space, 1 gateway, 2 sensors, 1 canteen\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldSummariseTheSevenGridSample() {
        Run run = validate("src/test/resources/sites/qinghe-7grids.yaml");

        assertEquals(LinliConfigCli.OK, run.exit(), run.err());
        assertEquals("src/test/resources/sites/qinghe-7grids.yaml: ok — site qinghe, 8 grids, 9 spaces, 4 gateways,"
                + " 11 sensors, 1 canteen\n", run.out());
    }

    @Test
    void shouldNameTheI2cSensorWhenAPinCollidesWithI2c() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: noise-1, kind: noise-module, space: plaza, transport: i2c, address: 0x48}
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 3}
                """);

        String line = onlyProblem(validate(site));

        assertEquals(site + ":19: gateways[0].sensors[1].pin: BCM 3 is I2C SCL, already used by noise-1;"
                + " free pins: 4-6, 12, 13, 16-27", line);
    }

    @Test
    void shouldRefuseAnSpiPin() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 10}
                """);

        assertTrue(onlyProblem(validate(site)).endsWith(
                "gateways[0].sensors[0].pin: BCM 10 is SPI0 MOSI; free pins: 4-6, 12, 13, 16-27"));
    }

    @Test
    void shouldRefuseAUartPin() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: beam-1, kind: beam, space: plaza, transport: gpio, pin: 14}
                """);

        assertTrue(onlyProblem(validate(site)).endsWith(
                "gateways[0].sensors[0].pin: BCM 14 is UART TXD; free pins: 4-6, 12, 13, 16-27"));
    }

    @Test
    void shouldRefuseAPinUsedTwice() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17}
                      - {id: door-1, kind: door, space: plaza, transport: gpio, pin: 17}
                """);

        assertTrue(onlyProblem(validate(site)).endsWith(
                "gateways[0].sensors[1].pin: BCM 17 is already used by pir-1"));
    }

    @Test
    void shouldRefuseAnI2cAddressUsedTwiceOnABus() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: noise-1, kind: noise-module, space: plaza, transport: i2c, address: 0x48}
                      - {id: noise-2, kind: noise-module, space: plaza, transport: i2c, bus: 1, address: 0x48}
                """);

        assertTrue(onlyProblem(validate(site)).endsWith(
                "gateways[0].sensors[1].address: I2C address 0x48 on bus 1 is already used by noise-1"));
    }

    @Test
    void shouldListTheKnownKindsForAnUnknownSensorKind() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: cam-1, kind: camera, space: plaza, transport: mqtt, topic: cam/1}
                """);

        assertTrue(onlyProblem(validate(site)).endsWith("gateways[0].sensors[0].kind: 'camera' is not one of "
                + "pir, beam, door, presence, parking, noise-module, sound-level-meter"));
    }

    @Test
    void shouldNameTheTransportsAKindCanUse() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: park-1, kind: parking, space: plaza, transport: gpio, pin: 17}
                """);

        assertTrue(onlyProblem(validate(site)).endsWith(
                "gateways[0].sensors[0].transport: a parking sensor cannot use gpio (it can use: mqtt)"));
    }

    @Test
    void shouldRequireTheGridOfASpace() throws IOException {
        String site = file("site.yaml", """
                id: huayuan
                grids: [{id: g1, level: 1}]
                spaces:
                  - {id: plaza, kind: plaza, noiseZone: "1"}
                """);

        assertEquals(site + ":4: spaces[0].grid: required", onlyProblem(validate(site)));
    }

    @Test
    void shouldListTheKnownGridsForASpaceInAnUnknownGrid() throws IOException {
        String site = file("site.yaml", """
                id: huayuan
                grids: [{id: g1, level: 1}]
                spaces:
                  - {id: plaza, kind: plaza, grid: g9, noiseZone: "1"}
                """);

        assertEquals(site + ":4: spaces[0].grid: unknown grid 'g9' (known: g1)", onlyProblem(validate(site)));
    }

    @Test
    void shouldListTheKnownSpacesForASensorInAnUnknownSpace() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: moon, transport: gpio, pin: 17}
                """);

        assertTrue(onlyProblem(validate(site)).endsWith(
                "gateways[0].sensors[0].space: unknown space 'moon' (known: plaza)"));
    }

    @Test
    void shouldRefuseADuplicateGridId() throws IOException {
        String site = file("site.yaml", """
                id: huayuan
                grids:
                  - {id: g1, level: 1}
                  - {id: g1, level: 1}
                """);

        assertEquals(site + ":4: grids[1].id: duplicate grid id 'g1' (also at grids[0])", onlyProblem(validate(site)));
    }

    @Test
    void shouldRefuseADuplicateSpaceId() throws IOException {
        String site = file("site.yaml", BASE + """
                  - {id: plaza, kind: green-space, grid: g1-1, noiseZone: "1"}
                """);

        assertTrue(onlyProblem(validate(site)).endsWith("spaces[1].id: duplicate space id 'plaza' (also at spaces[0])"));
    }

    @Test
    void shouldRefuseADuplicateGatewayId() throws IOException {
        String site = siteWithGateways("""
                  - {id: gw-01}
                  - {id: gw-01}
                """);

        assertTrue(onlyProblem(validate(site)).endsWith(
                "gateways[1].id: duplicate gateway id 'gw-01' (also at gateways[0])"));
    }

    @Test
    void shouldRefuseASensorIdUsedOnTwoGateways() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17}
                  - id: gw-02
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17}
                """);

        assertTrue(onlyProblem(validate(site)).endsWith("gateways[1].sensors[0].id: duplicate sensor id 'pir-1'"
                + " (also at gateways[0].sensors[0])"));
    }

    @Test
    void shouldListTheAllowedKeysForATypo() throws IOException {
        String site = file("site.yaml", """
                id: huayuan
                grids: [{id: g1, level: 1}]
                spaces:
                  - {id: plaza, kind: plaza, grid: g1, noiseZone: "1", noisezone: "2"}
                """);

        assertEquals(site + ":4: spaces[0].noisezone: unknown key (allowed here: grid, id, kind, name, noiseZone,"
                + " rules, schedules)", onlyProblem(validate(site)));
    }

    @Test
    void shouldSayWhatLevelAGridParentMustBe() throws IOException {
        String site = file("site.yaml", """
                id: huayuan
                grids:
                  - {id: g1, level: 1}
                  - {id: g1-1, level: 3, parent: g1, worker: 李秀英}
                  - {id: g1-2, level: 3, parent: g1-1, worker: 张伟}
                """);

        assertEquals(site + ":5: grids[2].parent: a level 3 grid must sit under a level 1 or 2 grid,"
                + " but 'g1-1' is level 3", onlyProblem(validate(site)));
    }

    @Test
    void shouldListTheKnownGridsForAnUnknownParent() throws IOException {
        String site = file("site.yaml", """
                id: huayuan
                grids:
                  - {id: g1, level: 1}
                  - {id: g1-1, level: 2, parent: g9}
                """);

        assertEquals(site + ":4: grids[1].parent: unknown grid 'g9' (known: g1, g1-1)", onlyProblem(validate(site)));
    }

    @Test
    void shouldListTheZoneClassesForABadNoiseZone() throws IOException {
        String site = file("site.yaml", """
                id: huayuan
                grids: [{id: g1, level: 1}]
                spaces:
                  - {id: plaza, kind: plaza, grid: g1, noiseZone: "5"}
                """);

        assertEquals(site + ":4: spaces[0].noiseZone: '5' is not a GB 3096 zone class (0, 1, 2, 3, 4a, 4b)",
                onlyProblem(validate(site)));
    }

    @Test
    void shouldShowHowToWriteADuration() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17, debounce: 50 millis}
                """);

        assertTrue(onlyProblem(validate(site)).endsWith("gateways[0].sensors[0].debounce: '50 millis' is not a duration"
                + " (write e.g. 50ms, 1s, 5m, 2h or PT1S)"));
    }

    @Test
    void shouldReportEveryProblemOfAFileInOneRun() throws IOException {
        String site = siteWithGateways("""
                  - id: gw-01
                    sensors:
                      - {id: pir-1, kind: pir, space: moon, transport: gpio, pin: 3}
                      - {id: cam-1, kind: camera, space: plaza, transport: mqtt, topic: cam/1}
                """);

        Run run = validate(site);

        assertEquals(LinliConfigCli.INVALID, run.exit());
        assertEquals(3, run.errLines().size(), run.err());
    }

    @Test
    void shouldExitTwoForAMissingFile() {
        String missing = dir.resolve("no-such-site.yaml").toString();

        Run run = validate(missing);

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertEquals(missing + ": no such file (check the name and the folder)\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldExitTwoForTextThatIsNotYaml() throws IOException {
        String site = file("site.yaml", """
                id: huayuan
                grids: [{id: g1, level: 1}
                """);

        Run run = validate(site);

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertEquals(site + ":3: not valid YAML at column 1: a [ list is not closed with ]\n", run.err());
    }

    @Test
    void shouldExitTwoForAnEmptyFile() throws IOException {
        String site = file("site.yaml", "# nothing yet\n");

        Run run = validate(site);

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertEquals(site + ":1: the file is empty\n", run.err());
    }

    @Test
    void shouldExitOneWhenOneOfSeveralFilesIsInvalid() throws IOException {
        String good = file("good.yaml", BASE);
        String bad = file("bad.yaml", BASE.replace("noiseZone: \"1\"", "noiseZone: \"9\""));

        Run run = validate(good, bad);

        assertEquals(LinliConfigCli.INVALID, run.exit());
        assertTrue(run.out().startsWith(good + ": ok — "), run.out());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith(bad + ":"), run.err());
    }

    @Test
    void shouldLetAnUnreadableFileWinOverAnInvalidOne() throws IOException {
        String good = file("good.yaml", BASE);
        String bad = file("bad.yaml", BASE.replace("noiseZone: \"1\"", "noiseZone: \"9\""));
        String missing = dir.resolve("missing.yaml").toString();

        Run run = validate(bad, missing, good);

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertEquals(2, run.errLines().size(), run.err());
        assertTrue(run.out().startsWith(good + ": ok — "), run.out());
    }

    @Test
    void shouldPrintProblemsAsAJsonArray() throws IOException {
        String good = file("good.yaml", BASE);
        String bad = file("bad.yaml", BASE.replace("noiseZone: \"1\"", "noiseZone: \"9\""));

        Run run = validate("--json", good, bad);

        assertEquals(LinliConfigCli.INVALID, run.exit());
        assertEquals("", run.err());
        JsonNode array = new ObjectMapper().readTree(run.out());
        assertEquals(1, array.size(), run.out());
        JsonNode problem = array.get(0);
        assertEquals(bad, problem.get("file").asText());
        assertEquals(14, problem.get("line").asInt());
        assertEquals("spaces[0].noiseZone", problem.get("path").asText());
        assertEquals("'9' is not a GB 3096 zone class (0, 1, 2, 3, 4a, 4b)", problem.get("message").asText());
    }

    @Test
    void shouldPrintAnEmptyJsonArrayWhenAllFilesAreValid() throws IOException {
        Run run = validate("--json", file("good.yaml", BASE));

        assertEquals(LinliConfigCli.OK, run.exit());
        assertEquals(0, new ObjectMapper().readTree(run.out()).size());
    }

    @Test
    void shouldExitTwoWithoutAFile() {
        Run run = validate();

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertTrue(run.err().contains("SITE.yaml"), run.err());
    }
}
