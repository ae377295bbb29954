package org.linli.gateway.i2c;

import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.linli.config.GpioProvider;
import org.linli.config.SensorBinding;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;
import org.linli.gateway.noise.MinuteSettings;
import org.linli.gateway.pi4j.Pi4jPlatform;
import org.linli.gateway.testing.MutableClock;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class NoiseModuleVerticleTest {
    /** A whole UTC minute: 2025-11-22T08:27:00Z. */
    private static final long T0 = 29_396_667L * 60_000;
    private static final int REGISTER = NoiseModuleSettings.DECIBEL_REGISTER;
    /** The timer never fires during a test: the test polls with {@link NoiseModuleVerticle#pollOnce()}. */
    private static final NoiseModuleSettings BY_HAND = new NoiseModuleSettings(REGISTER, Duration.ofHours(1),
            Duration.ofHours(2), MinuteSettings.defaults());
    private static final SensorSpec NOISE = new SensorSpec("noise-1", SensorKind.NOISE_MODULE, "plaza-east",
            new SensorBinding.I2cDevice(1, 0x30));

    private final MutableClock clock = new MutableClock(T0 + 500);
    private final List<Reading> readings = new CopyOnWriteArrayList<>();
    private final Pi4jPlatform platform = new Pi4jPlatform(GpioProvider.MOCK, false, true);
    private final NoiseModuleVerticle noise = new NoiseModuleVerticle(platform, List.of(NOISE), clock, BY_HAND,
            readings::add);

    @Test
    void shouldTurnRegisterValuesIntoRawReadingsAndAMinuteReading(Vertx vertx, VertxTestContext test) {
        Future<Void> polls = vertx.deployVerticle(noise).mapEmpty();
        for (int i = 0; i < 60; i++) {
            long at = T0 + 500 + i * 1000L;
            polls = polls.compose(v -> poll(80, at));
        }
        polls.compose(v -> poll(200, T0 + 60_500)).onComplete(test.succeeding(v -> test.verify(() -> {
            List<Reading> raw = readings.stream().filter(r -> r.values().containsKey("la")).toList();
            List<Reading> minutes = readings.stream().filter(r -> r.values().containsKey("laeq")).toList();
            assertEquals(61, raw.size());
            assertEquals(new Reading("noise-1", T0 + 500, Map.of("la", 80.0), "dBA", Quality.GOOD, null), raw.get(0));
            // The register is an unsigned byte: 200 dB(A) is not -56.
            assertEquals(Map.of("la", 200.0), raw.get(60).values());
            assertEquals(List.of(new Reading("noise-1", T0, Map.of("laeq", 80.0, "lmax", 80.0, "lmin", 80.0,
                    "l10", 80.0, "l90", 80.0, "samples", 60.0), "dBA", Quality.GOOD, null)), minutes);
            test.completeNow();
        })));
    }

    @Test
    void shouldReportAFailingModuleOnceAndRecover(Vertx vertx, VertxTestContext test) {
        vertx.deployVerticle(noise)
                .compose(id -> poll(70, T0 + 500))
                .compose(v -> pollNothing(T0 + 1_500))   // the mock has no byte queued: the read fails
                .compose(v -> pollNothing(T0 + 2_500))
                .compose(v -> poll(71, T0 + 3_500))
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertEquals(3, readings.size(), readings::toString);
                    assertEquals(Map.of("la", 70.0), readings.get(0).values());
                    assertEquals(Quality.ERROR, readings.get(1).quality());
                    assertEquals(T0 + 1_500, readings.get(1).ts());
                    assertTrue(readings.get(1).message().startsWith("I2C read failed"), readings.get(1).message());
                    assertEquals(new Reading("noise-1", T0 + 3_500, Map.of("la", 71.0), "dBA", Quality.GOOD, null),
                            readings.get(2));
                    test.completeNow();
                })));
    }

    @Test
    void shouldCloseTheOpenMinuteAndReleasePi4jOnStop(Vertx vertx, VertxTestContext test) {
        vertx.deployVerticle(noise)
                .compose(id -> poll(60, T0 + 500).map(id))
                .compose(vertx::undeploy)
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    Reading minute = readings.get(readings.size() - 1);
                    assertEquals(T0, minute.ts());
                    assertEquals(Quality.SUSPECT, minute.quality());
                    assertEquals("partial minute: 1 of 60 samples, stopped 59 s before the end", minute.message());
                    assertNull(platform.context());
                    test.completeNow();
                })));
    }

    @Test
    void shouldReportAModuleThatCannotBeOpenedAsAnErrorReadingAndStillStart(Vertx vertx, VertxTestContext test) {
        // The real platform (gpiod pins, linuxfs I2C) with a bus no Pi has: opening fails.
        SensorSpec absent = new SensorSpec("noise-9", SensorKind.NOISE_MODULE, "plaza", new SensorBinding.I2cDevice(31, 0x30));
        Pi4jPlatform gpiod = new Pi4jPlatform(GpioProvider.GPIOD, false, true);
        NoiseModuleVerticle unread = new NoiseModuleVerticle(gpiod, List.of(absent), clock, BY_HAND, readings::add);

        vertx.deployVerticle(unread).onComplete(test.succeeding(id -> test.verify(() -> {
            assertEquals(1, readings.size(), readings.toString());
            Reading status = readings.get(0);
            assertEquals("noise-9", status.sensor());
            assertEquals(Quality.ERROR, status.quality());
            assertTrue(status.message().startsWith("cannot open I2C bus 31 address 0x30"), status.message());
            test.completeNow();
        })));
    }

    private Future<Void> poll(int db, long at) {
        platform.context().registry().get("noise-1", MockI2C.class).writeRegister(REGISTER, (byte) db);
        return pollNothing(at);
    }

    private Future<Void> pollNothing(long at) {
        clock.set(at);
        return noise.pollOnce();
    }
}
