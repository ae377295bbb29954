package org.linli.gateway.uplink;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The digests of the last source messages whose readings were stored, newest last, so that a
 * message the broker delivers again is not stored twice. Pure bookkeeping: the SQLite store keeps a
 * copy of it in a table, written in the same transaction as the readings, and loads it on open.
 *
 * <p><b>Bounded by count, and why that bound is exact.</b> A redelivery can only be of a message the
 * broker still counts as in flight to the gateway, and it never has more of those than the receive
 * maximum the gateway announced when it connected (the MQTT 5 Receive Maximum; the LAN link sends
 * {@link #LAN_RECEIVE_MAXIMUM}). Stored but unacknowledged messages are always the newest stored
 * ones: acknowledgements leave in commit order on one TCP stream, so if one is lost, every later one
 * is too. So the messages that can come back are among the newest {@code receiveMaximum} entries,
 * with a margin for the few entries a message touches again (a matched redelivery moves its entry to
 * the newest end, so a second crash while handling it still finds it). A time bound would be the
 * wrong one: a gateway may stay dead for up to the session's expiry (an hour) and the broker then
 * delivers its in-flight messages however old they are; and keeping keys longer than needed only
 * widens the one way this can go wrong, a redelivered message that was never stored whose content
 * equals an older stored one.
 *
 * <p>Not thread-safe: the owning store uses it on one thread.
 */
public final class RecentMessages {
    /**
     * The Receive Maximum the gateway announces to its LAN broker: at most this many unacknowledged
     * QoS 1 messages to it at once. It lets the gateway's commits group up to
     * {@link SqliteMessageStore#GROUP_MAX} messages whatever the broker's own default (Mosquitto: 20),
     * with the next group arriving while one commits; more would only keep more messages alive in
     * the heap (and promote them to the old generation) for no gain.
     */
    public static final int LAN_RECEIVE_MAXIMUM = 500;
    /** Entries kept: the receive maximum four times over. */
    public static final int CAPACITY = 4 * LAN_RECEIVE_MAXIMUM;

    private final int capacity;
    /** digest → row id, in row id order (a touched entry is removed and put back with a new id). */
    private final LinkedHashMap<Long, Long> entries = new LinkedHashMap<>();
    private long nextId = 1;

    /** @param capacity entries kept, at least 1 */
    public RecentMessages(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** Whether the readings of a message with this digest were stored recently. */
    public boolean contains(long digest) {
        return entries.containsKey(digest);
    }

    /**
     * Records that the message with {@code digest} was stored (or matched again), as the newest entry.
     *
     * @return the row id given to it, and the one it had before (or -1)
     */
    public Recorded record(long digest) {
        Long before = entries.remove(digest);
        long id = nextId++;
        entries.put(digest, id);
        return new Recorded(id, before == null ? -1 : before);
    }

    /**
     * Forgets the oldest entries beyond the capacity.
     *
     * @return the smallest row id still kept: every row below it may be deleted; 0 when nothing is kept
     */
    public long trim() {
        Iterator<Map.Entry<Long, Long>> it = entries.entrySet().iterator();
        while (entries.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
        }
        return entries.isEmpty() ? 0 : entries.values().iterator().next();
    }

    /** Puts back an entry read from the store, in ascending row id order; the next id follows the highest. */
    public void load(long id, long digest) {
        entries.remove(digest);
        entries.put(digest, id);
        nextId = Math.max(nextId, id + 1);
    }

    /** Forgets everything (before a reload after a failed transaction). */
    public void clear() {
        entries.clear();
    }

    /** Entries kept. */
    public int size() {
        return entries.size();
    }

    /** The capacity. */
    public int capacity() {
        return capacity;
    }

    /**
     * @param id     the row id now
     * @param before the row id it had before, -1 if it was not kept
     */
    public record Recorded(long id, long before) {
    }
}
