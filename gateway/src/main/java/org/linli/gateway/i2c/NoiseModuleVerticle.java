package org.linli.gateway.i2c;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;
import org.linli.gateway.noise.NoiseChannel;
import org.linli.gateway.pi4j.Pi4jPlatform;
import org.linli.gateway.readings.ReadingTimes;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads the I2C decibel modules ({@code noise-module} sensors): one Pi4J I2C device per sensor in
 * the gateway's Pi4J context, polled every {@link NoiseModuleSettings#pollInterval()} on a worker
 * thread (an I2C transfer blocks). The supported module is the DFRobot Gravity / PCB Artists style
 * decibel meter: register 0x0A holds the current dB(A) as an unsigned byte.
 *
 * <p>Each level becomes a raw reading and feeds the sensor's minute metrics ({@link NoiseChannel});
 * both go to the sink. A failed read is a reading, never an exception: one ERROR per failure streak,
 * one OFFLINE when no level came for {@link NoiseModuleSettings#silentAfter()}.
 *
 * <p>Start completes when every device is open and fails when one cannot be (a wiring or permission
 * fault). When the platform has no I2C provider, each sensor is reported once as an ERROR reading and
 * not polled.
 */
public final class NoiseModuleVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(NoiseModuleVerticle.class);

    private final Pi4jPlatform platform;
    private final List<SensorSpec> sensors;
    private final Clock clock;
    private final NoiseModuleSettings settings;
    private final Consumer<Reading> sink;
    private final List<Module> modules = new ArrayList<>();
    private boolean holdsPlatform;
    private boolean stopped;
    private long timer = -1;

    /**
     * @param platform the gateway's Pi4J context, acquired at start and released at stop
     * @param sensors  {@code noise-module} sensors bound to {@link SensorBinding.I2cDevice}s
     * @param clock    where timestamps and minutes come from
     * @param settings register, poll interval, silence, minutes
     * @param sink     receives every reading; called on this verticle's context
     */
    public NoiseModuleVerticle(Pi4jPlatform platform, List<SensorSpec> sensors, Clock clock,
                               NoiseModuleSettings settings, Consumer<Reading> sink) {
        this.platform = platform;
        this.sensors = List.copyOf(sensors);
        this.clock = clock;
        this.settings = settings;
        this.sink = sink;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        vertx.executeBlocking(this::open, false).onSuccess(devices -> {
            if (devices == null) {
                for (SensorSpec s : sensors) {
                    sink.accept(Reading.status(s.id(), clock.millis(), Quality.ERROR,
                            "no I2C provider on this platform (pi4j-plugin-linuxfs missing)"));
                }
                LOG.warn("{} noise module(s) not read: no Pi4J I2C provider for {}", sensors.size(),
                        platform.provider().name().toLowerCase(Locale.ROOT));
                startPromise.complete();
                return;
            }
            ReadingTimes times = new ReadingTimes(clock);
            long now = clock.millis();
            for (int i = 0; i < sensors.size(); i++) {
                SensorSpec s = sensors.get(i);
                Opened opened = devices.get(i);
                if (opened.device() == null) {
                    // A module that cannot be opened (no bus, wrong wiring) is a reading, not a reason
                    // for the whole gateway to stop: the other sensors keep working.
                    LOG.warn("sensor {}: {}", s.id(), opened.error());
                    sink.accept(Reading.status(s.id(), now, Quality.ERROR, truncate(opened.error())));
                    continue;
                }
                modules.add(new Module(opened.device(),
                        new NoiseChannel(s, settings.minutes(), settings.silentAfter(), times, now)));
            }
            timer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> poll());
            LOG.info("I2C up: {} noise module(s), register {} every {}", modules.size(),
                    hex(settings.register()), settings.pollInterval());
            startPromise.complete();
        }).onFailure(startPromise::fail);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        List<I2C> devices = new ArrayList<>();
        for (Module m : modules) {
            m.channel.stop().forEach(sink);
            devices.add(m.device);
        }
        modules.clear();
        if (!holdsPlatform) {
            stopPromise.complete();
            return;
        }
        holdsPlatform = false;
        vertx.executeBlocking(() -> {
            close(platform.context(), devices);
            platform.release();
            return null;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("I2C devices did not close cleanly", ar.cause());
            }
            stopPromise.complete();
        });
    }

    /**
     * Polls every module once now, besides the timer: time-driven checks first (a minute to close,
     * a module silent for too long), then a read of each module not still busy with its last one.
     * Completes when those reads are handled. Callable from any thread (tests drive time with it).
     */
    public Future<Void> pollOnce() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> poll().onComplete(done));
        return done.future();
    }

    private Future<Void> poll() {
        long now = clock.millis();
        List<Future<Void>> reads = new ArrayList<>(modules.size());
        for (Module m : modules) {
            m.channel.tick(now).forEach(sink);
            if (m.busy) {
                continue;
            }
            m.busy = true;
            reads.add(vertx.executeBlocking(() -> read(m.device), false).transform(ar -> {
                m.busy = false;
                if (stopped) {
                    return Future.<Void>succeededFuture(); // a read that outlived stop: its minute is already sent
                }
                if (ar.succeeded()) {
                    m.channel.level(ar.result().observedMs(), ar.result().db()).forEach(sink);
                } else {
                    onFailure(m, ar.cause());
                }
                return Future.<Void>succeededFuture();
            }));
        }
        return Future.join(reads).mapEmpty();
    }

    private void onFailure(Module m, Throwable cause) {
        String reason = truncate("I2C read failed: " + cause.getMessage());
        List<Reading> status = m.channel.failure(clock.millis(), reason);
        if (!status.isEmpty()) {
            LOG.warn("sensor {}: {}; reported once until a read succeeds", m.channel.sensor().id(), reason);
            status.forEach(sink);
        }
    }

    private Level read(I2C device) throws IOException {
        byte[] buffer = new byte[1];
        int n;
        try {
            n = device.readRegister(settings.register(), buffer, 0, 1);
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
        if (n != 1) {
            throw new IOException("register " + hex(settings.register()) + " returned " + n);
        }
        return new Level(clock.millis(), buffer[0] & 0xFF);
    }

    private List<Opened> open() {
        Context ctx = platform.acquire();
        holdsPlatform = true;
        String provider = platform.i2cProviderId().orElse(null);
        if (provider == null) {
            return null;
        }
        List<Opened> opened = new ArrayList<>();
        List<I2C> devices = new ArrayList<>();
        try {
            for (SensorSpec s : sensors) {
                SensorBinding.I2cDevice bus = (SensorBinding.I2cDevice) s.binding();
                try {
                    I2C device = ctx.create(I2C.newConfigBuilder(ctx)
                            .id(s.id())
                            .name(s.id() + " (noise module, bus " + bus.bus() + " " + hex(bus.address()) + ")")
                            .bus(bus.bus())
                            .device(bus.address())
                            .provider(provider));
                    devices.add(device);
                    opened.add(new Opened(device, null));
                } catch (RuntimeException e) {
                    opened.add(new Opened(null, "cannot open I2C bus " + bus.bus() + " address "
                            + hex(bus.address()) + ": " + e.getMessage()));
                }
            }
            return opened;
        } catch (RuntimeException e) {
            try {
                close(ctx, devices);
                holdsPlatform = false;
                platform.release();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void close(Context ctx, List<I2C> devices) {
        if (ctx == null) {
            return;
        }
        for (I2C device : devices) {
            if (ctx.registry().exists(device.id())) {
                ctx.shutdown(device.id());
            }
        }
    }

    private static String hex(int value) {
        return String.format(Locale.ROOT, "0x%02X", value);
    }

    private record Level(long observedMs, int db) {
    }

    /** A module's device, or why it could not be opened. */
    private record Opened(I2C device, String error) {
    }

    private static String truncate(String message) {
        return message.length() > WireLimits.MAX_MESSAGE ? message.substring(0, WireLimits.MAX_MESSAGE) : message;
    }

    private static final class Module {
        final I2C device;
        final NoiseChannel channel;
        boolean busy;

        Module(I2C device, NoiseChannel channel) {
            this.device = device;
            this.channel = channel;
        }
    }
}
