package org.linli.gateway.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.linli.config.GpioProvider;
import org.linli.config.SensorKind;
import org.linli.wire.Reading;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.testing.Eventually.eventually;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class GpioVerticleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void shouldTurnAMockPinEdgeIntoAReading(Vertx vertx, VertxTestContext test) {
        List<Reading> readings = new CopyOnWriteArrayList<>();
        GpioVerticle gpio = new GpioVerticle(GpioProvider.MOCK,
                List.of(PinReadingsTest.pin("pir-1", SensorKind.PIR, false)), Clock.systemUTC(), readings::add);

        vertx.deployVerticle(gpio)
                .compose(id -> eventually(vertx, "the initial level", WAIT, () -> readings.size() == 1))
                .compose(v -> {
                    mockPin(gpio, "pir-1").mockState(DigitalState.HIGH);
                    return eventually(vertx, "the edge", WAIT, () -> readings.size() == 2);
                })
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertEquals(Map.of("occupied", 0.0), readings.get(0).values());
                    assertEquals(Map.of("occupied", 1.0), readings.get(1).values());
                    assertEquals("pir-1", readings.get(1).sensor());
                    assertEquals("bool", readings.get(1).unit());
                    assertTrue(readings.get(1).ts() > readings.get(0).ts());
                    test.completeNow();
                })));
    }

    @Test
    void shouldReportAnActiveLowSensorsIdleLineAsOff(Vertx vertx, VertxTestContext test) {
        List<Reading> readings = new CopyOnWriteArrayList<>();
        GpioVerticle gpio = new GpioVerticle(GpioProvider.MOCK,
                List.of(PinReadingsTest.pin("door-1", SensorKind.DOOR, true)), Clock.systemUTC(), readings::add);

        vertx.deployVerticle(gpio)
                .compose(id -> {
                    // The mock line starts LOW: for an active-low contact that means "open".
                    mockPin(gpio, "door-1").mockState(DigitalState.HIGH);
                    return eventually(vertx, "two readings", WAIT, () -> readings.size() == 2);
                })
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertEquals(Map.of("open", 1.0), readings.get(0).values());
                    assertEquals(Map.of("open", 0.0), readings.get(1).values());
                    test.completeNow();
                })));
    }

    @Test
    void shouldProvisionThePinWithTheConfiguredPullAndDebounce(Vertx vertx, VertxTestContext test) {
        GpioVerticle gpio = new GpioVerticle(GpioProvider.MOCK,
                List.of(PinReadingsTest.pin("pir-1", SensorKind.PIR, false)), Clock.systemUTC(), r -> { });

        vertx.deployVerticle(gpio).onComplete(test.succeeding(id -> test.verify(() -> {
            DigitalInput input = gpio.pi4j().registry().get("pir-1", DigitalInput.class);
            assertEquals(17, input.config().address());
            assertEquals(com.pi4j.io.gpio.digital.PullResistance.PULL_DOWN, input.config().pull());
            assertEquals(50_000L, input.config().debounce());
            test.completeNow();
        })));
    }

    @Test
    void shouldShutPi4jDownWhenStopped(Vertx vertx, VertxTestContext test) {
        GpioVerticle gpio = new GpioVerticle(GpioProvider.MOCK,
                List.of(PinReadingsTest.pin("pir-1", SensorKind.PIR, false)), Clock.systemUTC(), r -> { });

        vertx.deployVerticle(gpio)
                .compose(id -> {
                    var pi4j = gpio.pi4j();
                    return vertx.undeploy(id).map(v -> pi4j);
                })
                .onComplete(test.succeeding(pi4j -> test.verify(() -> {
                    assertTrue(pi4j.isShutdown());
                    assertNull(gpio.pi4j());
                    test.completeNow();
                })));
    }

    static MockDigitalInput mockPin(GpioVerticle gpio, String sensorId) {
        return gpio.pi4j().registry().get(sensorId, MockDigitalInput.class);
    }
}
