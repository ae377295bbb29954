package org.linli.gateway.status;

import io.vertx.core.Future;
import org.linli.wire.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.linli.gateway.uplink.MessageKey;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
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
    private final BiFunction<List<Reading>, MessageKey, Future<Boolean>> messages;
    private final java.util.function.Supplier<Future<Void>> newSession;
    private final List<Consumer<Reading>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param uplink   where every reading goes first; its future completes once the reading is stored
     * @param messages where the readings of one source message go first, with the message's key; its
     *                 future completes once they are stored ({@code true}) or found to be a
     *                 redelivery already stored ({@code false})
     */
    public ReadingTap(Function<Reading, Future<Void>> uplink,
                      BiFunction<List<Reading>, MessageKey, Future<Boolean>> messages) {
        this(uplink, messages, Future::succeededFuture);
    }

    /**
     * @param uplink     as above
     * @param messages   as above
     * @param newSession tells the store that the source of keyed messages started a new session, so
     *                   the keys noted so far are void (see {@code MessageStore#forgetMessageKeys})
     */
    public ReadingTap(Function<Reading, Future<Void>> uplink,
                      BiFunction<List<Reading>, MessageKey, Future<Boolean>> messages,
                      java.util.function.Supplier<Future<Void>> newSession) {
        this.uplink = uplink;
        this.messages = messages;
        this.newSession = newSession;
    }

    /** The source of keyed messages started a new session: the message keys noted so far are void. */
    public Future<Void> newSourceSession() {
        return newSession.get();
    }

    /** A tap in front of a sink that stores at once and never sees a redelivery (tests, tools). */
    public static ReadingTap consuming(Consumer<Reading> sink) {
        return new ReadingTap(r -> {
            sink.accept(r);
            return Future.succeededFuture();
        }, (readings, key) -> {
            readings.forEach(sink);
            return Future.succeededFuture(true);
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

    /**
     * Stores the readings of one source message as one (see {@code UplinkVerticle#accept(List,
     * MessageKey)}), tells the listeners, and returns the store's future: {@code true} stored,
     * {@code false} skipped as a redelivery of a message already stored.
     */
    public Future<Boolean> apply(List<Reading> readings, MessageKey source) {
        Future<Boolean> stored = messages.apply(readings, source);
        for (Reading reading : readings) {
            for (Consumer<Reading> l : listeners) {
                try {
                    l.accept(reading);
                } catch (RuntimeException e) {
                    LOG.warn("reading listener failed on {}", reading.sensor(), e);
                }
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
