package org.linli.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void shouldParseDurationsAsPeopleWriteThem() {
        assertEquals(Duration.ofMillis(50), Durations.parse("50ms"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofSeconds(1), Durations.parse("PT1S"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("fast"));
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
