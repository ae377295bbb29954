package org.linli.gateway.uplink;

import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns readings into numbered, encoded batches: the boot id of this process, {@code seq} 1, 2, 3 ...
 * without gaps, and the wire encoding. A batch whose encoding would exceed {@code maxBytes} (the
 * wire limit) is split in halves until each part fits, so a large {@code maxBatchReadings} can never
 * produce a batch the cloud must refuse.
 *
 * <p>Not thread-safe: use it on one Vert.x context.
 */
public final class BatchSealer {
    private final String site;
    private final String gateway;
    private final String bootId;
    private final WireCodec codec;
    private final int maxBytes;
    private long lastSeq;

    public BatchSealer(String site, String gateway, String bootId, WireCodec codec, int maxBytes) {
        this.site = site;
        this.gateway = gateway;
        this.bootId = bootId;
        this.codec = codec;
        this.maxBytes = maxBytes;
    }

    /** Seals {@code readings} (at least one) into one batch, or several if one would be too large. */
    public List<StoredBatch> seal(List<Reading> readings, long sentAt) {
        List<StoredBatch> out = new ArrayList<>(1);
        seal(readings, sentAt, out);
        return out;
    }

    private void seal(List<Reading> readings, long sentAt, List<StoredBatch> out) {
        long seq = lastSeq + 1;
        byte[] payload = codec.encode(new ReadingBatch(WireCodec.VERSION, site, gateway, bootId, seq, sentAt, readings));
        if (payload.length > maxBytes && readings.size() > 1) {
            int half = readings.size() / 2;
            seal(readings.subList(0, half), sentAt, out);
            seal(readings.subList(half, readings.size()), sentAt, out);
            return;
        }
        lastSeq = seq;
        out.add(new StoredBatch(bootId, seq, readings.size(), payload));
    }

    /** The last sequence number given out, 0 before the first batch. */
    public long lastSeq() {
        return lastSeq;
    }

    /** This process's boot id. */
    public String bootId() {
        return bootId;
    }
}
