package org.linli.gateway.uplink;

import org.linli.wire.Reading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides what a full buffer gives up for a new reading. Pure: the stores hold the data and ask.
 *
 * <p>The new reading competes as the newest member of its class. Classes are given up lowest first
 * ({@link DataClass}'s order), oldest first within a class, so a new reading may push out older
 * readings of its own class or of lower classes, never of a higher class: when only higher classes
 * are left, the new reading itself is refused. {@link DataClass#CANTEEN} is never given up nor
 * refused; a buffer full of meal records goes over its cap rather than lose one.
 *
 * <p>Dropping works in rounds: once over the cap, enough is dropped to get {@code maxBytes / 32}
 * below it, so drops (and their gap markers) come in chunks rather than one per new reading.
 */
public final class DropPolicy {
    private final long maxBytes;
    private final long lowWater;

    /** What to do for one new reading. */
    public record Plan(List<Cut> cuts, boolean refuse) {
        static final Plan KEEP = new Plan(List.of(), false);
        static final Plan REFUSE = new Plan(List.of(), true);
    }

    /** Give up at least {@code bytes} of the oldest readings of {@code dataClass}. */
    public record Cut(DataClass dataClass, long bytes) {
    }

    public DropPolicy(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be 1 or more");
        }
        this.maxBytes = maxBytes;
        this.lowWater = maxBytes - maxBytes / 32;
    }

    /**
     * @param pendingBytes bytes of the droppable (not yet sealed) readings per class, indexed by ordinal
     * @param totalBytes   everything the store holds: pending readings and sealed batches
     * @param incoming     the new reading's class
     * @param incomingBytes its size
     */
    public Plan plan(long[] pendingBytes, long totalBytes, DataClass incoming, long incomingBytes) {
        if (totalBytes + incomingBytes <= maxBytes) {
            return Plan.KEEP;
        }
        long need = totalBytes + incomingBytes - lowWater;
        long available = 0;
        List<Cut> cuts = new ArrayList<>();
        for (DataClass c : DataClass.values()) {
            if (c == DataClass.CANTEEN || c.compareTo(incoming) > 0 || need <= 0) {
                break;
            }
            long take = Math.min(pendingBytes[c.ordinal()], need);
            if (take > 0) {
                cuts.add(new Cut(c, take));
                need -= take;
                available += take;
            }
        }
        if (totalBytes - available + incomingBytes <= maxBytes) {
            return new Plan(cuts, false);
        }
        // Not even the hard cap can be met: canteen data is kept regardless, anything else is refused
        // rather than push out data worth more than itself.
        return incoming == DataClass.CANTEEN ? new Plan(cuts, false) : Plan.REFUSE;
    }

    /**
     * What a reading costs in the buffer: about its wire size. The SQLite file is larger by its page
     * and index overhead (about a third), which the cap does not count.
     */
    public static long sizeOf(Reading r) {
        long size = 48 + r.sensor().length() + r.unit().length() + (r.message() == null ? 0 : r.message().length());
        for (Map.Entry<String, Double> v : r.values().entrySet()) {
            size += v.getKey().length() + 12;
        }
        return size;
    }

    /** The cap. */
    public long maxBytes() {
        return maxBytes;
    }
}
