package org.linli.gateway.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import org.linli.config.GpioProvider;
import org.linli.config.OccupancySettings;
import org.linli.config.Pull;
import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;
import org.linli.gateway.pi4j.Pi4jPlatform;
import org.linli.gateway.readings.ReadingTimes;
import org.linli.wire.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads the GPIO sensors: one Pi4J digital input per sensor, with the pull resistor of its config.
 * The level found at start, and each level change that holds for the sensor's debounce, becomes a
 * reading passed to the sink; once a second {@link PinReadings#tick} adds held drops that ran out and
 * each sensor's periodic state.
 *
 * <p><b>Debounce is done here, in software</b>, by one {@link Debouncer} per pin: each raw edge from
 * Pi4J updates it and (re)arms a Vert.x timer for the rest of the window; when the timer fires and
 * the level has held, the change is reported, stamped with the first edge of the stable run. Pi4J's
 * mock provider ignores the debounce it is given, and the Pi's kernel (libgpiod v1, Bookworm) has
 * none, so a setting left to the provider could neither be relied on nor tested.
 *
 * <p>The pins live in the gateway's one Pi4J context, held by a {@link Pi4jPlatform}: Pi4J's mock
 * for {@link GpioProvider#MOCK} (no native code is loaded), the gpiod character-device provider for
 * {@link GpioProvider#GPIOD}. Start completes once every pin is provisioned, and fails (so the
 * gateway does not start) when one cannot be: that is a wiring or permission fault to fix on site.
 */
public final class GpioVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(GpioVerticle.class);
    private static final long TICK_MS = 1000;

    private final Pi4jPlatform platform;
    private final List<SensorSpec> sensors;
    private final Clock clock;
    private final Consumer<Reading> sink;
    private final Duration stateInterval;
    private PinReadings readings;
    private final Map<String, Debouncer> debouncers = new HashMap<>();
    private final Map<String, Long> debounceTimers = new HashMap<>();
    private long tickTimer = -1;
    private volatile Context pi4j;

    /**
     * @param provider which Pi4J input provider to use
     * @param sensors  the sensors bound to {@link SensorBinding.GpioInput}s
     * @param clock    where timestamps come from
     * @param sink     receives every reading; called on this verticle's context
     */
    public GpioVerticle(GpioProvider provider, List<SensorSpec> sensors, Clock clock, Consumer<Reading> sink) {
        this(new Pi4jPlatform(provider, true, false), sensors, clock, sink);
    }

    /**
     * @param platform the gateway's Pi4J context, acquired at start and released at stop
     * @param sensors  the sensors bound to {@link SensorBinding.GpioInput}s
     * @param clock    where timestamps come from
     * @param sink     receives every reading; called on this verticle's context
     */
    public GpioVerticle(Pi4jPlatform platform, List<SensorSpec> sensors, Clock clock, Consumer<Reading> sink) {
        this(platform, sensors, clock, sink, OccupancySettings.defaults().stateInterval());
    }

    /**
     * @param platform      the gateway's Pi4J context, acquired at start and released at stop
     * @param sensors       the sensors bound to {@link SensorBinding.GpioInput}s
     * @param clock         where timestamps come from
     * @param sink          receives every reading; called on this verticle's context
     * @param stateInterval each sensor's state is repeated when it made no reading for this long
     */
    public GpioVerticle(Pi4jPlatform platform, List<SensorSpec> sensors, Clock clock, Consumer<Reading> sink,
                        Duration stateInterval) {
        this.platform = platform;
        this.sensors = List.copyOf(sensors);
        this.clock = clock;
        this.sink = sink;
        this.stateInterval = stateInterval;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        readings = new PinReadings(new ReadingTimes(clock), stateInterval);
        // Building the context probes the board and opening lines are system calls: off the event loop.
        vertx.executeBlocking(this::provision, false)
                .onSuccess(ctx -> {
                    pi4j = ctx;
                    tickTimer = vertx.setPeriodic(TICK_MS, id -> readings.tick().forEach(sink));
                    LOG.info("GPIO up: {} input(s) through Pi4J {}", sensors.size(), platform.provider().name().toLowerCase(Locale.ROOT));
                    startPromise.complete();
                })
                .onFailure(startPromise::fail);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        if (tickTimer >= 0) {
            vertx.cancelTimer(tickTimer);
            tickTimer = -1;
        }
        debounceTimers.values().forEach(vertx::cancelTimer);
        debounceTimers.clear();
        Context ctx = pi4j;
        pi4j = null;
        if (ctx == null) {
            stopPromise.complete();
            return;
        }
        vertx.executeBlocking(() -> {
            // Other drivers may still hold the context: give the pins back before releasing it.
            for (SensorSpec sensor : sensors) {
                if (ctx.registry().exists(sensor.id())) {
                    ctx.shutdown(sensor.id());
                }
            }
            platform.release();
            return null;
        }, false).<Void>mapEmpty().onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("Pi4J did not shut down cleanly", ar.cause());
            }
            stopPromise.complete();
        });
    }

    /** The Pi4J context the pins live in; null before start and after stop. */
    public Context pi4j() {
        return pi4j;
    }

    private Context provision() {
        Context ctx = platform.acquire();
        try {
            String inputs = platform.inputProviderId();
            if (inputs == null) {
                throw new IllegalStateException("the Pi4J platform was built without digital inputs");
            }
            for (SensorSpec sensor : sensors) {
                provision(ctx, inputs, sensor);
            }
            return ctx;
        } catch (RuntimeException e) {
            try {
                for (SensorSpec sensor : sensors) {
                    if (ctx.registry().exists(sensor.id())) {
                        ctx.shutdown(sensor.id());
                    }
                }
                platform.release();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void provision(Context ctx, String providerId, SensorSpec sensor) {
        SensorBinding.GpioInput pin = (SensorBinding.GpioInput) sensor.binding();
        DigitalInput input;
        try {
            input = ctx.create(DigitalInput.newConfigBuilder(ctx)
                    .id(sensor.id())
                    .name(sensor.id() + " (" + sensor.kind().name().toLowerCase(Locale.ROOT) + ", BCM " + pin.pin() + ")")
                    .address(pin.pin())
                    .pull(pull(pin.pull()))
                    // Zero, not the configured debounce: the Debouncer owns it. Pi4J 2.8's gpiod provider
                    // would otherwise hold each edge back in its event thread until the line has been quiet
                    // for the window, so a change would wait up to two windows and reach the Debouncer
                    // stamped a window late. (Pi4J defaults to 10 ms when nothing is set.)
                    .debounce(0L, TimeUnit.MICROSECONDS)
                    .provider(providerId));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open BCM " + pin.pin() + " for sensor " + sensor.id() + ": " + e.getMessage(), e);
        }
        io.vertx.core.Context verticleContext = context;
        // Pi4J calls listeners on its own threads: take the times there, then hop onto this context.
        input.addListener(event -> {
            long observed = clock.millis();
            long observedNanos = System.nanoTime();
            DigitalState state = event.state();
            verticleContext.runOnContext(v -> onLevel(sensor, state, observed, observedNanos));
        });
        // Read after the listener is attached and queue it behind any edge already queued: an edge
        // that races this read goes through the Debouncer either way, and the level seen last wins.
        long observed = clock.millis();
        long observedNanos = System.nanoTime();
        DigitalState initial = input.state();
        verticleContext.runOnContext(v -> onLevel(sensor, initial, observed, observedNanos));
        LOG.debug("sensor {} on BCM {} pull {} debounce {} activeLow {}", sensor.id(), pin.pin(), pin.pull(),
                pin.debounce(), pin.activeLow());
    }

    // On this verticle's context.
    private void onLevel(SensorSpec sensor, DigitalState state, long observed, long observedNanos) {
        Debouncer debouncer = debouncers.computeIfAbsent(sensor.id(),
                id -> new Debouncer(((SensorBinding.GpioInput) sensor.binding()).debounce()));
        disarm(sensor);
        if (state == DigitalState.HIGH || state == DigitalState.LOW) {
            debouncer.edge(state == DigitalState.HIGH, observedNanos, observed).ifPresent(change -> emit(sensor, change));
            arm(sensor, debouncer);
        } else {
            debouncer.forget();
            sink.accept(readings.unreadable(sensor, "pin level unknown", observed));
        }
    }

    private void arm(SensorSpec sensor, Debouncer debouncer) {
        debouncer.dueNanos().ifPresent(due -> {
            // Vert.x timers take whole milliseconds: round up, so the timer never fires before the window ends.
            long delayMs = Math.max(1, (due - System.nanoTime() + 999_999) / 1_000_000);
            debounceTimers.put(sensor.id(), vertx.setTimer(delayMs, id -> {
                debounceTimers.remove(sensor.id());
                debouncer.poll(System.nanoTime()).ifPresentOrElse(change -> emit(sensor, change),
                        () -> arm(sensor, debouncer));
            }));
        });
    }

    private void disarm(SensorSpec sensor) {
        Long timer = debounceTimers.remove(sensor.id());
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private void emit(SensorSpec sensor, Debouncer.Change change) {
        LOG.debug("sensor {} level {} since {}", sensor.id(), change.high() ? "HIGH" : "LOW", change.sinceMs());
        readings.level(sensor, change.high(), change.sinceMs()).ifPresent(sink);
    }

    static PullResistance pull(Pull pull) {
        switch (pull) {
            case UP: return PullResistance.PULL_UP;
            case DOWN: return PullResistance.PULL_DOWN;
            default: return PullResistance.OFF;
        }
    }
}
