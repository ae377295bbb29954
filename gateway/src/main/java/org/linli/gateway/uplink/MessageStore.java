package org.linli.gateway.uplink;

import io.vertx.core.Future;
import org.linli.wire.Reading;

import java.util.List;

/**
 * The uplink's buffer: every reading from the moment a driver hands it over until the cloud broker's
 * PUBACK for the batch that carries it.
 *
 * <p>A reading lives in two stages. <b>Pending</b>: stored with its {@link DataClass}, not yet in a
 * batch; a full buffer may drop it by {@link DropPolicy}, leaving a {@link GapMarkers gap marker}.
 * <b>Sealed</b>: in a numbered batch ({@code bootId}, {@code seq}) that may already be on the wire;
 * from then on its bytes never change, it is never dropped, and it is deleted only after its PUBACK.
 * Batches are sealed lazily, only when the uplink can send them, so while the cloud is away almost
 * everything stays pending and droppable by class.
 *
 * <p>Implementations: {@link SqliteMessageStore} (durable: survives restarts and power cuts) and
 * {@link MemoryMessageStore} (the heap, for development and tests). Every operation returns a
 * {@link Future} completed on the caller's Vert.x context; callers use a store from one context.
 */
public interface MessageStore {

    /** Opens the store; the first call before any other. Fails if it cannot be opened. */
    Future<Void> open();

    /**
     * Stores {@code reading} as pending. The future completes once the reading is as safe as the
     * store can make it (for SQLite: committed and synced to disk), which is when its sender may be
     * acknowledged. A reading the full buffer refuses also completes the future (counted in
     * {@link #refusedReadings()}): it must be acknowledged all the same, or the LAN broker would
     * deliver it again for ever.
     */
    Future<Void> add(Reading reading);

    /**
     * Stores the readings made from one source message, in one transaction with a note of the
     * message's key, unless the message is a {@linkplain MessageKey#redelivered() redelivery} of one
     * whose key is still among the {@link RecentMessages recent ones}: then nothing is stored (the
     * readings are already in the buffer, under their first arrival time) and the key is noted again.
     * Completes like {@link #add(Reading)}, once it is safe to acknowledge the message, with
     * {@code true} if the readings were stored and {@code false} if they were skipped as a repeat.
     *
     * @param readings what the message made; may be empty (then only the key is noted)
     * @param source   the message's key; null for readings without one (no check, no note)
     */
    Future<Boolean> add(List<Reading> readings, MessageKey source);

    /**
     * Forgets every noted message key: the source started a new session (MQTT CONNACK without a
     * session), so no message stored before can be delivered again, and its packet ids start over;
     * an old key could otherwise match a new message. Completes once that is committed.
     */
    Future<Void> forgetMessageKeys();

    /**
     * Seals up to {@code maxReadings} pending readings into batches with {@code sealer} and keeps
     * them: the highest {@link DataClass} first, oldest first within a class. Completes with the new
     * batches (empty when nothing is pending) once they are stored; only then may they be published.
     */
    Future<List<StoredBatch>> seal(BatchSealer sealer, int maxReadings, long sentAt);

    /** Up to {@code limit} sealed, unacknowledged batches of any boot, in the order they were sealed. */
    Future<List<StoredBatch>> sealed(int limit);

    /** Deletes {@code batch} after its PUBACK; a no-op if it is not stored. */
    Future<Void> remove(StoredBatch batch);

    /** Readings stored and not yet sealed. */
    long pendingReadings();

    /** Sealed batches waiting for their PUBACK. */
    int sealedBatches();

    /** Readings in those batches. */
    long sealedReadings();

    /** Bytes held, as {@link DropPolicy#sizeOf} counts them, plus the sealed batches' payloads. */
    long bytes();

    /** Readings dropped since start to stay within the cap (their gap markers are not counted). */
    long droppedReadings();

    /** New readings refused since start because only data worth more was left. */
    long refusedReadings();

    /** Gap markers written since start. */
    long gapMarkers();

    /** Source messages skipped since start because they were redeliveries of messages already stored. */
    long redeliveriesSkipped();

    /** Releases the store after the operations already asked for. */
    Future<Void> close();
}
