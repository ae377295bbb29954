package org.linli.config.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.linli.testkit.MosquittoProcess;

/**
 * The rendered {@code passwd} and {@code acl} loaded by a real Mosquitto 2.0 with anonymous access off.
 * A refused publish is detected without a fixed wait: Mosquitto forwards one client's messages in
 * order, so once a later, allowed marker message has arrived, a refused one would have arrived before it.
 */
@Timeout(60)
class BrokerAclIT {
    private static final String NORTH = "linli/v1/qinghe/gw-north/readings";
    private static final String CENTRAL = "linli/v1/qinghe/gw-central/readings";
    private static final int NOT_AUTHORIZED = 0x87;

    @TempDir
    Path tmp;

    private MosquittoProcess broker;
    private final List<MqttClient> clients = new ArrayList<>();
    private final BlockingQueue<String> cloudReceived = new LinkedBlockingQueue<>();
    private Path out;

    @BeforeEach
    void start() throws Exception {
        out = tmp.resolve("out");
        Qinghe.render(Qinghe.options(out, "tcp://cloud.example.org:1883", false, null));
        // One extra account hashed by mosquitto_passwd itself, beside the ones this code hashed.
        Path passwd = tmp.resolve("passwd");
        Files.copy(out.resolve("broker/passwd"), passwd);
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", passwd.toString(), "tool-account", "tool-password")
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        broker = MosquittoProcess.start(tmp.resolve("broker"), String.join("\n",
                "allow_anonymous false",
                "password_file " + passwd,
                "acl_file " + out.resolve("broker/acl")));
        MqttClient cloud = connect("linli-cloud", Qinghe.password(out, "linli-cloud"), "cloud-" + UUID.randomUUID());
        subscribe(cloud, "linli/v1/qinghe/+/readings", cloudReceived);
    }

    @AfterEach
    void stop() {
        for (MqttClient c : clients) {
            try {
                c.disconnect();
                c.close();
            } catch (MqttException e) {
                // the broker may have dropped it already; nothing to clean up
            }
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void shouldDeliverAGatewaysReadingsOnItsOwnTopicToTheCloudAccount() throws Exception {
        MqttClient north = connect("gw-north", Qinghe.password(out, "gw-north"), "gw-north");

        north.publish(NORTH, message("batch-1"));

        assertEquals(NORTH + " batch-1", cloudReceived.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldLetTheCloudAccountReadAGatewaysRetainedCommissioningReport() throws Exception {
        MqttClient north = connect("gw-north", Qinghe.password(out, "gw-north"), "gw-north");
        MqttMessage report = message("report");
        report.setRetained(true);
        north.publish("linli/v1/qinghe/gw-north/commissioning", report);

        BlockingQueue<String> reports = new LinkedBlockingQueue<>();
        MqttClient cloud = connect("linli-cloud", Qinghe.password(out, "linli-cloud"), "cloud-reports-" + UUID.randomUUID());
        subscribe(cloud, "linli/v1/qinghe/+/commissioning", reports);

        assertEquals("linli/v1/qinghe/gw-north/commissioning report", reports.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldRefuseAGatewayPublishingOnAnotherGatewaysTopic() throws Exception {
        MqttClient north = connect("gw-north", Qinghe.password(out, "gw-north"), "gw-north");

        IMqttToken refused = north.getTopic(CENTRAL).publish(message("forged"));
        refused.waitForCompletion(10_000);
        north.publish(NORTH, message("marker"));

        assertEquals(NORTH + " marker", cloudReceived.poll(10, TimeUnit.SECONDS), "the forged batch never reached the cloud");
        assertEquals(NOT_AUTHORIZED, refused.getReasonCodes()[0], "Mosquitto 2.0 answers PUBACK 0x87 Not authorized");
    }

    @Test
    void shouldRefuseAGatewayThatClaimsAnotherGatewaysClientId() throws Exception {
        MqttClient impostor = connect("gw-north", Qinghe.password(out, "gw-north"), "gw-central");

        IMqttToken refused = impostor.getTopic(CENTRAL).publish(message("forged"));
        refused.waitForCompletion(10_000);
        impostor.publish(NORTH, message("marker"));

        assertEquals(NORTH + " marker", cloudReceived.poll(10, TimeUnit.SECONDS));
        assertEquals(NOT_AUTHORIZED, refused.getReasonCodes()[0]);
    }

    @Test
    void shouldRefuseAWrongPasswordAtConnect() {
        MqttException e = assertThrows(MqttException.class, () -> connect("gw-north", "not-the-password", "gw-north"));
        assertTrue(e.getReasonCode() == 0x86 || e.getReasonCode() == NOT_AUTHORIZED, "reason " + e.getReasonCode());
    }

    @Test
    void shouldRefuseAnonymousClients() {
        assertThrows(MqttException.class, () -> connect(null, null, "anonymous"));
    }

    @Test
    void shouldAcceptAPasswordHashedByMosquittoPasswdBesideOurs() throws Exception {
        MqttClient tool = connect("tool-account", "tool-password", "tool");
        MqttClient ours = connect("gw-east", Qinghe.password(out, "gw-east"), "gw-east");

        assertTrue(tool.isConnected());
        assertTrue(ours.isConnected());
    }

    @Test
    void shouldLetTheCloudWriteAGatewaysConfigAndOnlyThatGatewayReadIt() throws Exception {
        BlockingQueue<String> northGot = new LinkedBlockingQueue<>();
        BlockingQueue<String> centralGot = new LinkedBlockingQueue<>();
        MqttClient north = connect("gw-north", Qinghe.password(out, "gw-north"), "gw-north");
        MqttClient central = connect("gw-central", Qinghe.password(out, "gw-central"), "gw-central");
        subscribe(north, "linli/v1/qinghe/+/config/#", northGot);
        subscribe(central, "linli/v1/qinghe/+/config/#", centralGot);
        MqttClient cloud = clients.get(0);

        cloud.publish("linli/v1/qinghe/gw-central/config", message("{}"));
        cloud.publish("linli/v1/qinghe/gw-north/config", message("{}"));

        assertEquals("linli/v1/qinghe/gw-north/config {}", northGot.poll(10, TimeUnit.SECONDS),
                "gw-north reads its own config, never gw-central's, which was sent first");
        assertNotNull(centralGot.poll(10, TimeUnit.SECONDS));
    }

    /**
     * Subscribes through the client callback: Paho 1.2.5's {@code subscribe(String, int, IMqttMessageListener)}
     * calls itself until the stack overflows.
     */
    private static void subscribe(MqttClient client, String filter, BlockingQueue<String> into) throws MqttException {
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                into.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        client.subscribe(filter, 1);
    }

    private MqttClient connect(String user, String password, String clientId) throws MqttException {
        MqttClient client = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(options);
        clients.add(client);
        return client;
    }

    private static MqttMessage message(String text) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }
}
