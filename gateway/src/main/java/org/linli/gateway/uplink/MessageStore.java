package org.linli.gateway.uplink;

import io.vertx.core.Future;

import java.util.List;

/**
 * The uplink's buffer: encoded batches waiting for the cloud broker's PUBACK, oldest first. A batch
 * leaves it only when acknowledged, or when it is dropped to keep the buffer within its bound.
 *
 * <p>Implementations: {@link MemoryMessageStore} now, which loses its batches when the process
 * stops; a durable SQLite store that keeps them across restarts and power cuts comes in a later
 * issue, which is why every operation returns a {@link Future} (its statements will run on a worker
 * thread). Callers use a store from one Vert.x context and chain its futures in order.
 */
public interface MessageStore {

    /**
     * What {@link #append} had to drop, oldest first, to stay within the bound.
     *
     * @param batches  batches dropped
     * @param readings readings in them
     */
    record Dropped(int batches, int readings) {
        public static final Dropped NONE = new Dropped(0, 0);
    }

    /** Adds {@code batch} as the newest, dropping the oldest batches if the bound would be exceeded. */
    Future<Dropped> append(StoredBatch batch);

    /** Up to {@code limit} of the oldest batches, oldest first. */
    Future<List<StoredBatch>> oldest(int limit);

    /** Removes {@code batch} once acknowledged; no-op if it is no longer stored (e.g. dropped meanwhile). */
    Future<Void> remove(StoredBatch batch);

    /** Readings in the stored batches. */
    long readings();

    /** Stored batches. */
    int batches();

    /** Releases the store. */
    Future<Void> close();
}
