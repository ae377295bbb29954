package org.linli.gateway.uplink;

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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.linli.gateway.testing.Eventually.eventually;

/** The uplink without a cloud broker: what it holds while the cloud is unreachable. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class UplinkVerticleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void shouldBufferAFullBatchWhileTheCloudIsUnreachable(Vertx vertx, VertxTestContext test) throws IOException {
        UplinkStats stats = new UplinkStats();
        UplinkVerticle uplink = uplink(new UplinkSettings(3, Duration.ofSeconds(30), 1000), stats);

        vertx.deployVerticle(uplink)
                .compose(id -> {
                    for (int i = 0; i < 7; i++) {
                        uplink.accept(BatcherTest.reading(i));
                    }
                    return eventually(vertx, "7 readings in", WAIT, () -> stats.readingsIn() == 7);
                })
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertEquals(2, stats.batchesSealed());
                    assertEquals(2, stats.lastSeq());
                    assertEquals(6, stats.bufferedReadings());
                    assertEquals(0, stats.batchesPublished());
                    assertFalse(stats.connected());
                    test.completeNow();
                })));
    }

    @Test
    void shouldSealWhatWaitsOnceTheBatchDelayIsUp(Vertx vertx, VertxTestContext test) throws IOException {
        UplinkStats stats = new UplinkStats();
        UplinkVerticle uplink = uplink(new UplinkSettings(200, Duration.ofMillis(100), 1000), stats);

        vertx.deployVerticle(uplink)
                .compose(id -> {
                    uplink.accept(BatcherTest.reading(0));
                    return eventually(vertx, "a sealed batch", WAIT, () -> stats.batchesSealed() == 1);
                })
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertEquals(1, stats.bufferedReadings());
                    test.completeNow();
                })));
    }

    @Test
    void shouldDropTheOldestBatchesWhenTheBufferIsFull(Vertx vertx, VertxTestContext test) throws IOException {
        UplinkStats stats = new UplinkStats();
        UplinkVerticle uplink = uplink(new UplinkSettings(2, Duration.ofSeconds(30), 4), stats);

        vertx.deployVerticle(uplink)
                .compose(id -> {
                    for (int i = 0; i < 8; i++) {
                        uplink.accept(BatcherTest.reading(i));
                    }
                    return eventually(vertx, "4 batches", WAIT, () -> stats.batchesSealed() == 4);
                })
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertEquals(4, stats.bufferedReadings());
                    assertEquals(2, stats.batchesDropped());
                    assertEquals(4, stats.readingsDropped());
                    test.completeNow();
                })));
    }

    private static UplinkVerticle uplink(UplinkSettings settings, UplinkStats stats) throws IOException {
        BrokerSettings nowhere = new BrokerSettings("tcp://127.0.0.1:" + closedPort(), null, null);
        return new UplinkVerticle("huayuan", "gw-01", nowhere, settings, "boot-test", new MemoryMessageStore(settings.maxBuffered()),
                Clock.systemUTC(), stats);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
