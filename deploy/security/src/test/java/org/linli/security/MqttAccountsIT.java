package org.linli.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.security.RenderedSite.CLOUD;
import static org.linli.security.RenderedSite.GW_A;
import static org.linli.security.RenderedSite.GW_B;
import static org.linli.security.RenderedSite.topic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts and ACL of the production broker config (deploy/mosquitto/linli-cloud-broker.conf) with the
 * passwd and acl that {@code linli-config render} made for the demo site, on the password listener.
 * Every refusal is paired with an allowed act that proves the path works: Mosquitto forwards one
 * client's messages in order, so once a later, allowed marker has arrived, a refused message that got
 * through would have arrived before it. No fixed waits.
 */
@Timeout(60)
class MqttAccountsIT {
    @TempDir
    static Path dir;
    private static RenderedSite site;
    private static ProductionBroker broker;

    private Mqtt mqtt;
    private Mqtt.Client cloud;

    @BeforeAll
    static void start() throws Exception {
        site = RenderedSite.render(dir);
        broker = ProductionBroker.start(dir.resolve("broker"), site.broker());
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void connectCloud() throws Exception {
        mqtt = new Mqtt();
        cloud = mqtt.connect(broker.plainUri(), "linli-cloud-" + UUID.randomUUID(), CLOUD, site.password(CLOUD), null);
        assertEquals(1, cloud.subscribe("linli/v1/huayuan/+/readings"));
        assertEquals(1, cloud.subscribe("linli/v1/huayuan/+/status"));
    }

    @AfterEach
    void close() {
        mqtt.close();
    }

    private Mqtt.Client gateway(String account, String clientId) throws Exception {
        return mqtt.connect(broker.plainUri(), clientId, account, site.password(account), null);
    }

    @Test
    void shouldRefuseAnAnonymousClient() {
        MqttException e = assertThrows(MqttException.class,
                () -> mqtt.connect(broker.plainUri(), "anonymous", null, null, null));
        assertRefusedLogin(e);
    }

    @Test
    void shouldRefuseAWrongPassword() {
        MqttException e = assertThrows(MqttException.class,
                () -> mqtt.connect(broker.plainUri(), "linli-huayuan-gw-01", GW_A, "not-the-password", null));
        assertRefusedLogin(e);
    }

    @Test
    void shouldRefuseAnotherGatewaysPasswordForThisUsername() {
        MqttException e = assertThrows(MqttException.class,
                () -> mqtt.connect(broker.plainUri(), "linli-huayuan-gw-01", GW_A, site.password(GW_B), null));
        assertRefusedLogin(e);
    }

    @Test
    void shouldRefuseAnUnknownAccount() {
        MqttException e = assertThrows(MqttException.class,
                () -> mqtt.connect(broker.plainUri(), "gw-99", "gw-99", "whatever", null));
        assertRefusedLogin(e);
    }

    @Test
    void shouldDeliverAGatewaysOwnReadingsToTheCloud() throws Exception {
        Mqtt.Client a = gateway(GW_A, "linli-huayuan-gw-01");

        assertEquals(0, a.publish(topic(GW_A, "readings"), "batch-1"));

        assertEquals(topic(GW_A, "readings") + " batch-1", cloud.received().poll(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldRefuseAGatewayPublishingOnAnotherGatewaysReadings() throws Exception {
        Mqtt.Client a = gateway(GW_A, "linli-huayuan-gw-01");

        int refused = a.publish(topic(GW_B, "readings"), "forged");
        a.publish(topic(GW_A, "readings"), "marker");

        assertEquals(topic(GW_A, "readings") + " marker", cloud.received().poll(10, TimeUnit.SECONDS),
                "the forged batch must never reach the cloud");
        assertEquals(Mqtt.NOT_AUTHORIZED, refused);
    }

    @Test
    void shouldRefuseAGatewayThatClaimsAnotherGatewaysClientId() throws Exception {
        Mqtt.Client impostor = gateway(GW_A, "linli-huayuan-gw-02");

        int refused = impostor.publish(topic(GW_B, "readings"), "forged");
        impostor.publish(topic(GW_A, "readings"), "marker");

        assertEquals(topic(GW_A, "readings") + " marker", cloud.received().poll(10, TimeUnit.SECONDS));
        assertEquals(Mqtt.NOT_AUTHORIZED, refused);
    }

    @Test
    void shouldRefuseAGatewayForgingAnotherGatewaysOfflineStatus() throws Exception {
        Mqtt.Client a = gateway(GW_A, "linli-huayuan-gw-01");

        int refused = a.publish(topic(GW_B, "status"), "{\"state\":\"offline\"}");
        a.publish(topic(GW_A, "status"), "marker");

        assertEquals(topic(GW_A, "status") + " marker", cloud.received().poll(10, TimeUnit.SECONDS));
        assertEquals(Mqtt.NOT_AUTHORIZED, refused);
    }

    @Test
    void shouldRefuseTheCloudAccountForgingAGatewaysReadings() throws Exception {
        Mqtt.Client a = gateway(GW_A, "linli-huayuan-gw-01");

        int refused = cloud.publish(topic(GW_B, "readings"), "forged by the cloud account");
        a.publish(topic(GW_A, "readings"), "marker");

        assertEquals(topic(GW_A, "readings") + " marker", cloud.received().poll(10, TimeUnit.SECONDS));
        assertEquals(Mqtt.NOT_AUTHORIZED, refused);
    }

    @Test
    void shouldGiveAGatewayNothingFromAnotherGatewaysConfigTopic() throws Exception {
        MqttMessage config = new MqttMessage(Mqtt.bytes("{\"version\":9,\"config\":\"site: huayuan\"}"));
        config.setQos(1);
        config.setRetained(true);
        cloud.paho().publish(topic(GW_B, "config"), config);
        cloud.paho().publish(topic(GW_A, "config"), config);
        Mqtt.Client a = gateway(GW_A, "linli-huayuan-gw-01");
        Mqtt.Client b = gateway(GW_B, "linli-huayuan-gw-02");

        int spying = a.subscribe(topic(GW_B, "config"));
        int own = a.subscribe(topic(GW_A, "config"));
        assertEquals(1, b.subscribe(topic(GW_B, "config")));

        assertTrue(b.received().poll(10, TimeUnit.SECONDS).startsWith(topic(GW_B, "config") + " "), "gw-02 reads its own config");
        assertEquals(1, own);
        assertTrue(a.received().poll(10, TimeUnit.SECONDS).startsWith(topic(GW_A, "config") + " "),
                "gw-01 reads its own config (the retained copy was sent after the one it must not see)");
        assertNull(a.received().poll(200, TimeUnit.MILLISECONDS), "nothing of gw-02's config reaches gw-01");
        assertTrue(spying == Mqtt.NOT_AUTHORIZED || spying <= 1, "SUBACK " + spying);
    }

    @Test
    void shouldGiveAGatewayNothingOfAnotherGatewaysReadings() throws Exception {
        Mqtt.Client a = gateway(GW_A, "linli-huayuan-gw-01");
        Mqtt.Client b = gateway(GW_B, "linli-huayuan-gw-02");
        a.subscribe("linli/v1/huayuan/+/readings");

        b.publish(topic(GW_B, "readings"), "b's batch");

        assertEquals(topic(GW_B, "readings") + " b's batch", cloud.received().poll(10, TimeUnit.SECONDS));
        assertNull(a.received().poll(300, TimeUnit.MILLISECONDS), "gw-01 must not read gw-02's readings");
    }

    /**
     * Paho itself refuses to send a packet over the maximum the broker announced in its CONNACK, so the
     * oversize publish goes out through mosquitto_pub, which sends it anyway: the broker's own answer
     * is what is checked.
     */
    @Test
    void shouldRefuseAPayloadOverTheMessageSizeLimit() throws Exception {
        Path oversize = dir.resolve("oversize.json");
        byte[] payload = new byte[1_048_577];
        Arrays.fill(payload, (byte) 'x');
        Files.write(oversize, payload);
        Mqtt.Client a = gateway(GW_A, "linli-huayuan-gw-01");

        Process pub = new ProcessBuilder("mosquitto_pub", "-V", "5", "-d", "-q", "1", "-h", "127.0.0.1",
                "-p", broker.plainUri().substring(broker.plainUri().lastIndexOf(':') + 1), "-i", "linli-huayuan-gw-01-big",
                "-u", GW_A, "-P", site.password(GW_A), "-t", topic(GW_A, "readings"), "-f", oversize.toString())
                .redirectErrorStream(true).start();
        String debug = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(pub.waitFor(20, TimeUnit.SECONDS));
        a.publish(topic(GW_A, "readings"), "marker");

        assertEquals(topic(GW_A, "readings") + " marker", cloud.received().poll(10, TimeUnit.SECONDS),
                "the oversize payload must never reach the cloud");
        assertTrue(debug.contains("(1048577 bytes)") && debug.contains("received PUBACK (Mid: 1, RC:" + Mqtt.PACKET_TOO_LARGE + ")"),
                "Mosquitto 2.0 answers PUBACK 0x95 Packet too large:\n" + debug);
    }

    private static void assertRefusedLogin(MqttException e) {
        assertTrue(e.getReasonCode() == Mqtt.NOT_AUTHORIZED || e.getReasonCode() == Mqtt.BAD_USER_NAME_OR_PASSWORD,
                "CONNACK reason " + e.getReasonCode() + ": " + e);
    }
}
