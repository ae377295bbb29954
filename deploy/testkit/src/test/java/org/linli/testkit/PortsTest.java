package org.linli.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void shouldReturnPortThatCanBeBound() throws IOException {
        int port = Ports.free();

        assertTrue(port > 0 && port < 65536, "port " + port);
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(socket.isBound());
        }
    }

    @Test
    void shouldSeeListeningPortAsAccepting() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(Ports.accepts(socket.getLocalPort()));
        }
    }

    @Test
    void shouldSeeClosedPortAsNotAccepting() {
        assertFalse(Ports.accepts(Ports.free()));
    }
}
