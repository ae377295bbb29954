package org.linli.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.linli.testkit.MosquittoProcess;

/**
 * A real Mosquitto running deploy/mosquitto/linli-cloud-broker.conf, the production file, with only its
 * paths and ports moved: {@code /etc/mosquitto/linli/} becomes the rendered {@code out/broker/}, the
 * TLS listener 8883 and the cloud's loopback listener 1883 get free ports. The test kit's template
 * stands in for Debian's mosquitto.conf (persistence location, log) and adds its own loopback
 * listener, under the same global accounts and ACL.
 */
final class ProductionBroker implements AutoCloseable {
    private final MosquittoProcess process;
    private final int tlsPort;
    private final int plainPort;

    private ProductionBroker(MosquittoProcess process, int tlsPort, int plainPort) {
        this.process = process;
        this.tlsPort = tlsPort;
        this.plainPort = plainPort;
    }

    static String productionConfig() {
        try {
            return Files.readString(RenderedSite.repoRoot().resolve("deploy/mosquitto/linli-cloud-broker.conf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the production config with the files of {@code brokerDir} (render's out/broker or a doctored copy). */
    static ProductionBroker start(Path workDir, Path brokerDir) {
        int tlsPort = freePort();
        int plainPort = freePort();
        String config = productionConfig();
        String moved = config
                .replace("/etc/mosquitto/linli/", brokerDir.toAbsolutePath() + "/")
                .replace("\nlistener 8883\n", "\nlistener " + tlsPort + " 127.0.0.1\n")
                .replace("\nlistener 1883 127.0.0.1\n", "\nlistener " + plainPort + " 127.0.0.1\n");
        String settings = moved.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n"));
        if (settings.contains("/etc/mosquitto") || settings.contains("listener 8883") || settings.contains("listener 1883")
                || settings.contains("/var/lib/mosquitto")) {
            throw new IllegalStateException("linli-cloud-broker.conf changed shape; the test could not move: " + settings);
        }
        return new ProductionBroker(MosquittoProcess.start(workDir, moved), tlsPort, plainPort);
    }

    /** {@code ssl://127.0.0.1:PORT}: the TLS listener for gateways. */
    String tlsUri() {
        return "ssl://" + RenderedSite.BROKER_HOST + ":" + tlsPort;
    }

    /** {@code tcp://127.0.0.1:PORT}: the password listener for cloud instances. */
    String plainUri() {
        return "tcp://127.0.0.1:" + plainPort;
    }

    @Override
    public void close() {
        process.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
