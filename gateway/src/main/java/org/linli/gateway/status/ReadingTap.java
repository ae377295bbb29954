package org.linli.gateway.status;

import org.linli.wire.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The sink the drivers write to: hands every reading to the uplink first, then to the listeners
 * (the status page). Listeners are called on the driver's thread and must hop onto their own context;
 * one that throws does not stop the reading from reaching the uplink or the other listeners.
 */
public final class ReadingTap implements Consumer<Reading> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingTap.class);
    private final Consumer<Reading> uplink;
    private final List<Consumer<Reading>> listeners = new CopyOnWriteArrayList<>();

    /** @param uplink where every reading goes first */
    public ReadingTap(Consumer<Reading> uplink) {
        this.uplink = uplink;
    }

    @Override
    public void accept(Reading reading) {
        uplink.accept(reading);
        for (Consumer<Reading> l : listeners) {
            try {
                l.accept(reading);
            } catch (RuntimeException e) {
                LOG.warn("reading listener failed on {}", reading.sensor(), e);
            }
        }
    }

    /** Adds a listener; returns a handle that removes it. */
    public Runnable listen(Consumer<Reading> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
