package org.linli.gateway.lan;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.BrokerSettings;
import org.linli.config.GatewayConfigLoader;
import org.linli.config.SensorSpec;
import org.linli.gateway.status.ReadingTap;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.gateway.uplink.BatchSealer;
import org.linli.gateway.uplink.SqliteMessageStore;
import org.linli.gateway.uplink.StoredBatch;
import org.linli.testkit.Services;
import org.linli.wire.Reading;
import org.linli.wire.WireCodec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * A LAN message whose readings were committed but whose PUBACK never reached the real Mosquitto (the
 * gateway died in between) comes back on the next connection and must not be stored twice; the same
 * payload sent again later is a new reading. The "crash" is exact: the first boot's sink commits
 * each message's readings to the SQLite file and then, for the last messages, never lets the LAN
 * driver acknowledge them; the driver and the store are then stopped and a second boot opens the
 * same file and the same persistent LAN session.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class LanRedeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOPIC = "noise/slm-1";
    private static final String CLIENT_ID = "linli-huayuan-gw-09-lan";

    @RegisterExtension
    static final Services services = Services.mosquitto("lan");

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    @Test
    void shouldNotStoreAgainAMessageRedeliveredAfterACrashBetweenCommitAndAck(Vertx vertx) throws Exception {
        MqttTestClient sensor = MqttTestClient.connect(lanUri(), "it-redeliver-slm-1", false);
        closeAfter.add(sensor);
        Path db = dir.resolve("buffer.db");

        // Boot 1: messages 1-3 are stored and acknowledged; 4-6 are stored and never acknowledged.
        SqliteMessageStore first = new SqliteMessageStore(db, 1_000_000, Duration.ofMillis(10));
        await(first.open());
        AtomicInteger committed = new AtomicInteger();
        ReadingTap dying = new ReadingTap(first::add, (readings, key) -> first.add(readings, key).compose(stored -> {
            int n = committed.incrementAndGet();
            return n <= 3 ? Future.succeededFuture(stored) : Promise.<Boolean>promise().future();
        }));
        LanStats firstStats = new LanStats();
        String firstLan = await(vertx.deployVerticle(lan(dying, firstStats)));
        for (int i = 1; i <= 6; i++) {
            sensor.publish(TOPIC, laeq(i));
        }
        await(eventually(vertx, "six messages committed", WAIT, () -> committed.get() == 6));
        await(vertx.undeploy(firstLan));
        await(first.close());

        // Boot 2 on the same file and session: 4-6 come again, then 1's payload once more, a new message.
        SqliteMessageStore second = new SqliteMessageStore(db, 1_000_000, Duration.ofMillis(10));
        await(second.open());
        LanStats stats = new LanStats();
        ReadingTap tap = new ReadingTap(second::add, second::add);
        String secondLan = await(vertx.deployVerticle(lan(tap, stats)));
        await(eventually(vertx, "the three unacknowledged messages delivered again", WAIT, () -> stats.messages() >= 3));
        sensor.publish(TOPIC, laeq(1));
        await(eventually(vertx, "the repeated payload", WAIT, () -> stats.messages() >= 4));
        await(eventually(vertx, "the repeated payload stored", WAIT, () -> second.pendingReadings() >= 7));

        assertEquals(3, stats.redeliveries(), "4, 5 and 6 were acknowledged without storing them again");
        assertEquals(3, second.redeliveriesSkipped());
        BatchSealer sealer = new BatchSealer("huayuan", "gw-09", "boot-2", new WireCodec(), 1024 * 1024);
        List<Double> stored = new ArrayList<>();
        for (StoredBatch b : await(second.seal(sealer, 100, System.currentTimeMillis()))) {
            for (Reading r : new WireCodec().decode(b.payload()).readings()) {
                stored.add(r.values().get("laeq"));
            }
        }
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 1.0), stored,
                "each message once, and the identical later payload as a reading of its own");
        await(vertx.undeploy(secondLan));
        await(second.close());
    }

    private LanVerticle lan(ReadingTap tap, LanStats stats) throws Exception {
        List<SensorSpec> sensors = GatewayConfigLoader.parse("gateway.yaml", """
                site: huayuan
                gateway: gw-09
                gpio: mock
                lanBroker: {uri: "%s"}
                cloudBroker: {uri: "tcp://127.0.0.1:1"}
                sensors:
                  - {id: slm-1, kind: sound-level-meter, space: plaza, transport: mqtt, topic: %s, mapping: sound-level-meter}
                """.formatted(lanUri(), TOPIC)).sensors();
        return new LanVerticle(new BrokerSettings(lanUri(), null, null), CLIENT_ID, sensors, Clock.systemUTC(), tap, stats);
    }

    /** A sound level meter interval without its own ts: the gateway stamps the arrival time. */
    private static String laeq(int value) {
        return "{\"LAeq\":" + value + ".0,\"interval\":60}";
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds() + 10, TimeUnit.SECONDS);
    }

    private static String lanUri() {
        return services.mosquittoProcess("lan").uri();
    }
}
