package org.linli.gateway.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.testkit.Services;
import org.linli.wire.ReadingBatch;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.app.GatewayIT.await;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * The shaded jar as an installer runs it, {@code java -Xmx64m -jar target/linli-gateway.jar CONFIG},
 * in its own JVM: its exit code on a bad config, and a clean SIGTERM.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class GatewayJarIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path JAR = Path.of("target", "linli-gateway.jar");
    private static final Path WORK = Path.of("target", "it-jar");

    @RegisterExtension
    static final Services services = Services.mosquitto("lan", "cloud");

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private Process gateway;

    @AfterEach
    void cleanUp() throws Exception {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly();
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    @Test
    void shouldExitWithCode2AndNameEveryProblemOfABadConfig(Vertx vertx, VertxTestContext test) throws Exception {
        Path config = write("bad.yaml", """
                site: huayuan
                gateway: gw-01
                gpio: wiringpi
                cloudBroker: {uri: 'mqtt://cloud'}
                sensors:
                  - {id: pir-1, kind: pir, space: plaza-east, transport: gpio, pin: 2}
                """);
        Path log = WORK.resolve("bad.log");

        gateway = start(config, log);
        int exit = await(Future.fromCompletionStage(gateway.onExit(), vertx.getOrCreateContext())).exitValue();

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(2, exit, output);
        assertTrue(output.contains(config + ":3: gpio: 'wiringpi' is not one of"), output);
        assertTrue(output.contains(config + ":4: cloudBroker.uri:"), output);
        assertTrue(output.contains("sensors[0].pin: BCM 2 is I2C SDA"), output);
        test.completeNow();
    }

    @Test
    void shouldCarryReadingsAndStopCleanlyOnSigterm(Vertx vertx, VertxTestContext test) throws Exception {
        String site = "huayuan";
        MqttTestClient cloud = MqttTestClient.connect(services.mosquittoProcess("cloud").uri(), "it-jar-cloud", false)
                .subscribe(Topics.readings(site, "gw-01")).subscribe(Topics.status(site, "gw-01"));
        closeAfter.add(cloud);
        Path config = write("gateway.yaml", DriverPlanTest.exampleConfig()
                .replace("tcp://127.0.0.1:18831", services.mosquittoProcess("lan").uri())
                .replace("tcp://127.0.0.1:18830", services.mosquittoProcess("cloud").uri())
                .replace("maxBuffered: 100000", "maxBuffered: 100000\n  storePath: " + WORK.resolve("buffer.db")));
        Files.deleteIfExists(WORK.resolve("buffer.db"));
        Path log = WORK.resolve("gateway.log");

        gateway = start(config, log);
        await(eventually(vertx, "the online status", WAIT, () -> statuses(cloud).stream().anyMatch(s -> s.contains("online"))));
        await(eventually(vertx, "the LAN subscription", WAIT, () -> logged(log, "LAN up")));
        MqttTestClient sensor = MqttTestClient.connect(services.mosquittoProcess("lan").uri(), "it-jar-park-3", false);
        closeAfter.add(sensor);
        sensor.publish("sensors/park-3", "{\"occupancy\":true}");
        await(eventually(vertx, "park-3 on the cloud", WAIT, () -> sensors(cloud).contains("park-3")));

        gateway.destroy(); // SIGTERM
        int exit = await(Future.fromCompletionStage(gateway.onExit(), vertx.getOrCreateContext())).exitValue();

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(143, exit, "128 + SIGTERM after the shutdown hook ran\n" + output);
        assertTrue(output.contains("gateway huayuan/gw-01 stopped"), output);
        assertTrue(statuses(cloud).get(statuses(cloud).size() - 1).contains("offline"), "offline status on a clean stop");
        test.completeNow();
    }

    private Process start(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-jar", JAR.toString(), config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static Path write(String name, String content) throws Exception {
        Files.createDirectories(WORK);
        Path file = WORK.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static boolean logged(Path log, String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static List<String> statuses(MqttTestClient cloud) {
        return cloud.received().stream().filter(r -> r.topic().endsWith("/status")).map(MqttTestClient.Received::text).toList();
    }

    private static List<String> sensors(MqttTestClient cloud) {
        WireCodec codec = new WireCodec();
        List<String> out = new ArrayList<>();
        for (MqttTestClient.Received r : cloud.received()) {
            if (r.topic().endsWith("/readings")) {
                try {
                    ReadingBatch batch = codec.decode(r.payload());
                    batch.readings().forEach(reading -> out.add(reading.sensor()));
                } catch (Exception e) {
                    throw new AssertionError("undecodable batch", e);
                }
            }
        }
        return out;
    }
}
