package org.linli.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.linli.security.RenderedSite.CLOUD;
import static org.linli.security.RenderedSite.GW_A;
import static org.linli.security.RenderedSite.topic;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker of deploy/compose as the eclipse-mosquitto container runs it: compose's mosquitto.conf as
 * the main file, including the production linli-cloud-broker.conf unchanged, with render's files. Only
 * the container paths and ports are moved to the test's. The cloud's compose listener (1884) takes the
 * cloud account and refuses anonymous clients; gateways get in on the TLS listener.
 */
@Timeout(60)
class ComposeBrokerIT {
    @TempDir
    static Path dir;
    private static RenderedSite site;
    private static Process broker;
    private static int composePort;
    private static int tlsPort;

    @BeforeAll
    static void start() throws Exception {
        site = RenderedSite.render(dir);
        composePort = freePort();
        tlsPort = freePort();
        Path confD = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(confD.resolve("linli-cloud-broker.conf"), ProductionBroker.productionConfig()
                .replace("/etc/mosquitto/linli/", site.broker().toAbsolutePath() + "/")
                .replace("\nlistener 8883\n", "\nlistener " + tlsPort + " 127.0.0.1\n")
                .replace("\nlistener 1883 127.0.0.1\n", "\nlistener " + freePort() + " 127.0.0.1\n"));
        Files.createDirectories(dir.resolve("data"));
        String main = Files.readString(RenderedSite.repoRoot().resolve("deploy/compose/mosquitto.conf"))
                .replace("persistence_location /mosquitto/data/", "persistence_location " + dir.resolve("data") + "/")
                .replace("include_dir /etc/mosquitto/conf.d", "include_dir " + confD)
                .replace("/etc/mosquitto/linli/", site.broker().toAbsolutePath() + "/")
                .replace("\nlistener 1884\n", "\nlistener " + composePort + " 127.0.0.1\n");
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), "user " + System.getProperty("user.name") + "\n" + main);
        broker = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(10);
        while (!(accepts(composePort) && accepts(tlsPort))) {
            if (!broker.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("compose broker did not start: " + Files.readString(dir.resolve("stdout.log")));
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            broker.waitFor();
        }
    }

    @Test
    void shouldCarryAGatewaysReadingsToTheCloudOnTheComposeListener() throws Exception {
        try (Mqtt mqtt = new Mqtt()) {
            Mqtt.Client cloud = mqtt.connect("tcp://127.0.0.1:" + composePort, "linli-cloud-compose-1", CLOUD,
                    site.password(CLOUD), null);
            assertEquals(1, cloud.subscribe("linli/v1/huayuan/+/readings"));
            Path files = site.gatewayFiles(GW_A);
            Mqtt.Client gateway = mqtt.connect("ssl://127.0.0.1:" + tlsPort, "linli-huayuan-gw-01", null, null,
                    Certs.context(files.resolve("ca.crt"), new Certs.Issued(files.resolve("client.crt"), files.resolve("client.key"))));

            gateway.publish(topic(GW_A, "readings"), "via compose");

            assertEquals(topic(GW_A, "readings") + " via compose", cloud.received().poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldRefuseAnonymousClientsOnTheComposeListener() {
        try (Mqtt mqtt = new Mqtt()) {
            assertThrows(MqttException.class,
                    () -> mqtt.connect("tcp://127.0.0.1:" + composePort, "anonymous-" + UUID.randomUUID(), null, null, null));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
