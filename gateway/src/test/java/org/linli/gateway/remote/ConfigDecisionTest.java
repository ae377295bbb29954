package org.linli.gateway.remote;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigDecisionTest {
    static final String GOOD = """
            site: huayuan
            gateway: gw-01
            gpio: mock
            cloudBroker: {uri: "tcp://127.0.0.1:18830"}
            sensors:
              - {id: noise-1, kind: noise-module, space: plaza-east, transport: i2c, address: 0x48}
              - {id: pir-1, kind: pir, space: plaza-east, transport: gpio, pin: 17}
            """;
    static final String PIN_ON_SCL = GOOD.replace("pin: 17", "pin: 3");

    @Test
    void shouldApplyANewerValidConfigForThisGateway() {
        ConfigDecision.Apply apply = assertInstanceOf(ConfigDecision.Apply.class, decide(4, message(5, GOOD)));

        assertEquals(5, apply.version());
        assertEquals(GOOD, apply.yaml());
        assertEquals(2, apply.config().sensors().size());
    }

    @Test
    void shouldRefuseAnInvalidConfigWithTheLoadersProblem() {
        ConfigDecision.Refuse refuse = assertInstanceOf(ConfigDecision.Refuse.class, decide(0, message(1, PIN_ON_SCL)));

        assertEquals(1L, refuse.version());
        assertTrue(refuse.reason().contains("sensors[1].pin: BCM 3 is I2C SCL"), refuse.reason());
        assertTrue(refuse.reason().startsWith("line 7: "), refuse.reason());
    }

    @Test
    void shouldRefuseAConfigForAnotherGateway() {
        ConfigDecision.Refuse refuse = assertInstanceOf(ConfigDecision.Refuse.class,
                decide(0, message(2, GOOD.replace("gateway: gw-01", "gateway: gw-02"))));

        assertEquals("site/gateway: the config is for huayuan/gw-02, this gateway is huayuan/gw-01", refuse.reason());
    }

    @Test
    void shouldRefuseAnOlderVersion() {
        ConfigDecision.Refuse refuse = assertInstanceOf(ConfigDecision.Refuse.class, decide(7, message(6, GOOD)));

        assertEquals("version 6 is not newer than the running version 7", refuse.reason());
    }

    @Test
    void shouldRefuseAVersionThatFailedToStartAndTakeANewerOne() {
        byte[] failedAgain = message(5, GOOD).getBytes(StandardCharsets.UTF_8);
        byte[] newer = message(6, GOOD).getBytes(StandardCharsets.UTF_8);

        ConfigDecision.Refuse refuse = assertInstanceOf(ConfigDecision.Refuse.class,
                ConfigDecision.decide("huayuan", "gw-01", 0, 5, failedAgain));

        assertTrue(refuse.reason().startsWith("version 5 was accepted before but the gateway could not start"), refuse.reason());
        assertInstanceOf(ConfigDecision.Apply.class, ConfigDecision.decide("huayuan", "gw-01", 0, 5, newer));
    }

    @Test
    void shouldIgnoreTheRunningVersionArrivingAgain() {
        assertInstanceOf(ConfigDecision.Ignore.class, decide(7, message(7, GOOD)));
    }

    @Test
    void shouldIgnoreAClearedRetainedMessage() {
        assertInstanceOf(ConfigDecision.Ignore.class, ConfigDecision.decide("huayuan", "gw-01", 3, new byte[0]));
    }

    @Test
    void shouldRefuseAPayloadThatIsNotTheEnvelope() {
        assertNull(((ConfigDecision.Refuse) decide(0, "site: huayuan")).version());
        assertEquals("version: missing or not a whole number of at least 1",
                ((ConfigDecision.Refuse) decide(0, "{\"version\":1.5,\"config\":\"x\"}")).reason());
        assertEquals("config: missing or not a string holding the gateway.yaml text",
                ((ConfigDecision.Refuse) decide(0, "{\"version\":2,\"config\":{\"site\":\"huayuan\"}}")).reason());
    }

    @Test
    void shouldRefuseAnOversizedPayloadWithoutParsingIt() {
        byte[] big = new byte[ConfigDecision.MAX_BYTES + 1];

        assertInstanceOf(ConfigDecision.Refuse.class, ConfigDecision.decide("huayuan", "gw-01", 0, big));
    }

    @Test
    void shouldWriteTheResultJson() {
        assertEquals("{\"version\":3,\"accepted\":true}", new String(ConfigDecision.result(3L, true, null), StandardCharsets.UTF_8));
        assertEquals("{\"version\":null,\"accepted\":false,\"reason\":\"not JSON\"}",
                new String(ConfigDecision.result(null, false, "not JSON"), StandardCharsets.UTF_8));
    }

    static String message(long version, String yaml) {
        return new JsonObject().put("version", version).put("config", yaml).encode();
    }

    private static ConfigDecision.Outcome decide(long running, String payload) {
        return ConfigDecision.decide("huayuan", "gw-01", running, payload.getBytes(StandardCharsets.UTF_8));
    }
}
