package org.linli.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starts every service the kit offers, for real, and checks each does what the other modules rely on. */
class ServicesIT {

    @RegisterExtension
    static final Services services = Services.mosquitto("lan", "cloud").influx().postgres();

    private static final Path MOSQUITTO_PUB = Binaries.require("mosquitto_pub", "mosquitto-clients", List.of());
    private static final Path MOSQUITTO_SUB = Binaries.require("mosquitto_sub", "mosquitto-clients", List.of());

    @Test
    void shouldStartTwoIndependentBrokersThatAcceptConnections() {
        MosquittoProcess lan = services.mosquittoProcess("lan");
        MosquittoProcess cloud = services.mosquittoProcess("cloud");

        assertNotEquals(lan.port(), cloud.port());
        assertTrue(Ports.accepts(lan.port()));
        assertTrue(Ports.accepts(cloud.port()));
        assertEquals("tcp://127.0.0.1:" + lan.port(), lan.uri());
    }

    @Test
    void shouldDeliverPublishedMessage() throws Exception {
        int port = services.mosquittoProcess("lan").port();

        // Retained, so that the subscriber gets it whenever it connects: no race with the publisher.
        publish(port, "linli/it/retained", "hello", "-r");
        CapturedCommand received = subscribe(port, "linli/it/retained", "-C", "1");

        assertEquals(0, received.exitCode(), received.output());
        assertEquals("hello", received.output().strip());
    }

    @Test
    void shouldKeepQueuedQos1MessageAcrossStopAndRestart() throws Exception {
        MosquittoProcess broker = services.mosquittoProcess("cloud");
        int port = broker.port();
        // A persistent session (-c, fixed id) that subscribes and leaves (-E): QoS 1 messages queue for it.
        CapturedCommand subscribed = subscribe(port, "linli/it/queued", "-c", "-i", "it-durable", "-E");
        assertEquals(0, subscribed.exitCode(), subscribed.output());
        publish(port, "linli/it/queued", "queued-while-away");

        broker.stop();
        broker.restart();

        CapturedCommand received = subscribe(port, "linli/it/queued", "-c", "-i", "it-durable", "-C", "1");
        assertEquals(0, received.exitCode(), received.output());
        assertEquals("queued-while-away", received.output().strip());
    }

    @Test
    void shouldComeBackOnSamePortAfterKill() throws Exception {
        MosquittoProcess broker = services.mosquittoProcess("cloud");
        int port = broker.port();

        broker.kill();
        assertFalse(broker.isRunning());
        assertFalse(Ports.accepts(port));
        broker.restart();

        assertEquals(port, broker.port());
        assertTrue(broker.isRunning());
        publish(port, "linli/it/after-kill", "back", "-r");
        assertEquals("back", subscribe(port, "linli/it/after-kill", "-C", "1").output().strip());
    }

    @Test
    void shouldCreateInfluxDatabase() {
        InfluxProcess influx = services.influxProcess();

        influx.createDatabase("linli_it");
        String databases = influx.query(null, "SHOW DATABASES");

        assertTrue(databases.contains("\"linli_it\""), databases);
        assertTrue(influx.url().startsWith("http://127.0.0.1:"), influx.url());
    }

    @Test
    void shouldCreatePostgresDatabase() throws Exception {
        PostgresProcess postgres = services.postgresProcess();

        postgres.createDatabase("linli_it");
        CapturedCommand psql = CapturedCommand.run(List.of(Binaries.postgresBinDir().resolve("psql").toString(),
                "-h", "127.0.0.1", "-p", Integer.toString(postgres.port()), "-U", postgres.user(), "-d", "linli_it",
                "-tAc", "SELECT current_database() || ' ' || current_user"));

        assertEquals(0, psql.exitCode(), psql.output());
        assertEquals("linli_it linli", psql.output().strip());
        assertEquals("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres", postgres.jdbcUrl());
    }

    private static void publish(int port, String topic, String message, String... options)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(MOSQUITTO_PUB.toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-q", "1", "-t", topic, "-m", message));
        command.addAll(List.of(options));
        CapturedCommand published = CapturedCommand.run(command);
        assertEquals(0, published.exitCode(), published.output());
    }

    private static CapturedCommand subscribe(int port, String topic, String... options)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(MOSQUITTO_SUB.toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-q", "1", "-t", topic, "-W", "10"));
        command.addAll(List.of(options));
        return CapturedCommand.run(command);
    }
}
