package org.linli.gateway.app;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.gateway.remote.RemoteConfig;
import org.linli.gateway.remote.VersionedConfigFile;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.testkit.MosquittoProcess;
import org.linli.testkit.Services;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.app.GatewayIT.await;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * Configs from the cloud, through real Mosquitto brokers: a config the loader refuses is answered
 * with the loader's reason while the running config goes on carrying readings; a good one is
 * answered, persisted with its version, and handed over to be applied. Also the health report.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class RemoteConfigIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String READINGS = Topics.readings("huayuan", "gw-01");
    private static final String CONFIG = Topics.config("huayuan", "gw-01");
    private static final String RESULT = Topics.configResult("huayuan", "gw-01");
    private static final String HEALTH = Topics.health("huayuan", "gw-01");

    @RegisterExtension
    static final Services services = Services.mosquitto("lan", "cloud");

    @TempDir
    Path dir;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private GatewayApp app;

    @AfterEach
    void stopEverything() throws Exception {
        if (app != null) {
            await(app.stop());
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    @Test
    void shouldRefuseABadConfigKeepRunningAndThenAcceptAndPersistAGoodOne(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient cloud = client("it-cloud-config").subscribe(READINGS).subscribe(RESULT).subscribe(HEALTH);
        String yaml = yaml();
        Path remoteFile = dir.resolve("state/gateway-remote.yaml");
        Promise<Long> applied = Promise.promise();
        app = await(GatewayApp.start(vertx, GatewayConfigLoader.parse("gateway.yaml", yaml), Clock.systemUTC(),
                new RemoteConfig(0, 0, remoteFile, applied::tryComplete)));
        await(until(vertx, "the initial level of pir-1", () -> values(cloud).equals(List.of(0.0))));

        // An I2C noise module and a PIR on BCM 3, the I2C clock line.
        String bad = yaml.replace("sensors:\n", "sensors:\n  - {id: noise-1, kind: noise-module, space: plaza-east, "
                + "transport: i2c, address: 0x48}\n").replace("pin: 17", "pin: 3");
        cloud.publish(CONFIG, message(1, bad), true);
        JsonObject refused = await(result(vertx, cloud, 1));
        assertFalse(refused.getBoolean("accepted"));
        assertTrue(refused.getString("reason").contains("sensors[1].pin: BCM 3 is I2C SCL, already used by noise-1"),
                refused.getString("reason"));

        mockPin().mockState(DigitalState.HIGH);
        await(until(vertx, "the old config still carrying pir-1", () -> values(cloud).equals(List.of(0.0, 1.0))));
        assertFalse(Files.exists(remoteFile), "nothing persisted");
        assertFalse(applied.future().isComplete(), "nothing applied");

        String good = yaml.replace("maxBatchDelay: 100ms", "maxBatchDelay: 200ms");
        cloud.publish(CONFIG, message(2, good), true);
        JsonObject accepted = await(result(vertx, cloud, 2));
        assertEquals(new JsonObject().put("version", 2).put("accepted", true), accepted);
        assertEquals(2L, await(applied.future()));
        assertEquals(VersionedConfigFile.render(2, good), Files.readString(remoteFile));
        assertEquals(2, BootConfig.choose(writeLocal(yaml)).version(), "the next boot runs version 2");

        JsonObject health = await(health(vertx, cloud));
        assertEquals(app.bootId(), health.getString("bootId"));
        assertEquals("good", health.getJsonObject("sensors").getJsonObject("pir-1").getString("quality"));
        assertEquals("none", health.getJsonObject("sensors").getJsonObject("park-3").getString("quality"));
        assertTrue(health.getLong("lastUpload") > 0);
        assertEquals(0, health.getLong("configVersion"), "version 2 runs only after the restart");
        assertEquals(System.getProperty("java.version"), health.getJsonObject("versions").getString("java"));
        test.completeNow();
    }

    private String yaml() throws Exception {
        return DriverPlanTest.exampleConfig()
                .replace("tcp://127.0.0.1:18831", services.mosquittoProcess("lan").uri())
                .replace("tcp://127.0.0.1:18830", cloud().uri())
                .replace("maxBatchDelay: 1s", "maxBatchDelay: 100ms")
                .replace("maxBuffered: 100000", "maxBuffered: 100000\n  store: memory\n  storePath: "
                        + dir.resolve("state/buffer.db") + "\n  healthInterval: 5s");
    }

    private Path writeLocal(String yaml) throws Exception {
        Path local = dir.resolve("gateway.yaml");
        Files.writeString(local, yaml);
        return local;
    }

    private static String message(long version, String yaml) {
        return new JsonObject().put("version", version).put("config", yaml).encode();
    }

    private static Future<JsonObject> result(Vertx vertx, MqttTestClient cloud, long version) {
        return until(vertx, "the answer to version " + version, () -> lastOn(cloud, RESULT)
                .filter(j -> Long.valueOf(version).equals(j.getLong("version"))).isPresent())
                .map(v -> lastOn(cloud, RESULT).orElseThrow());
    }

    private static Future<JsonObject> health(Vertx vertx, MqttTestClient cloud) {
        return until(vertx, "a health report after the first upload",
                () -> lastOn(cloud, HEALTH).filter(j -> j.getValue("lastUpload") != null).isPresent())
                .map(v -> lastOn(cloud, HEALTH).orElseThrow());
    }

    private static Optional<JsonObject> lastOn(MqttTestClient cloud, String topic) {
        List<MqttTestClient.Received> on = cloud.received().stream().filter(r -> r.topic().equals(topic)).toList();
        return on.isEmpty() ? Optional.empty() : Optional.of(new JsonObject(on.get(on.size() - 1).text()));
    }

    /** pir-1's values of this boot, in timestamp order. */
    private List<Double> values(MqttTestClient cloud) {
        WireCodec codec = new WireCodec();
        List<Reading> readings = new ArrayList<>();
        for (MqttTestClient.Received r : cloud.received()) {
            if (!r.topic().equals(READINGS)) {
                continue;
            }
            try {
                ReadingBatch batch = codec.decode(r.payload());
                if (batch.bootId().equals(app.bootId())) {
                    batch.readings().stream().filter(x -> x.sensor().equals("pir-1")).forEach(readings::add);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return readings.stream().sorted(java.util.Comparator.comparingLong(Reading::ts)).distinct()
                .map(x -> x.values().get("occupied")).toList();
    }

    private MockDigitalInput mockPin() {
        return app.pi4j().orElseThrow().registry().get("pir-1", MockDigitalInput.class);
    }

    private static MosquittoProcess cloud() {
        return services.mosquittoProcess("cloud");
    }

    private MqttTestClient client(String clientId) throws Exception {
        MqttTestClient client = MqttTestClient.connect(cloud().uri(), clientId, false);
        closeAfter.add(client);
        return client;
    }

    private static Future<Void> until(Vertx vertx, String what, BooleanSupplier condition) {
        return eventually(vertx, what, WAIT, condition);
    }
}
