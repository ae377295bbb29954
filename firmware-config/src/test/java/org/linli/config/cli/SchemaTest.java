package org.linli.config.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linli.config.ConfigException;
import org.linli.config.LanPreset;
import org.linli.config.NoiseZone;
import org.linli.config.Pull;
import org.linli.config.SensorKind;
import org.linli.config.SiteLoader;
import org.linli.config.SpaceKind;
import org.linli.config.Transport;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published schema and {@link SiteLoader} describe the same file. Where the schema can express a
 * rule (keys, enums, per-transport keys, reserved pins) these tests feed both the same YAML and expect
 * the same verdict, so a new sensor kind or key added to one but not the other fails the build.
 */
class SchemaTest {
    private static final Path SCHEMA_FILE = Path.of("schema/site.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static final String GRIDS_AND_SPACE = """
            id: huayuan
            grids:
              - {id: g1, level: 1}
              - {id: g1-1, level: 3, parent: g1, worker: 李秀英}
            spaces:
              - {id: plaza, kind: plaza, grid: g1-1, noiseZone: "1"}
            """;

    private static JsonNode schemaJson() throws IOException {
        return JSON.readTree(SCHEMA_FILE.toFile());
    }

    private static Set<ValidationMessage> schemaProblems(String yaml) throws IOException {
        JsonSchema schema = FACTORY.getSchema(schemaJson());
        return schema.validate(YAML.readTree(yaml));
    }

    private static boolean loaderAccepts(String yaml) {
        try {
            SiteLoader.parse("site.yaml", yaml);
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    private static String oneSensor(String sensor) {
        return GRIDS_AND_SPACE + "gateways:\n  - id: gw-01\n    sensors:\n      - " + sensor + "\n";
    }

    private static String yamlName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Set<String> yamlNames(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(SchemaTest::yamlName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> schemaEnum(JsonNode node) {
        Set<String> values = new TreeSet<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void shouldBeAValidDraft202012Schema() throws IOException {
        JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012));

        Set<ValidationMessage> problems = metaSchema.validate(schemaJson());

        assertTrue(problems.isEmpty(), problems.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"src/test/resources/site.yaml", "src/test/resources/sites/qinghe-7grids.yaml"})
    void shouldAcceptTheSampleSites(String file) throws IOException {
        Set<ValidationMessage> problems = schemaProblems(Files.readString(Path.of(file), StandardCharsets.UTF_8));

        assertTrue(problems.isEmpty(), problems.toString());
    }

    private static String counter(String terminal) {
        return oneSensor("{id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17}")
                + "canteens:\n  - {id: c1, gateway: gw-01, policy: beijing, outputs: {green: 20},\n     terminals: ["
                + terminal + "]}\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{id: t1, transport: wiegand, format: 26, d0: 5, d1: 6, method: card}",
            "{id: t1, transport: wiegand, format: 34, d0: 5, d1: 6, method: face, frameTimeout: 30ms, minBitSpacingMicros: 150}",
            "{id: t1, transport: network, topic: canteen/t1/events}",
            "{id: t1, transport: network}"})
    void shouldAcceptACounterTerminalAsTheLoaderDoes(String terminal) throws IOException {
        String yaml = counter(terminal);

        assertTrue(schemaProblems(yaml).isEmpty(), schemaProblems(yaml).toString());
        assertTrue(loaderAccepts(yaml));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{id: t1, transport: wiegand, format: 26, d0: 5, method: card}",
            "{id: t1, transport: wiegand, format: 37, d0: 5, d1: 6, method: card}",
            "{id: t1, transport: wiegand, format: 26, d0: 5, d1: 2, method: card}",
            "{id: t1, transport: wiegand, format: 26, d0: 5, d1: 6, method: palm}",
            "{id: t1, transport: wiegand, format: 26, d0: 5, d1: 6, method: card, topic: x}",
            "{id: t1, transport: network, format: 26}",
            "{id: t1, transport: network, topic: 'canteen/+/events'}",
            "{id: t1, transport: bluetooth}"})
    void shouldRefuseABadCounterTerminalAsTheLoaderDoes(String terminal) throws IOException {
        String yaml = counter(terminal);

        assertFalse(schemaProblems(yaml).isEmpty(), terminal);
        assertFalse(loaderAccepts(yaml), terminal);
    }

    @Test
    void shouldRefuseAnUnknownKeyAsTheLoaderDoes() throws IOException {
        String yaml = GRIDS_AND_SPACE.replace("noiseZone: \"1\"}", "noiseZone: \"1\", noisezone: \"2\"}");

        assertFalse(schemaProblems(yaml).isEmpty());
        assertFalse(loaderAccepts(yaml));
    }

    @Test
    void shouldRefuseAnUnknownSensorKindAsTheLoaderDoes() throws IOException {
        String yaml = oneSensor("{id: cam-1, kind: camera, space: plaza, transport: mqtt, topic: cam/1}");

        assertFalse(schemaProblems(yaml).isEmpty());
        assertFalse(loaderAccepts(yaml));
    }

    @Test
    void shouldRefuseABadNoiseZoneAsTheLoaderDoes() throws IOException {
        String yaml = GRIDS_AND_SPACE.replace("noiseZone: \"1\"", "noiseZone: \"5\"");

        assertFalse(schemaProblems(yaml).isEmpty());
        assertFalse(loaderAccepts(yaml));
    }

    @Test
    void shouldListExactlyTheSensorKindsTheLoaderAccepts() throws IOException {
        assertEquals(yamlNames(SensorKind.class), schemaEnum(schemaJson().at("/$defs/sensorKind/enum")));
    }

    @Test
    void shouldListExactlyTheSpaceKindsTheLoaderAccepts() throws IOException {
        assertEquals(yamlNames(SpaceKind.class), schemaEnum(schemaJson().at("/$defs/spaceKind/enum")));
    }

    @Test
    void shouldListExactlyTheTransportsTheLoaderAccepts() throws IOException {
        assertEquals(yamlNames(Transport.class), schemaEnum(schemaJson().at("/$defs/transport/enum")));
    }

    @Test
    void shouldListExactlyThePullsTheLoaderAccepts() throws IOException {
        assertEquals(yamlNames(Pull.class), schemaEnum(schemaJson().at("/$defs/pull/enum")));
    }

    @Test
    void shouldListExactlyTheNoiseZoneCodesTheLoaderAccepts() throws IOException {
        Set<String> codes = Arrays.stream(NoiseZone.values()).map(NoiseZone::code).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(codes, schemaEnum(schemaJson().at("/$defs/noiseZone/anyOf/0/enum")));
    }

    @Test
    void shouldAgreeWithTheLoaderOnEveryKindAndTransport() throws IOException {
        for (SensorKind kind : SensorKind.values()) {
            for (Transport transport : Transport.values()) {
                String binding = switch (transport) {
                    case GPIO -> "pin: 17";
                    case I2C -> "address: 0x48";
                    case MQTT -> "topic: dev/s-1";
                };
                String yaml = oneSensor("{id: s-1, kind: " + yamlName(kind) + ", space: plaza, transport: "
                        + yamlName(transport) + ", " + binding + "}");

                assertEquals(kind.supports(transport), loaderAccepts(yaml), kind + " over " + transport + " (loader)");
                assertEquals(kind.supports(transport), schemaProblems(yaml).isEmpty(), kind + " over " + transport + " (schema)");
            }
        }
    }

    @Test
    void shouldAgreeWithTheLoaderOnEveryPin() throws IOException {
        for (int pin = 0; pin <= 28; pin++) {
            String yaml = oneSensor("{id: pir-1, kind: pir, space: plaza, transport: gpio, pin: " + pin + "}");

            assertEquals(loaderAccepts(yaml), schemaProblems(yaml).isEmpty(), "BCM " + pin);
        }
    }

    @Test
    void shouldAcceptEverySpaceKindNoiseZoneAndPullTheLoaderAccepts() throws IOException {
        for (SpaceKind kind : SpaceKind.values()) {
            String yaml = GRIDS_AND_SPACE.replace("kind: plaza", "kind: " + yamlName(kind));
            assertTrue(loaderAccepts(yaml) && schemaProblems(yaml).isEmpty(), kind.toString());
        }
        for (NoiseZone zone : NoiseZone.values()) {
            String yaml = GRIDS_AND_SPACE.replace("noiseZone: \"1\"", "noiseZone: \"" + zone.code() + "\"");
            assertTrue(loaderAccepts(yaml) && schemaProblems(yaml).isEmpty(), zone.toString());
        }
        for (Pull pull : Pull.values()) {
            String yaml = oneSensor("{id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17, pull: " + yamlName(pull) + "}");
            assertTrue(loaderAccepts(yaml) && schemaProblems(yaml).isEmpty(), pull.toString());
        }
    }

    @Test
    void shouldRefuseAKeyOfAnotherTransportAsTheLoaderDoes() throws IOException {
        String yaml = oneSensor("{id: pir-1, kind: pir, space: plaza, transport: gpio, pin: 17, address: 0x48}");

        assertFalse(schemaProblems(yaml).isEmpty());
        assertFalse(loaderAccepts(yaml));
    }

    @Test
    void shouldListExactlyThePresetsTheLoaderAccepts() throws IOException {
        assertEquals(yamlNames(LanPreset.class), schemaEnum(schemaJson().at("/$defs/lanPreset/enum")));
    }

    @Test
    void shouldAgreeWithTheLoaderOnEveryPresetAndKind() throws IOException {
        for (LanPreset preset : LanPreset.values()) {
            for (SensorKind kind : SensorKind.values()) {
                if (!kind.supports(Transport.MQTT)) {
                    continue;
                }
                String yaml = oneSensor("{id: s-1, kind: " + yamlName(kind) + ", space: plaza, transport: mqtt, "
                        + "topic: dev/s-1, mapping: " + yamlName(preset) + ", heartbeat: 10m}");

                assertEquals(preset.fits(kind), loaderAccepts(yaml), preset + " on " + kind + " (loader)");
                assertEquals(preset.fits(kind), schemaProblems(yaml).isEmpty(), preset + " on " + kind + " (schema)");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{id: p-1, kind: pir, space: plaza, transport: mqtt, topic: t, mapping: tasmota}",
            "{id: p-1, kind: pir, space: plaza, transport: mqtt, topic: t, field: a..b}",
            "{id: p-1, kind: pir, space: plaza, transport: mqtt, topic: t, field: 'a b'}",
            "{id: p-1, kind: pir, space: plaza, transport: mqtt, topic: t, values: {occupied: .x}}",
            "{id: p-1, kind: pir, space: plaza, transport: mqtt, topic: t, field: occ, values: {occupied: occ}}",
            "{id: p-1, kind: pir, space: plaza, transport: mqtt, topic: t, values: {Occupied: occ}}",
            "{id: p-1, kind: pir, space: plaza, transport: mqtt, topic: t, heartbeat: soon}",
            "{id: p-1, kind: pir, space: plaza, transport: gpio, pin: 17, heartbeat: 1m}",
            "{id: p-1, kind: pir, space: plaza, transport: gpio, pin: 17, mapping: zigbee2mqtt-occupancy}",
            "{id: n-1, kind: sound-level-meter, space: plaza, transport: mqtt, topic: t, holdTime: 30s}",
            "{id: n-1, kind: noise-module, space: plaza, transport: i2c, address: 0x48, holdTime: 30s}"})
    void shouldRefuseABadMappingKeyAsTheLoaderDoes(String sensor) throws IOException {
        String yaml = oneSensor(sensor);

        assertFalse(schemaProblems(yaml).isEmpty(), "schema");
        assertFalse(loaderAccepts(yaml), "loader");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{id: p-1, kind: pir, space: plaza, transport: gpio, pin: 17, holdTime: 30s}",
            "{id: p-1, kind: presence, space: plaza, transport: mqtt, topic: t, mapping: zigbee2mqtt-occupancy, values: {occupied: presence}, heartbeat: 1h, holdTime: 10s}",
            "{id: p-1, kind: parking, space: plaza, transport: mqtt, topic: t, mapping: parking-sensor, heartbeat: 10m}",
            "{id: n-1, kind: sound-level-meter, space: plaza, transport: mqtt, topic: t, mapping: sound-level-meter, heartbeat: 2m}",
            "{id: n-1, kind: sound-level-meter, space: plaza, transport: mqtt, topic: t, values: {laeq: d.eq, lamax: d.max}}",
            "{id: p-1, kind: pir, space: plaza, transport: mqtt, topic: t, field: state.occupied}"})
    void shouldAcceptAGoodMappingAsTheLoaderDoes(String sensor) throws IOException {
        String yaml = oneSensor(sensor);

        assertTrue(schemaProblems(yaml).isEmpty(), schemaProblems(yaml).toString());
        assertTrue(loaderAccepts(yaml), "loader");
    }

    private static String withRules(String siteRules, String spaceRules) {
        return "id: huayuan\n" + (siteRules.isEmpty() ? "" : "rules: " + siteRules + "\n") + """
                grids:
                  - {id: g1, level: 1}
                  - {id: g1-1, level: 3, parent: g1, worker: 李秀英}
                spaces:
                  - {id: plaza, kind: plaza, grid: g1-1, noiseZone: "1", rules: %s}
                """.formatted(spaceRules.isEmpty() ? "{}" : spaceRules);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "|{noise: {endTime: \"21:00\", boundaryCapDb: 70, marginDb: 3, window: 10m, startAfter: 5m, endAfter: 10m, emergenceDb: 10}}",
            "|{encroachment: {dwell: 10m, confirm: 1m, cooldown: 5m}}",
            "{noise: {endTime: \"22:00\"}, encroachment: {dwell: {green-space: 20m, fire-lane: 3m}, cooldown: 3m}}|"})
    void shouldAcceptGoodRulesAsTheLoaderDoes(String rules) throws IOException {
        String[] parts = rules.split("\\|", -1);
        String yaml = withRules(parts[0], parts[1]);

        assertTrue(schemaProblems(yaml).isEmpty(), schemaProblems(yaml).toString());
        assertTrue(loaderAccepts(yaml), "loader");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "|{noise: {end_time: \"21:00\"}}",
            "|{noise: {endTime: \"9pm\"}}",
            "|{noise: {boundaryCapDb: 170}}",
            "|{noise: {window: soon}}",
            "|{deadman: {}}",
            "|{encroachment: {dwell: {green-space: 10m}}}",
            "{encroachment: {dwell: 10m}}|",
            "{encroachment: {dwell: {garden: 10m}}}|"})
    void shouldRefuseBadRulesAsTheLoaderDoes(String rules) throws IOException {
        String[] parts = rules.split("\\|", -1);
        String yaml = withRules(parts[0], parts[1]);

        assertFalse(schemaProblems(yaml).isEmpty(), "schema");
        assertFalse(loaderAccepts(yaml), "loader");
    }

    @Test
    void shouldPrintThePublishedSchema() throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cli = LinliConfigCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        int exit = cli.execute("schema");

        assertEquals(LinliConfigCli.OK, exit);
        assertEquals(Files.readString(SCHEMA_FILE, StandardCharsets.UTF_8), out.toString());
    }
}
