package org.linli.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayConfigLoaderTest {

    private static final String VALID = """
            site: huayuan
            gateway: gw-01
            gpio: mock
            lanBroker: {uri: "tcp://127.0.0.1:18831"}
            cloudBroker:
              uri: tcp://127.0.0.1:18830
              username: gw-01
              passwordFile: /etc/linli/cloud-mqtt.pass
            uplink: {maxBatchReadings: 50, maxBatchDelay: 500ms}
            sensors:
              - {id: pir-1, kind: pir, space: plaza-east, transport: gpio, pin: 17, pull: up, activeLow: true}
              - {id: park-3, kind: parking, space: fire-lane-3, transport: mqtt, topic: sensors/park-3}
            """;

    @Test
    void shouldLoadAValidConfigWithDefaults() throws Exception {
        GatewayConfig config = GatewayConfigLoader.parse("gateway.yaml", VALID);

        assertEquals("gw-01", config.gateway());
        assertEquals(GpioProvider.MOCK, config.gpioProvider());
        assertEquals(Path.of("/etc/linli/cloud-mqtt.pass"), config.cloudBroker().passwordFile());
        assertNull(config.lanBroker().username());
        assertEquals(new UplinkSettings(50, Duration.ofMillis(500), 100_000), config.uplink());
        assertEquals(new SensorBinding.GpioInput(17, Pull.UP, Duration.ofMillis(50), true), config.sensors().get(0).binding());
        assertEquals(SensorBinding.MqttTopic.plain("sensors/park-3", "occupied", "occupied"), config.sensors().get(1).binding(),
                "the field defaults to the kind's value name");
    }

    @Test
    void shouldReadTheHealthIntervalAndDefaultItToAMinute() throws Exception {
        assertEquals(Duration.ofSeconds(60), GatewayConfigLoader.parse("gateway.yaml", VALID).uplink().healthInterval());

        GatewayConfig config = GatewayConfigLoader.parse("gateway.yaml",
                VALID.replace("maxBatchDelay: 500ms}", "maxBatchDelay: 500ms, healthInterval: 5m}"));

        assertEquals(Duration.ofMinutes(5), config.uplink().healthInterval());
    }

    @Test
    void shouldRefuseAFilePathTheSystemCannotNameInsteadOfCrashing() {
        // Found by deploy/proof's fuzzing: Path.of threw InvalidPathException out of the loader.
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml",
                VALID.replace("passwordFile: /etc/linli/cloud-mqtt.pass", "passwordFile: \"/etc/linli/a\\0b\"")));
        assertTrue(e.getMessage().contains("cloudBroker.passwordFile: not a usable file path"), e.getMessage());
    }

    @Test
    void shouldRefuseAHealthIntervalUnderFiveSeconds() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml",
                VALID.replace("maxBatchDelay: 500ms}", "maxBatchDelay: 500ms, healthInterval: 1s}")));

        assertEquals("uplink.healthInterval", e.problems().get(0).path());
        assertEquals("must be at least 5s", e.problems().get(0).message());
    }

    @Test
    void shouldRequireTheCloudBroker() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.parse("gateway.yaml", VALID.replace("cloudBroker:", "cloudBrokr:")));

        List<String> paths = e.problems().stream().map(ConfigProblem::path).toList();
        assertTrue(paths.contains("cloudBroker"), paths.toString());
        assertTrue(paths.contains("cloudBrokr"), paths.toString());
    }

    @Test
    void shouldRefuseABrokerUriWithoutPort() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.parse("gateway.yaml", VALID.replace("tcp://127.0.0.1:18830", "mqtt.example.org")));

        assertEquals("cloudBroker.uri", e.problems().get(0).path());
        assertEquals(6, e.problems().get(0).line());
    }

    @Test
    void shouldRequireTheLanBrokerWhenAnMqttSensorIsConfigured() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.parse("gateway.yaml", VALID.replace("lanBroker: {uri: \"tcp://127.0.0.1:18831\"}\n", "")));

        assertEquals("lanBroker", e.problems().get(0).path());
    }

    @Test
    void shouldRefuseAWildcardTopic() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.parse("gateway.yaml", VALID.replace("sensors/park-3", "sensors/#")));

        assertEquals("sensors[1].topic", e.problems().get(0).path());
    }

    @Test
    void shouldRefuseKeysOfAnotherTransport() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.parse("gateway.yaml", VALID.replace("topic: sensors/park-3", "topic: sensors/park-3, pin: 5")));

        assertEquals("sensors[1].pin", e.problems().get(0).path());
        assertEquals("not used with transport mqtt", e.problems().get(0).message());
    }

    private static final String TLS_CLOUD = """
              uri: ssl://cloud.example.org:8883
              caFile: /etc/linli/ca.crt
              certFile: /etc/linli/client.crt
              keyFile: /etc/linli/client.key
            """;

    private static String withCloud(String cloudBody) {
        return VALID.replace("""
                  uri: tcp://127.0.0.1:18830
                  username: gw-01
                  passwordFile: /etc/linli/cloud-mqtt.pass
                """, cloudBody);
    }

    @Test
    void shouldLoadTlsFilesOfAnSslBrokerWithoutUsernameOrPassword() throws Exception {
        BrokerSettings cloud = GatewayConfigLoader.parse("gateway.yaml", withCloud(TLS_CLOUD)).cloudBroker();

        assertEquals(Path.of("/etc/linli/ca.crt"), cloud.caFile());
        assertEquals(Path.of("/etc/linli/client.crt"), cloud.certFile());
        assertEquals(Path.of("/etc/linli/client.key"), cloud.keyFile());
        assertTrue(cloud.tls());
        assertTrue(cloud.hasClientCertificate());
        assertNull(cloud.username(), "the broker takes the username from the certificate");
        assertNull(cloud.passwordFile());
    }

    @Test
    void shouldNotRequireTheTlsFilesToExistWhenLoading() throws Exception {
        // Rendered on a laptop, loaded on the Pi: the gateway checks the files when it connects.
        BrokerSettings cloud = GatewayConfigLoader.parse("gateway.yaml",
                withCloud(TLS_CLOUD.replace("/etc/linli/", "/nonexistent/"))).cloudBroker();

        assertEquals(Path.of("/nonexistent/client.key"), cloud.keyFile());
    }

    @Test
    void shouldAcceptACaFileAlone() throws Exception {
        BrokerSettings cloud = GatewayConfigLoader.parse("gateway.yaml", withCloud("""
                  uri: ssl://cloud.example.org:8883
                  username: gw-01
                  passwordFile: /etc/linli/cloud-mqtt.pass
                  caFile: /etc/linli/ca.crt
                """)).cloudBroker();

        assertEquals(Path.of("/etc/linli/ca.crt"), cloud.caFile());
        assertFalse(cloud.hasClientCertificate());
    }

    @Test
    void shouldRefuseTlsFilesWithATcpUri() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml",
                withCloud(TLS_CLOUD.replace("ssl://cloud.example.org:8883", "tcp://cloud.example.org:1883"))));

        assertEquals(List.of("cloudBroker.caFile", "cloudBroker.certFile", "cloudBroker.keyFile"),
                e.problems().stream().map(ConfigProblem::path).toList());
        assertEquals("only used with an ssl:// uri, not tcp://cloud.example.org:1883", e.problems().get(0).message());
        assertEquals(7, e.problems().get(0).line());
    }

    @Test
    void shouldRefuseTlsFilesOnATcpLanBroker() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml",
                VALID.replace("lanBroker: {uri: \"tcp://127.0.0.1:18831\"}", "lanBroker: {uri: \"tcp://127.0.0.1:18831\", caFile: /etc/linli/ca.crt}")));

        assertEquals("lanBroker.caFile", e.problems().get(0).path());
    }

    @Test
    void shouldLoadTlsFilesOfAnSslLanBroker() throws Exception {
        BrokerSettings lan = GatewayConfigLoader.parse("gateway.yaml", VALID.replace("lanBroker: {uri: \"tcp://127.0.0.1:18831\"}",
                "lanBroker: {uri: \"ssl://127.0.0.1:8883\", caFile: /etc/linli/lan-ca.crt}")).lanBroker();

        assertEquals(Path.of("/etc/linli/lan-ca.crt"), lan.caFile());
    }

    @Test
    void shouldRequireTheKeyWithTheCertificate() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml",
                withCloud(TLS_CLOUD.replace("  keyFile: /etc/linli/client.key\n", ""))));

        assertEquals("cloudBroker.keyFile", e.problems().get(0).path());
        assertEquals("required with certFile: the client certificate's private key", e.problems().get(0).message());
    }

    @Test
    void shouldRequireTheCertificateWithTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml",
                withCloud(TLS_CLOUD.replace("  certFile: /etc/linli/client.crt\n", ""))));

        assertEquals("cloudBroker.certFile", e.problems().get(0).path());
    }

    @Test
    void shouldRefuseABlankTlsPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml",
                withCloud(TLS_CLOUD.replace("caFile: /etc/linli/ca.crt", "caFile: \"\""))));

        assertEquals("cloudBroker.caFile", e.problems().get(0).path());
    }

    @Test
    void shouldKeepTheThreeArgumentBrokerSettingsFreeOfTls() {
        BrokerSettings plain = new BrokerSettings("tcp://127.0.0.1:1883", null, null);

        assertFalse(plain.tls());
        assertFalse(plain.hasClientCertificate());
        assertNull(plain.caFile());
    }

    @Test
    void shouldDefaultToADurableSqliteBufferOf256MiB() throws Exception {
        UplinkSettings uplink = GatewayConfigLoader.parse("gateway.yaml", VALID).uplink();

        assertEquals(UplinkSettings.Store.SQLITE, uplink.store());
        assertEquals(Path.of("/var/lib/linli/buffer.db"), uplink.storePath());
        assertEquals(256L * 1024 * 1024, uplink.maxBufferBytes());
    }

    @Test
    void shouldReadTheBufferStoreAndItsByteCap() throws Exception {
        UplinkSettings uplink = GatewayConfigLoader.parse("gateway.yaml", VALID.replace("maxBatchDelay: 500ms}",
                "maxBatchDelay: 500ms, store: memory, storePath: /tmp/b.db, maxBufferBytes: 512KiB}")).uplink();

        assertEquals(UplinkSettings.Store.MEMORY, uplink.store());
        assertEquals(Path.of("/tmp/b.db"), uplink.storePath());
        assertEquals(512L * 1024, uplink.maxBufferBytes());
    }

    @Test
    void shouldRefuseABufferCapThatIsNotASizeOrOutOfRange() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml",
                VALID.replace("maxBatchDelay: 500ms}", "maxBatchDelay: 500ms, maxBufferBytes: 256MB, store: disk}")));
        ConfigException tiny = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml",
                VALID.replace("maxBatchDelay: 500ms}", "maxBatchDelay: 500ms, maxBufferBytes: 1000}")));

        assertEquals(List.of("uplink.maxBufferBytes", "uplink.store"), e.problems().stream().map(ConfigProblem::path).toList());
        assertTrue(e.problems().get(0).message().contains("not a size"), e.problems().get(0).message());
        assertEquals("uplink.maxBufferBytes", tiny.problems().get(0).path());
        assertTrue(tiny.problems().get(0).message().contains("out of range 64KiB..64GiB"), tiny.problems().get(0).message());
    }

    @Test
    void shouldParseDurationsAsPeopleWriteThem() {
        assertEquals(Duration.ofMillis(50), Durations.parse("50ms"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofSeconds(1), Durations.parse("PT1S"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("fast"));
    }

    private static final String HEAD = """
            site: huayuan
            gateway: gw-01
            gpio: mock
            lanBroker: {uri: "tcp://127.0.0.1:18831"}
            cloudBroker: {uri: "tcp://127.0.0.1:18830"}
            """;

    private static GatewayConfig withSensors(String... sensors) throws ConfigException {
        return GatewayConfigLoader.parse("gateway.yaml", HEAD + "sensors:\n  - " + String.join("\n  - ", sensors) + "\n");
    }

    private static List<ConfigProblem> problems(String... sensors) {
        return assertThrows(ConfigException.class, () -> withSensors(sensors)).problems();
    }

    @Test
    void shouldDefaultTheStateIntervalTo60Seconds() throws Exception {
        GatewayConfig config = GatewayConfigLoader.parse("gateway.yaml", VALID);

        assertEquals(Duration.ofSeconds(60), config.occupancy().stateInterval());
    }

    @Test
    void shouldReadTheStateInterval() throws Exception {
        GatewayConfig config = GatewayConfigLoader.parse("gateway.yaml", VALID + "occupancy: {stateInterval: 5m}\n");

        assertEquals(Duration.ofMinutes(5), config.occupancy().stateInterval());
    }

    @Test
    void shouldRefuseAStateIntervalUnder5Seconds() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.parse("gateway.yaml", VALID + "occupancy: {stateInterval: 1s}\n"));

        assertEquals("occupancy.stateInterval", e.problems().get(0).path());
    }

    @Test
    void shouldRefuseAnUnknownOccupancyKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.parse("gateway.yaml", VALID + "occupancy: {stateIntervall: 60s}\n"));

        assertEquals("occupancy.stateIntervall", e.problems().get(0).path());
    }

    @Test
    void shouldReadAPresetWithHeartbeat() throws Exception {
        GatewayConfig config = withSensors("{id: park-3, kind: parking, space: s, transport: mqtt, topic: p/3, "
                + "mapping: parking-sensor, heartbeat: 10m}");

        SensorBinding.MqttTopic t = (SensorBinding.MqttTopic) config.sensors().get(0).binding();
        assertEquals(LanPreset.PARKING_SENSOR, t.mapping().preset());
        assertEquals("state", t.field());
        assertEquals(LanPreset.PARKING_SENSOR.paths(), t.mapping().paths());
        assertEquals(Duration.ofMinutes(10), t.heartbeat());
    }

    @Test
    void shouldLetValuesMoveWhatAPresetReads() throws Exception {
        GatewayConfig config = withSensors("{id: fp1, kind: presence, space: s, transport: mqtt, topic: z2m/fp1, "
                + "mapping: zigbee2mqtt-occupancy, values: {occupied: presence}}");

        SensorBinding.MqttTopic t = (SensorBinding.MqttTopic) config.sensors().get(0).binding();
        assertEquals("presence", t.mapping().paths().get("occupied"));
        assertEquals("battery", t.mapping().paths().get("battery"));
        assertEquals("presence", t.field());
    }

    @Test
    void shouldReadExplicitValues() throws Exception {
        GatewayConfig config = withSensors("{id: slm-1, kind: sound-level-meter, space: s, transport: mqtt, topic: n/1, "
                + "values: {lamax: data.max, laeq: data.eq}}");

        SensorBinding.MqttTopic t = (SensorBinding.MqttTopic) config.sensors().get(0).binding();
        assertEquals(List.of("laeq", "lamax"), List.copyOf(t.mapping().paths().keySet()), "the kind's value first");
        assertNull(t.mapping().preset());
        assertEquals("data.eq", t.field());
    }

    @Test
    void shouldReadAHoldTime() throws Exception {
        GatewayConfig config = withSensors("{id: pir-1, kind: pir, space: s, transport: gpio, pin: 17, holdTime: 30s}",
                "{id: beam-1, kind: beam, space: s, transport: gpio, pin: 18}");

        assertEquals(Duration.ofSeconds(30), config.sensors().get(0).holdTime());
        assertEquals(Duration.ZERO, config.sensors().get(1).holdTime());
    }

    @Test
    void shouldRefuseAnUnknownPreset() {
        List<ConfigProblem> p = problems("{id: p, kind: pir, space: s, transport: mqtt, topic: t, mapping: tasmota}");

        assertEquals("sensors[0].mapping", p.get(0).path());
        assertTrue(p.get(0).message().contains("zigbee2mqtt-occupancy"), p.get(0).message());
    }

    @Test
    void shouldRefuseAPresetThatDoesNotFitTheKind() {
        List<ConfigProblem> p = problems("{id: p, kind: parking, space: s, transport: mqtt, topic: t, mapping: sound-level-meter}");

        assertEquals("sensors[0].mapping", p.get(0).path());
        assertEquals("sound-level-meter does not fit a parking sensor (it fits: sound-level-meter)", p.get(0).message());
    }

    @Test
    void shouldRefuseABadJsonPath() {
        List<ConfigProblem> p = problems("{id: p, kind: pir, space: s, transport: mqtt, topic: t, field: a..b}",
                "{id: q, kind: pir, space: s, transport: mqtt, topic: u, values: {occupied: \".x\"}}");

        assertEquals(List.of("sensors[0].field", "sensors[1].values.occupied"), p.stream().map(ConfigProblem::path).toList());
        assertTrue(p.get(0).message().startsWith("'a..b' is not a dotted JSON path"), p.get(0).message());
    }

    @Test
    void shouldRefuseAValueThePresetDoesNotRead() {
        List<ConfigProblem> p = problems("{id: p, kind: pir, space: s, transport: mqtt, topic: t, "
                + "mapping: zigbee2mqtt-occupancy, values: {temperature: temp}}");

        assertEquals("sensors[0].values.temperature", p.get(0).path());
        assertTrue(p.get(0).message().contains("it reads: occupied, battery, linkquality"), p.get(0).message());
    }

    @Test
    void shouldRefuseValuesWithoutTheKindsValue() {
        List<ConfigProblem> p = problems("{id: p, kind: pir, space: s, transport: mqtt, topic: t, values: {battery: bat}}");

        assertEquals("sensors[0].values", p.get(0).path());
        assertTrue(p.get(0).message().contains("occupied"), p.get(0).message());
    }

    @Test
    void shouldRefuseAReservedValueName() {
        List<ConfigProblem> p = problems("{id: p, kind: pir, space: s, transport: mqtt, topic: t, "
                + "values: {occupied: occ, time: ts}}");

        assertEquals("sensors[0].values.time", p.get(0).path());
    }

    @Test
    void shouldRefuseFieldAndValuesTogether() {
        List<ConfigProblem> p = problems("{id: p, kind: pir, space: s, transport: mqtt, topic: t, field: occ, "
                + "values: {occupied: occ}}");

        assertEquals("sensors[0].values", p.get(0).path());
    }

    @Test
    void shouldRefuseAHeartbeatUnderOneSecond() {
        List<ConfigProblem> p = problems("{id: p, kind: pir, space: s, transport: mqtt, topic: t, heartbeat: 500ms}");

        assertEquals("sensors[0].heartbeat", p.get(0).path());
    }

    @Test
    void shouldRefuseMappingKeysOnAGpioSensor() {
        List<ConfigProblem> p = problems("{id: p, kind: pir, space: s, transport: gpio, pin: 17, mapping: zigbee2mqtt-occupancy, heartbeat: 1m}");

        assertEquals(List.of("sensors[0].mapping", "sensors[0].heartbeat"), p.stream().map(ConfigProblem::path).toList());
    }

    @Test
    void shouldRefuseAHoldTimeOnANoiseSensor() {
        List<ConfigProblem> p = problems("{id: n, kind: sound-level-meter, space: s, transport: mqtt, topic: t, holdTime: 30s}");

        assertEquals("sensors[0].holdTime", p.get(0).path());
    }

    @Test
    void shouldEnableTheStatusPageOnPort8088ByDefault() throws Exception {
        GatewayConfig config = GatewayConfigLoader.parse("gateway.yaml", VALID);

        assertEquals(new StatusPageSettings(true, "0.0.0.0", 8088), config.statusPage());
    }

    @Test
    void shouldReadTheStatusPageSettings() throws Exception {
        GatewayConfig config = GatewayConfigLoader.parse("gateway.yaml",
                VALID + "statusPage: {port: 0, host: 192.168.1.10}\n");

        assertEquals(new StatusPageSettings(true, "192.168.1.10", 0), config.statusPage());
    }

    @Test
    void shouldTurnTheStatusPageOff() throws Exception {
        GatewayConfig config = GatewayConfigLoader.parse("gateway.yaml", VALID + "statusPage: {enabled: false}\n");

        assertEquals(false, config.statusPage().enabled());
    }

    @Test
    void shouldRefuseABadStatusPagePortOrHost() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("gateway.yaml",
                VALID + "statusPage: {port: 70000, host: \"a b\", login: yes}\n"));

        List<String> paths = e.problems().stream().map(ConfigProblem::path).toList();
        assertTrue(paths.containsAll(List.of("statusPage.port", "statusPage.host", "statusPage.login")), paths.toString());
    }
}
