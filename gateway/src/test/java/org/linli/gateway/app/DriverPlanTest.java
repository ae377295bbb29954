package org.linli.gateway.app;

import org.junit.jupiter.api.Test;
import org.linli.config.ConfigException;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.config.GpioProvider;
import org.linli.config.SensorSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriverPlanTest {

    @Test
    void shouldGiveTheExampleConfigsPirToThePinDriverAndItsParkingSensorToTheLanDriver() throws Exception {
        GatewayConfig config = GatewayConfigLoader.parse("gateway-example.yaml", exampleConfig());

        DriverPlan plan = DriverPlan.of(config);

        assertEquals(GpioProvider.MOCK, config.gpioProvider());
        assertEquals(List.of("pir-1"), ids(plan.pins()));
        assertEquals(List.of("park-3"), ids(plan.lanTopics()));
        assertEquals(List.of(), plan.unsupported());
    }

    @Test
    void shouldGiveI2cNoiseModulesToTheNoiseDriver() throws ConfigException {
        GatewayConfig config = GatewayConfigLoader.parse("i2c.yaml", """
                site: huayuan
                gateway: gw-02
                cloudBroker: {uri: tcp://127.0.0.1:18830}
                sensors:
                  - {id: noise-1, kind: noise-module, space: plaza-east, transport: i2c, address: 0x48}
                """);

        DriverPlan plan = DriverPlan.of(config);

        assertEquals(List.of("noise-1"), ids(plan.noiseModules()));
        assertEquals(List.of(), plan.unsupported());
        assertTrue(plan.needsNoise());
        assertFalse(plan.needsGpio());
        assertFalse(plan.needsLan());
    }

    @Test
    void shouldNeedTheLanDriverOnlyForMqttSensors() throws ConfigException {
        GatewayConfig config = GatewayConfigLoader.parse("pins.yaml", """
                site: huayuan
                gateway: gw-03
                gpio: mock
                cloudBroker: {uri: tcp://127.0.0.1:18830}
                sensors:
                  - {id: door-1, kind: door, space: canteen, transport: gpio, pin: 22, activeLow: true}
                  - {id: beam-1, kind: beam, space: canteen, transport: gpio, pin: 23, pull: up}
                """);

        DriverPlan plan = DriverPlan.of(config);

        assertEquals(List.of("door-1", "beam-1"), ids(plan.pins()));
        assertTrue(plan.needsGpio());
        assertFalse(plan.needsLan());
    }

    static String exampleConfig() throws IOException {
        try (InputStream in = DriverPlanTest.class.getResourceAsStream("/gateway-example.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> ids(List<SensorSpec> sensors) {
        return sensors.stream().map(SensorSpec::id).toList();
    }
}
