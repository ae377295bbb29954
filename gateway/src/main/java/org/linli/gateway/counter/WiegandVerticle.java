package org.linli.gateway.counter;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import org.linli.config.CanteenSettings;
import org.linli.gateway.counter.wiegand.WiegandAssembler;
import org.linli.gateway.counter.wiegand.WiegandFrame;
import org.linli.gateway.counter.wiegand.WiegandLine;
import org.linli.gateway.counter.wiegand.WiegandRejection;
import org.linli.gateway.counter.wiegand.WiegandResult;
import org.linli.gateway.counter.wiegand.WiegandSettings;
import org.linli.gateway.log.LogGate;
import org.linli.gateway.pi4j.Pi4jPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reads the counter's Wiegand terminals: two Pi4J digital inputs per terminal (D0, D1, pulled up:
 * the lines idle high and each bit is a short low pulse). Every falling edge is stamped on Pi4J's
 * thread with a monotonic clock, then handed, on this verticle's context, to the terminal's
 * {@link WiegandAssembler}; a timer ends the frame after the terminal's frame timeout. A good frame
 * becomes a {@link CounterInput} for the {@link CounterVerticle}; a rejected one (parity, length,
 * noise, or the other format than configured) is counted by reason, logged at WARN at most once a
 * minute per terminal and reason, and decides nothing.
 *
 * <p>Start completes once every line is provisioned; it fails when one cannot be.
 */
public final class WiegandVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(WiegandVerticle.class);
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

    private final Pi4jPlatform platform;
    private final List<CanteenSettings.WiegandTerminal> terminals;
    private final CounterVerticle counter;
    private final LongSupplier nanos;
    private final Map<String, WiegandAssembler> assemblers = new HashMap<>();
    private final Map<String, Long> frameTimers = new HashMap<>();
    /** Edges stamped on Pi4J's threads, per terminal; the context may not have handled them all yet. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> edgesStamped = new java.util.concurrent.ConcurrentHashMap<>();
    /** Edges handed to the assembler, per terminal; on this verticle's context. */
    private final Map<String, Long> edgesHandled = new HashMap<>();
    private final List<String> lineIds = new ArrayList<>();
    private LogGate warnings;
    private volatile Context pi4j;

    /**
     * @param platform  the gateway's Pi4J context
     * @param terminals the Wiegand terminals
     * @param counter   where presentations go
     * @param nanos     a monotonic clock in nanoseconds ({@code System::nanoTime}; tests step one by hand)
     */
    public WiegandVerticle(Pi4jPlatform platform, List<CanteenSettings.WiegandTerminal> terminals,
                           CounterVerticle counter, LongSupplier nanos) {
        this.platform = platform;
        this.terminals = List.copyOf(terminals);
        this.counter = counter;
        this.nanos = nanos;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        warnings = new LogGate(WARN_INTERVAL);
        for (CanteenSettings.WiegandTerminal t : terminals) {
            assemblers.put(t.id(), new WiegandAssembler(new WiegandSettings(t.frameTimeout(), t.minBitSpacing())));
            edgesStamped.put(t.id(), new java.util.concurrent.atomic.AtomicLong());
            edgesHandled.put(t.id(), 0L);
        }
        vertx.executeBlocking(this::provision, false).onSuccess(ctx -> {
            pi4j = ctx;
            LOG.info("Wiegand up: {} terminal(s)", terminals.size());
            startPromise.complete();
        }).onFailure(startPromise::fail);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        frameTimers.values().forEach(vertx::cancelTimer);
        frameTimers.clear();
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

    /** The id of a terminal's line in the Pi4J registry, e.g. {@code face-1-d0}. */
    public static String lineId(String terminal, WiegandLine line) {
        return terminal + "-" + line.name().toLowerCase(Locale.ROOT);
    }

    private Context provision() {
        Context ctx = platform.acquire();
        try {
            String provider = platform.inputProviderId();
            if (provider == null) {
                throw new IllegalStateException("the Pi4J platform was built without digital inputs");
            }
            for (CanteenSettings.WiegandTerminal t : terminals) {
                open(ctx, provider, t, WiegandLine.D0, t.d0());
                open(ctx, provider, t, WiegandLine.D1, t.d1());
            }
            return ctx;
        } catch (RuntimeException e) {
            try {
                release(ctx);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void release(Context ctx) {
        for (String id : lineIds) {
            if (ctx.registry().exists(id)) {
                ctx.shutdown(id);
            }
        }
        lineIds.clear();
        platform.release();
    }

    private void open(Context ctx, String provider, CanteenSettings.WiegandTerminal t, WiegandLine line, int pin) {
        String id = lineId(t.id(), line);
        DigitalInput input;
        try {
            input = ctx.create(DigitalInput.newConfigBuilder(ctx)
                    .id(id)
                    .name("Wiegand " + line + " of terminal " + t.id() + " (BCM " + pin + ")")
                    .address(pin)
                    .pull(PullResistance.PULL_UP)
                    // A Wiegand bit is a 50-100 µs pulse: any debounce would swallow it.
                    .debounce(0L, TimeUnit.MICROSECONDS)
                    .provider(provider));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open BCM " + pin + " for " + line + " of canteen terminal " + t.id()
                    + ": " + e.getMessage(), e);
        }
        lineIds.add(id);
        io.vertx.core.Context verticleContext = context;
        java.util.concurrent.atomic.AtomicLong stamped = edgesStamped.get(t.id());
        input.addListener(event -> {
            if (event.state() != DigitalState.LOW) {
                return;
            }
            // Stamped here, on Pi4J's thread, as close to the edge as Java gets.
            long micros = nanos.getAsLong() / 1_000;
            stamped.incrementAndGet();
            verticleContext.runOnContext(v -> onPulse(t, line, micros));
        });
    }

    // On this verticle's context.
    private void onPulse(CanteenSettings.WiegandTerminal t, WiegandLine line, long micros) {
        edgesHandled.merge(t.id(), 1L, Long::sum);
        assemblers.get(t.id()).onPulse(line, micros).ifPresent(r -> finished(t, r));
        arm(t);
    }

    private void arm(CanteenSettings.WiegandTerminal t) {
        Long old = frameTimers.remove(t.id());
        if (old != null) {
            vertx.cancelTimer(old);
        }
        long delayMs = Math.max(1, (t.frameTimeout().toNanos() + 999_999) / 1_000_000);
        frameTimers.put(t.id(), vertx.setTimer(delayMs, id -> {
            frameTimers.remove(t.id());
            WiegandAssembler a = assemblers.get(t.id());
            if (edgesStamped.get(t.id()).get() > edgesHandled.get(t.id())) {
                // Edges stamped but still queued behind this timer (a busy event loop, a GC pause): the
                // line was not silent, whatever the clock says now. Their turn first.
                arm(t);
                return;
            }
            a.poll(nanos.getAsLong() / 1_000).ifPresentOrElse(r -> finished(t, r), () -> {
                if (a.inFrame()) {
                    arm(t);
                }
            });
        }));
    }

    private void finished(CanteenSettings.WiegandTerminal t, WiegandResult result) {
        if (result instanceof WiegandFrame frame && frame.format().bits() == t.bits()) {
            String eventId = "w-" + UUID.randomUUID();
            LOG.debug("terminal {}: W{} frame {}:{}", t.id(), t.bits(), frame.facility(), frame.card());
            counter.submit(CounterInput.wiegand(eventId, t.id(), t.method(), frame.facility(), frame.card(),
                    counter.clock().instant())).onFailure(e -> LOG.error("terminal {}: frame not decided: {}", t.id(),
                    e.getMessage()));
            return;
        }
        String reason;
        String detail;
        if (result instanceof WiegandRejection r) {
            reason = r.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
            detail = r.detail();
        } else {
            reason = "unexpected-format";
            detail = result.bits().length() + " bits, terminal configured for " + t.bits();
        }
        counter.stats().countWiegandRejected(reason);
        long suppressed = warnings.admit(t.id() + "/" + reason, counter.clock().millis());
        if (suppressed != LogGate.SUPPRESS) {
            LOG.warn("terminal {}: Wiegand frame rejected ({}): {}; no decision{}", t.id(), reason, detail,
                    suppressed > 0 ? " (" + suppressed + " more since the last warning)" : "");
        }
    }
}
