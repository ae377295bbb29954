package org.linli.gateway.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.linli.config.GpioProvider;
import org.linli.config.Pull;
import org.linli.config.SensorBinding;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;
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
    void shouldProvisionThePinWithTheConfiguredPullAndLeaveDebounceToTheGateway(Vertx vertx, VertxTestContext test) {
        GpioVerticle gpio = new GpioVerticle(GpioProvider.MOCK,
                List.of(PinReadingsTest.pin("pir-1", SensorKind.PIR, false)), Clock.systemUTC(), r -> { });

        vertx.deployVerticle(gpio).onComplete(test.succeeding(id -> test.verify(() -> {
            DigitalInput input = gpio.pi4j().registry().get("pir-1", DigitalInput.class);
            assertEquals(17, input.config().address());
            assertEquals(com.pi4j.io.gpio.digital.PullResistance.PULL_DOWN, input.config().pull());
            assertEquals(0L, input.config().debounce(), "debounced by the verticle, not by the Pi4J provider");
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

    @Test
    void shouldReportABouncingEdgeOnceAfterTheWindow(Vertx vertx, VertxTestContext test) {
        List<Reading> readings = new CopyOnWriteArrayList<>();
        GpioVerticle gpio = new GpioVerticle(GpioProvider.MOCK,
                List.of(pin("pir-1", Duration.ofMillis(50))), Clock.systemUTC(), readings::add);
        long[] lastEdge = new long[2];

        vertx.deployVerticle(gpio)
                .compose(id -> eventually(vertx, "the initial level", WAIT, () -> readings.size() == 1))
                .compose(v -> {
                    MockDigitalInput pin = mockPin(gpio, "pir-1");
                    pin.mockState(DigitalState.HIGH);
                    pin.mockState(DigitalState.LOW);
                    lastEdge[0] = System.currentTimeMillis();
                    pin.mockState(DigitalState.HIGH);
                    lastEdge[1] = System.currentTimeMillis();
                    return eventually(vertx, "the debounced edge", WAIT, () -> readings.size() == 2);
                })
                // Another four windows: a bounce that leaked through would show up as more readings.
                .compose(v -> after(vertx, 200))
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertEquals(2, readings.size(), () -> "readings: " + readings);
                    assertEquals(Map.of("occupied", 0.0), readings.get(0).values());
                    assertEquals(Map.of("occupied", 1.0), readings.get(1).values());
                    long ts = readings.get(1).ts();
                    // Pi4J calls the listener on its own thread, which may take the stamp a moment after
                    // mockState returned; a stamp at the end of the 50 ms window would be a bug.
                    assertTrue(ts >= lastEdge[0] && ts < lastEdge[1] + 50,
                            () -> "stamped at the last edge, where the stable level started: " + ts + " not in ["
                                    + lastEdge[0] + ", " + (lastEdge[1] + 50) + ")");
                    test.completeNow();
                })));
    }

    @Test
    void shouldReportNothingForAGlitchShorterThanTheWindow(Vertx vertx, VertxTestContext test) {
        List<Reading> readings = new CopyOnWriteArrayList<>();
        // A 10 ms glitch; the window is wider than 50 ms so that a timer delayed on a busy machine
        // cannot stretch the glitch past it.
        Duration window = Duration.ofMillis(200);
        GpioVerticle gpio = new GpioVerticle(GpioProvider.MOCK,
                List.of(pin("pir-1", window)), Clock.systemUTC(), readings::add);

        vertx.deployVerticle(gpio)
                .compose(id -> eventually(vertx, "the initial level", WAIT, () -> readings.size() == 1))
                .compose(v -> {
                    mockPin(gpio, "pir-1").mockState(DigitalState.HIGH);
                    return after(vertx, 10);
                })
                .compose(v -> {
                    mockPin(gpio, "pir-1").mockState(DigitalState.LOW);
                    return after(vertx, 3 * window.toMillis());
                })
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertEquals(List.of(Map.of("occupied", 0.0)), readings.stream().map(Reading::values).toList());
                    test.completeNow();
                })));
    }

    @Test
    void shouldReportEveryEdgeWithoutDebounce(Vertx vertx, VertxTestContext test) {
        List<Reading> readings = new CopyOnWriteArrayList<>();
        GpioVerticle gpio = new GpioVerticle(GpioProvider.MOCK,
                List.of(pin("pir-1", Duration.ZERO)), Clock.systemUTC(), readings::add);

        vertx.deployVerticle(gpio)
                .compose(id -> eventually(vertx, "the initial level", WAIT, () -> readings.size() == 1))
                .compose(v -> {
                    MockDigitalInput pin = mockPin(gpio, "pir-1");
                    pin.mockState(DigitalState.HIGH);
                    pin.mockState(DigitalState.LOW);
                    pin.mockState(DigitalState.HIGH);
                    return eventually(vertx, "three edges", WAIT, () -> readings.size() == 4);
                })
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertEquals(List.of(Map.of("occupied", 0.0), Map.of("occupied", 1.0), Map.of("occupied", 0.0),
                            Map.of("occupied", 1.0)), readings.stream().map(Reading::values).toList());
                    test.completeNow();
                })));
    }

    private static SensorSpec pin(String id, Duration debounce) {
        return new SensorSpec(id, SensorKind.PIR, "plaza-east", new SensorBinding.GpioInput(17, Pull.DOWN, debounce, false));
    }

    private static Future<Void> after(Vertx vertx, long ms) {
        Promise<Void> done = Promise.promise();
        vertx.setTimer(ms, id -> done.complete());
        return done.future();
    }

    static MockDigitalInput mockPin(GpioVerticle gpio, String sensorId) {
        return gpio.pi4j().registry().get(sensorId, MockDigitalInput.class);
    }
}
