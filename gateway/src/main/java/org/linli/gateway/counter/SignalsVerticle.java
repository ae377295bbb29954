package org.linli.gateway.counter;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import org.linli.config.CanteenSettings;
import org.linli.gateway.pi4j.Pi4jPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The counter's green and red lights and buzzer on GPIO outputs (Pi4J digital outputs, high = on).
 * A new decision lights green (subsidised) or red (not) and beeps short or long; the light goes out
 * when the staff close the decision. Each output is optional.
 *
 * <p>Writes to an output are single fast system calls (a gpiod line set), made on this verticle's
 * event loop; provisioning and release block and run on a worker.
 */
public final class SignalsVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(SignalsVerticle.class);
    /** A subsidised meal: one short beep. */
    static final Duration SHORT_BEEP = Duration.ofMillis(120);
    /** A refusal: one long beep, unmistakably different. */
    static final Duration LONG_BEEP = Duration.ofMillis(700);

    private final Pi4jPlatform platform;
    private final CanteenSettings.Outputs outputs;
    private final CounterVerticle counter;
    private final List<String> ids = new ArrayList<>();
    private DigitalOutput green;
    private DigitalOutput red;
    private DigitalOutput buzzer;
    private String lit;
    private long beepTimer = -1;
    private Runnable unlisten = () -> { };
    private volatile Context pi4j;

    public SignalsVerticle(Pi4jPlatform platform, CanteenSettings.Outputs outputs, CounterVerticle counter) {
        this.platform = platform;
        this.outputs = outputs;
        this.counter = counter;
    }

    /** The registry id of an output, e.g. {@code counter-green}. */
    public static String outputId(String name) {
        return "counter-" + name;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        vertx.executeBlocking(() -> {
            Context ctx = platform.acquire();
            try {
                String provider = platform.outputProviderId();
                if (provider == null) {
                    throw new IllegalStateException("the Pi4J platform was built without digital outputs");
                }
                green = open(ctx, provider, "green", outputs.green());
                red = open(ctx, provider, "red", outputs.red());
                buzzer = open(ctx, provider, "buzzer", outputs.buzzer());
                return ctx;
            } catch (RuntimeException e) {
                release(ctx);
                throw e;
            }
        }, false).onSuccess(ctx -> {
            pi4j = ctx;
            io.vertx.core.Context own = context;
            unlisten = counter.listen(u -> own.runOnContext(v -> show(u)));
            LOG.info("counter signals up: green {}, red {}, buzzer {}", pin(outputs.green()), pin(outputs.red()),
                    pin(outputs.buzzer()));
            startPromise.complete();
        }).onFailure(startPromise::fail);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        unlisten.run();
        Context ctx = pi4j;
        pi4j = null;
        if (ctx == null) {
            stopPromise.complete();
            return;
        }
        vertx.executeBlocking(() -> {
            release(ctx);
            return null;
        }, false).onComplete(ar -> stopPromise.complete());
    }

    private void show(CounterVerticle.Update u) {
        if (u.decided()) {
            boolean ok = u.entry().decision().eligible();
            set(green, ok);
            set(red, !ok);
            lit = u.entry().eventId();
            beep(ok ? SHORT_BEEP : LONG_BEEP);
        } else if (u.entry().eventId().equals(lit)) {
            set(green, false);
            set(red, false);
            lit = null;
        }
    }

    private void beep(Duration length) {
        if (buzzer == null) {
            return;
        }
        if (beepTimer >= 0) {
            vertx.cancelTimer(beepTimer);
        }
        set(buzzer, true);
        beepTimer = vertx.setTimer(length.toMillis(), id -> {
            beepTimer = -1;
            set(buzzer, false);
        });
    }

    private static void set(DigitalOutput out, boolean on) {
        if (out == null) {
            return;
        }
        try {
            out.state(on ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            LOG.warn("counter signal {}: cannot switch {}: {}", out.id(), on ? "on" : "off", e.getMessage());
        }
    }

    private DigitalOutput open(Context ctx, String provider, String name, Integer pin) {
        if (pin == null) {
            return null;
        }
        String id = outputId(name);
        try {
            DigitalOutput out = ctx.create(DigitalOutput.newConfigBuilder(ctx)
                    .id(id)
                    .name("counter " + name + " (BCM " + pin + ")")
                    .address(pin)
                    .initial(DigitalState.LOW)
                    .shutdown(DigitalState.LOW)
                    .provider(provider));
            ids.add(id);
            return out;
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open BCM " + pin + " for the counter's " + name + ": "
                    + e.getMessage(), e);
        }
    }

    private void release(Context ctx) {
        for (String id : ids) {
            if (ctx.registry().exists(id)) {
                ctx.shutdown(id);
            }
        }
        ids.clear();
        platform.release();
    }

    private static String pin(Integer pin) {
        return pin == null ? "none" : "BCM " + pin;
    }
}
