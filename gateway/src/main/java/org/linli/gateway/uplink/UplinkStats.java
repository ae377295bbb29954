package org.linli.gateway.uplink;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the uplink. Written on its context, readable from any thread. */
public final class UplinkStats {
    private final AtomicLong readingsIn = new AtomicLong();
    private final AtomicLong batchesSealed = new AtomicLong();
    private final AtomicLong batchesPublished = new AtomicLong();
    private final AtomicLong batchesResent = new AtomicLong();
    private final AtomicLong batchesAcked = new AtomicLong();
    private final AtomicLong readingsAcked = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong redeliveriesSkipped = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong readingsSkipped = new AtomicLong();
    private volatile long readingsDropped;
    private volatile long readingsRefused;
    private volatile long gapMarkers;
    private volatile long bufferedBytes;
    private volatile long pendingReadings;
    private volatile long lastSeq;
    private volatile long bufferedReadings;
    private volatile int bufferedBatches;
    private volatile boolean connected;
    private volatile long lastUploadAt;
    private final SensorStatuses sensors = new SensorStatuses();

    /** Connections to the cloud broker after the first one (each one followed a lost connection). */
    public long reconnects() {
        return reconnects.get();
    }

    void reconnected() {
        reconnects.incrementAndGet();
    }

    /** Readings handed to the uplink. */
    public long readingsIn() {
        return readingsIn.get();
    }

    /**
     * Source messages delivered again after their readings were stored (a PUBACK lost in a crash or
     * a dropped LAN connection), acknowledged without storing them twice.
     */
    public long redeliveriesSkipped() {
        return redeliveriesSkipped.get();
    }

    /** Readings those redeliveries made again and were not stored (they are in the buffer already). */
    public long readingsSkipped() {
        return readingsSkipped.get();
    }

    /** Batches formed (each with a new seq). */
    public long batchesSealed() {
        return batchesSealed.get();
    }

    /** The seq of the newest batch, 0 before the first. */
    public long lastSeq() {
        return lastSeq;
    }

    /** PUBLISH packets sent for batches, resends included. */
    public long batchesPublished() {
        return batchesPublished.get();
    }

    /** Of those, resends of a batch already sent on an earlier connection (same seq). */
    public long batchesResent() {
        return batchesResent.get();
    }

    /** Batches the cloud broker acknowledged. */
    public long batchesAcked() {
        return batchesAcked.get();
    }

    /** Readings in acknowledged batches. */
    public long readingsAcked() {
        return readingsAcked.get();
    }

    /** Publishes that failed (connection lost before the PUBACK, or a PUBACK with a failure reason). */
    public long publishFailures() {
        return publishFailures.get();
    }

    /** Readings the full buffer dropped, lowest class and oldest first (gap markers tell the cloud). */
    public long readingsDropped() {
        return readingsDropped;
    }

    /** New readings the full buffer refused because only data worth more was left. */
    public long readingsRefused() {
        return readingsRefused;
    }

    /** Gap markers written for dropped and refused readings. */
    public long gapMarkers() {
        return gapMarkers;
    }

    /** Bytes the buffer holds, as its cap counts them. */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** Of the buffered readings, those not yet in a batch. */
    public long pendingReadings() {
        return pendingReadings;
    }

    /** Readings waiting in the buffer for a PUBACK, in a batch or not yet. */
    public long bufferedReadings() {
        return bufferedReadings;
    }

    /** Sealed batches waiting in the buffer for a PUBACK. */
    public int bufferedBatches() {
        return bufferedBatches;
    }

    /** Whether the cloud broker connection is up. */
    public boolean connected() {
        return connected;
    }

    /** When the cloud broker last acknowledged a batch, epoch ms; 0 before the first PUBACK. */
    public long lastUploadAt() {
        return lastUploadAt;
    }

    /** The latest quality of each sensor whose readings came through the uplink. */
    public SensorStatuses sensors() {
        return sensors;
    }

    void uploaded(long at) {
        lastUploadAt = at;
    }

    void redeliverySkipped(int readings) {
        redeliveriesSkipped.incrementAndGet();
        readingsSkipped.addAndGet(readings);
    }

    void readingIn() {
        readingsIn.incrementAndGet();
    }

    void sealed(StoredBatch batch) {
        batchesSealed.incrementAndGet();
        lastSeq = batch.seq();
    }

    void published(boolean resend) {
        batchesPublished.incrementAndGet();
        if (resend) {
            batchesResent.incrementAndGet();
        }
    }

    void acked(StoredBatch batch) {
        batchesAcked.incrementAndGet();
        readingsAcked.addAndGet(batch.readings());
    }

    void publishFailed() {
        publishFailures.incrementAndGet();
    }

    void buffered(MessageStore store) {
        pendingReadings = store.pendingReadings();
        bufferedReadings = store.pendingReadings() + store.sealedReadings();
        bufferedBatches = store.sealedBatches();
        bufferedBytes = store.bytes();
        readingsDropped = store.droppedReadings();
        readingsRefused = store.refusedReadings();
        gapMarkers = store.gapMarkers();
    }

    void connected(boolean up) {
        connected = up;
    }
}
