package org.linli.gateway.lan;

import org.linli.wire.RejectReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the LAN MQTT driver. Written on its context, readable from any thread. */
public final class LanStats {
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong redeliveries = new AtomicLong();
    private final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);
    private volatile boolean connected;

    public LanStats() {
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new AtomicLong());
        }
    }

    /** Messages received on sensor topics. */
    public long messages() {
        return messages.get();
    }

    /** Readings made from them. */
    public long readings() {
        return readings.get();
    }

    /**
     * Messages the LAN broker delivered again after their readings were stored (their PUBACK was
     * lost in a crash or a dropped connection): acknowledged, not stored twice.
     */
    public long redeliveries() {
        return redeliveries.get();
    }

    /** Sensor values refused for {@code reason} (a message read by two sensors counts twice). */
    public long rejected(RejectReason reason) {
        return rejected.get(reason).get();
    }

    /** Sensor values refused for any reason. */
    public long rejected() {
        return rejected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Whether the LAN broker connection is up. */
    public boolean connected() {
        return connected;
    }

    void message() {
        messages.incrementAndGet();
    }

    void reading() {
        readings.incrementAndGet();
    }

    void redelivery() {
        redeliveries.incrementAndGet();
    }

    void reject(RejectReason reason) {
        rejected.get(reason).incrementAndGet();
    }

    void connected(boolean up) {
        connected = up;
    }
}
