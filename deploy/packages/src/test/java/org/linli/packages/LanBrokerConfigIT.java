package org.linli.packages;

import org.linli.testkit.Command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LAN broker configuration the gateway package ships (/etc/mosquitto/conf.d/linli-lan.conf), run by a
 * real Mosquitto: only its port, interface name and password file path are moved for the test. The
 * gateway's loopback listener takes it without an account (as render's gateway.yaml connects); on the
 * LAN interface only an account in the password file gets in.
 */
class LanBrokerConfigIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private static Process broker;
    private static int port;
    private static String lanAddress;

    @BeforeAll
    static void startBroker() throws Exception {
        Optional<NetworkInterface> lan = lanInterface();
        assumeTrue(lan.isPresent(), "no non-loopback IPv4 interface to bind the LAN listener to");
        lanAddress = Collections.list(lan.get().getInetAddresses()).stream().filter(a -> a instanceof Inet4Address)
                .findFirst().orElseThrow().getHostAddress();
        Path root = Debs.extract(Debs.deb("linli-gateway"), dir.resolve("root"));
        String shipped = Files.readString(root.resolve("etc/mosquitto/conf.d/linli-lan.conf"));
        port = freePort();
        Path passwd = dir.resolve("lan.passwd");
        Files.writeString(passwd, "");
        Command.run(dir, TIMEOUT, "mosquitto_passwd", "-b", passwd.toString(), "zigbee2mqtt", "s3cret-lan").ok();
        String config = "user " + System.getProperty("user.name") + "\nlog_dest file " + dir.resolve("mosquitto.log") + "\n"
                + shipped.replace("listener 1883", "listener " + port)
                        .replace("bind_interface eth0", "bind_interface " + lan.get().getName())
                        .replace("/etc/mosquitto/linli-lan.passwd", passwd.toString());
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), config);
        broker = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!(accepts("127.0.0.1") && accepts(lanAddress))) {
            if (!broker.isAlive() || Instant.now().isAfter(deadline)) {
                Path log = dir.resolve("mosquitto.log");
                throw new AssertionError("LAN broker did not start (" + (broker.isAlive() ? "running" : "exit " + broker.exitValue())
                        + "): " + Files.readString(dir.resolve("stdout.log")) + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            broker.waitFor();
        }
    }

    @Test
    void shouldLetTheGatewayInOnLoopbackWithoutAnAccount() {
        assertEquals(0, publish("127.0.0.1").exitCode());
    }

    @Test
    void shouldRefuseAnonymousDevicesOnTheLan() {
        assertNotEquals(0, publish(lanAddress).exitCode());
    }

    @Test
    void shouldLetADeviceWithAnAccountInOnTheLan() {
        Command pub = publish(lanAddress, "-u", "zigbee2mqtt", "-P", "s3cret-lan");
        assertEquals(0, pub.exitCode(), pub.toString());
    }

    @Test
    void shouldRefuseAWrongPasswordOnTheLan() {
        assertNotEquals(0, publish(lanAddress, "-u", "zigbee2mqtt", "-P", "wrong").exitCode());
    }

    private static Command publish(String host, String... login) {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", host,
                "-p", Integer.toString(port), "-q", "1", "-t", "sensors/test", "-m", "{\"occupancy\":true}"));
        command.addAll(List.of(login));
        return Command.run(dir, TIMEOUT, command.toArray(String[]::new));
    }

    private static Optional<NetworkInterface> lanInterface() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(LanBrokerConfigIT::usable)
                .filter(i -> Collections.list(i.getInetAddresses()).stream().anyMatch(a -> a instanceof Inet4Address))
                .findFirst();
    }

    private static boolean usable(NetworkInterface i) {
        try {
            return i.isUp() && !i.isLoopback() && !i.isVirtual();
        } catch (SocketException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(String host) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
