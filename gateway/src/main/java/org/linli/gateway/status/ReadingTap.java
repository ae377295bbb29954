package org.linli.gateway.status;

import io.vertx.core.Future;
import org.linli.wire.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The sink the drivers write to: hands every reading to the uplink first, then to the listeners
 * (the status page). Listeners are called on the driver's thread and must hop onto their own context;
 * one that throws does not stop the reading from reaching the uplink or the other listeners.
 */
public final class ReadingTap implements Consumer<Reading>, Function<Reading, Future<Void>> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingTap.class);
    private final Function<Reading, Future<Void>> uplink;
    private final List<Consumer<Reading>> listeners = new CopyOnWriteArrayList<>();

    /** @param uplink where every reading goes first; its future completes once the reading is stored */
    public ReadingTap(Function<Reading, Future<Void>> uplink) {
        this.uplink = uplink;
    }

    /** A tap in front of a sink that stores at once (tests, tools). */
    public static ReadingTap consuming(Consumer<Reading> sink) {
        return new ReadingTap(r -> {
            sink.accept(r);
            return Future.succeededFuture();
        });
    }

    /** Fire and forget, for drivers that do not wait for the store (pins, I2C). */
    @Override
    public void accept(Reading reading) {
        apply(reading);
    }

    /** Stores the reading, tells the listeners, and returns the store's future (LAN acks wait for it). */
    @Override
    public Future<Void> apply(Reading reading) {
        Future<Void> stored = uplink.apply(reading);
        for (Consumer<Reading> l : listeners) {
            try {
                l.accept(reading);
            } catch (RuntimeException e) {
                LOG.warn("reading listener failed on {}", reading.sensor(), e);
            }
        }
        return stored;
    }

    /** Adds a listener; returns a handle that removes it. */
    public Runnable listen(Consumer<Reading> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
