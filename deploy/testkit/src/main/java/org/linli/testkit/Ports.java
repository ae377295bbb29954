package org.linli.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports: picking a free one and probing whether something listens on one. */
final class Ports {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private Ports() {
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago. The kernel picks it from the ephemeral range;
     * another process could still take it before the service binds it, a race accepted in tests.
     */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a free port on " + LOOPBACK, e);
        }
    }

    /** True when a TCP connection to 127.0.0.1:{@code port} succeeds. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
