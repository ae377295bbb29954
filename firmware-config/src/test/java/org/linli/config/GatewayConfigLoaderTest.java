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
        assertEquals(new SensorBinding.MqttTopic("sensors/park-3", "occupied"), config.sensors().get(1).binding(),
                "the field defaults to the kind's value name");
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
}
