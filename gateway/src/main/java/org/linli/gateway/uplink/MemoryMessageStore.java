package org.linli.gateway.uplink;

import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A {@link MessageStore} in the heap, bounded by a number of readings: when a new batch would take
 * it over {@code maxReadings}, the oldest batches are dropped first (the newest data is the most
 * useful once the link is back). A single batch larger than the bound is still kept, alone.
 * Batches are kept encoded (about 100 bytes a reading), so the default bound of 100,000 readings
 * needs about 10 MB. Lost when the process stops; a durable SQLite store comes in a later issue.
 *
 * <p>Not thread-safe: use it on one Vert.x context.
 */
public final class MemoryMessageStore implements MessageStore {
    private final long maxReadings;
    private final ArrayDeque<StoredBatch> batches = new ArrayDeque<>();
    private long readings;

    public MemoryMessageStore(long maxReadings) {
        if (maxReadings < 1) {
            throw new IllegalArgumentException("maxReadings must be 1 or more");
        }
        this.maxReadings = maxReadings;
    }

    @Override
    public Future<Dropped> append(StoredBatch batch) {
        int droppedBatches = 0;
        int droppedReadings = 0;
        while (!batches.isEmpty() && readings + batch.readings() > maxReadings) {
            StoredBatch oldest = batches.removeFirst();
            readings -= oldest.readings();
            droppedBatches++;
            droppedReadings += oldest.readings();
        }
        batches.addLast(batch);
        readings += batch.readings();
        return Future.succeededFuture(droppedBatches == 0 ? Dropped.NONE : new Dropped(droppedBatches, droppedReadings));
    }

    @Override
    public Future<List<StoredBatch>> oldest(int limit) {
        List<StoredBatch> out = new ArrayList<>(Math.min(limit, batches.size()));
        Iterator<StoredBatch> it = batches.iterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return Future.succeededFuture(out);
    }

    @Override
    public Future<Void> remove(StoredBatch batch) {
        // Acknowledgements come nearly in order, so the batch is almost always at the head.
        Iterator<StoredBatch> it = batches.iterator();
        while (it.hasNext()) {
            StoredBatch b = it.next();
            if (b.sameBatch(batch)) {
                it.remove();
                readings -= b.readings();
                break;
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public long readings() {
        return readings;
    }

    @Override
    public int batches() {
        return batches.size();
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
