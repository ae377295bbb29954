package org.linli.gateway.uplink;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.linli.config.BrokerSettings;
import org.linli.config.UplinkSettings;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.testing.Eventually.eventually;

/** The uplink without a cloud broker: what it holds while the cloud is unreachable. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class UplinkVerticleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void shouldKeepReadingsPendingWhileTheCloudIsUnreachable(Vertx vertx, VertxTestContext test) throws IOException {
        UplinkStats stats = new UplinkStats();
        UplinkVerticle uplink = uplink(new UplinkSettings(3, Duration.ofMillis(50), 1000), stats);

        vertx.deployVerticle(uplink)
                .compose(id -> {
                    List<Future<Void>> stored = new ArrayList<>();
                    for (int i = 0; i < 7; i++) {
                        stored.add(uplink.accept(Readings.reading(i)));
                    }
                    return Future.all(stored);
                })
                .compose(v -> eventually(vertx, "the batch delay to pass", WAIT, () -> stats.readingsIn() == 7))
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertEquals(7, stats.bufferedReadings());
                    assertEquals(7, stats.pendingReadings(), "sealed only when they can be sent, so they stay droppable by class");
                    assertEquals(0, stats.batchesSealed());
                    assertEquals(0, stats.batchesPublished());
                    assertFalse(stats.connected());
                    test.completeNow();
                })));
    }

    @Test
    void shouldDropTheOldestTelemetryWhenTheBufferIsFullAndCountTheGapMarkers(Vertx vertx, VertxTestContext test)
            throws IOException {
        UplinkStats stats = new UplinkStats();
        UplinkVerticle uplink = uplink(new UplinkSettings(2, Duration.ofSeconds(30), 1000)
                .withStore(UplinkSettings.Store.MEMORY, null, 2000), stats);

        vertx.deployVerticle(uplink)
                .compose(id -> {
                    List<Future<Void>> stored = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        stored.add(uplink.accept(Readings.reading(i)));
                    }
                    return Future.all(stored);
                })
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertEquals(40, stats.readingsIn());
                    assertTrue(stats.readingsDropped() > 0);
                    assertTrue(stats.gapMarkers() > 0);
                    assertTrue(stats.bufferedBytes() <= 2000 + 400, "within the cap but for the newest gap marker");
                    test.completeNow();
                })));
    }

    private static UplinkVerticle uplink(UplinkSettings settings, UplinkStats stats) throws IOException {
        BrokerSettings nowhere = new BrokerSettings("tcp://127.0.0.1:" + closedPort(), null, null);
        UplinkSettings inMemory = settings.withStore(UplinkSettings.Store.MEMORY, null, settings.maxBufferBytes());
        return new UplinkVerticle("huayuan", "gw-01", nowhere, inMemory, "boot-test", MessageStores.create(inMemory),
                Clock.systemUTC(), stats);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
