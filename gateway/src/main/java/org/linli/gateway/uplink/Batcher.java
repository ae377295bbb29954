package org.linli.gateway.uplink;

import org.linli.wire.Reading;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects readings into batches of at most {@code maxReadings}. It decides on count only; the
 * uplink sends whatever is waiting when {@code maxBatchDelay} has passed since the first reading of
 * a batch, by a timer.
 *
 * <p>Not thread-safe: use it on one Vert.x context.
 */
public final class Batcher {
    private final int maxReadings;
    private List<Reading> waiting;

    public Batcher(int maxReadings) {
        if (maxReadings < 1) {
            throw new IllegalArgumentException("maxReadings must be 1 or more");
        }
        this.maxReadings = maxReadings;
        this.waiting = new ArrayList<>();
    }

    /** Adds {@code reading}; returns the full batch to send now, or an empty list. */
    public List<Reading> add(Reading reading) {
        waiting.add(reading);
        return waiting.size() >= maxReadings ? drain() : List.of();
    }

    /** Everything waiting, in arrival order, leaving the batcher empty. */
    public List<Reading> drain() {
        List<Reading> out = waiting;
        waiting = new ArrayList<>();
        return out;
    }

    /** How many readings wait. */
    public int waiting() {
        return waiting.size();
    }
}
