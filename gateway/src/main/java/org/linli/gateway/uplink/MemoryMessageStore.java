package org.linli.gateway.uplink;

import io.vertx.core.Future;
import org.linli.wire.Reading;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link MessageStore} in the heap, with the same classes, cap, drop order and gap markers as
 * {@link SqliteMessageStore}, and lost when the process stops. For development, tests, and gateways
 * without a writable disk. Every future is already complete.
 *
 * <p>Not thread-safe: use it on one Vert.x context.
 */
public final class MemoryMessageStore implements MessageStore {
    private final DropPolicy policy;
    private final List<ArrayDeque<Reading>> pending = new ArrayList<>();
    private final long[] pendingBytes = new long[DataClass.values().length];
    private final ArrayDeque<StoredBatch> sealed = new ArrayDeque<>();
    private final Refusals refusals = new Refusals();
    /** Pending gap markers by reason, class and sensor, to merge the next round's into. */
    private final Map<String, Reading> openMarkers = new HashMap<>();
    private long pendingCount;
    private long sealedReadings;
    private long sealedBytes;
    private long dropped;
    private long refused;
    private long markers;
    private long skipped;
    private final RecentMessages recent = new RecentMessages(RecentMessages.CAPACITY);

    /** A store that drops by class once it holds more than {@code maxBytes}. */
    public MemoryMessageStore(long maxBytes) {
        this.policy = new DropPolicy(maxBytes);
        for (int i = 0; i < DataClass.values().length; i++) {
            pending.add(new ArrayDeque<>());
        }
    }

    @Override
    public Future<Void> open() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> forgetMessageKeys() {
        recent.clear();
        return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> add(List<Reading> readings, MessageKey source) {
        if (source != null) {
            boolean repeat = source.redelivered() && recent.contains(source.digest());
            recent.record(source.digest());
            recent.trim();
            if (repeat) {
                skipped++;
                return Future.succeededFuture(false);
            }
        }
        readings.forEach(this::add);
        return Future.succeededFuture(true);
    }

    @Override
    public Future<Void> add(Reading reading) {
        DataClass c = DataClass.of(reading);
        long size = DropPolicy.sizeOf(reading);
        DropPolicy.Plan plan = policy.plan(pendingBytes, bytes(), c, size);
        if (plan.refuse()) {
            refused++;
            refusals.add(reading, c);
            return Future.succeededFuture();
        }
        List<Refusals.Marker> markersToAdd = new ArrayList<>();
        for (DropPolicy.Cut cut : plan.cuts()) {
            ArrayDeque<Reading> queue = pending.get(cut.dataClass().ordinal());
            List<GapMarkers.Lost> gone = new ArrayList<>();
            long freed = 0;
            while (freed < cut.bytes() && !queue.isEmpty()) {
                Reading r = queue.pollFirst();
                long s = DropPolicy.sizeOf(r);
                freed += s;
                pendingBytes[cut.dataClass().ordinal()] -= s;
                pendingCount--;
                gone.add(GapMarkers.Lost.of(r));
            }
            dropped += gone.size();
            for (Reading m : GapMarkers.of(cut.dataClass(), gone, DROPPED)) {
                markersToAdd.add(new Refusals.Marker(cut.dataClass(), m));
            }
        }
        put(reading, c, size);
        markersToAdd.forEach(m -> putMarker(m, DROPPED));
        return Future.succeededFuture();
    }

    private static final String DROPPED = "buffer full: dropped";

    private void putMarker(Refusals.Marker m, String why) {
        String key = why + "/" + m.dataClass() + "/" + m.reading().sensor();
        ArrayDeque<Reading> status = pending.get(DataClass.STATUS.ordinal());
        Reading earlier = openMarkers.get(key);
        Reading marker = m.reading();
        if (earlier != null && status.removeFirstOccurrence(earlier)) {
            pendingBytes[DataClass.STATUS.ordinal()] -= DropPolicy.sizeOf(earlier);
            pendingCount--;
            marker = GapMarkers.merge(earlier, marker, m.dataClass(), why);
        } else {
            markers++;
        }
        openMarkers.put(key, marker);
        put(marker, DataClass.STATUS, DropPolicy.sizeOf(marker));
    }

    private void put(Reading reading, DataClass c, long size) {
        pending.get(c.ordinal()).addLast(reading);
        pendingBytes[c.ordinal()] += size;
        pendingCount++;
    }

    @Override
    public Future<List<StoredBatch>> seal(BatchSealer sealer, int maxReadings, long sentAt) {
        refusals.drain().forEach(m -> putMarker(m, Refusals.WHY));
        List<Reading> take = new ArrayList<>();
        DataClass[] classes = DataClass.values();
        for (int i = classes.length - 1; i >= 0 && take.size() < maxReadings; i--) {
            ArrayDeque<Reading> queue = pending.get(i);
            while (!queue.isEmpty() && take.size() < maxReadings) {
                Reading r = queue.pollFirst();
                pendingBytes[i] -= DropPolicy.sizeOf(r);
                pendingCount--;
                take.add(r);
            }
        }
        if (take.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        openMarkers.clear();
        List<StoredBatch> batches = sealer.seal(take, sentAt);
        for (StoredBatch b : batches) {
            sealed.addLast(b);
            sealedReadings += b.readings();
            sealedBytes += b.payload().length;
        }
        return Future.succeededFuture(batches);
    }

    @Override
    public Future<List<StoredBatch>> sealed(int limit) {
        List<StoredBatch> out = new ArrayList<>(Math.min(limit, sealed.size()));
        Iterator<StoredBatch> it = sealed.iterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return Future.succeededFuture(out);
    }

    @Override
    public Future<Void> remove(StoredBatch batch) {
        // Acknowledgements come nearly in order, so the batch is almost always at the head.
        Iterator<StoredBatch> it = sealed.iterator();
        while (it.hasNext()) {
            StoredBatch b = it.next();
            if (b.sameBatch(batch)) {
                it.remove();
                sealedReadings -= b.readings();
                sealedBytes -= b.payload().length;
                break;
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public long pendingReadings() {
        return pendingCount;
    }

    @Override
    public int sealedBatches() {
        return sealed.size();
    }

    @Override
    public long sealedReadings() {
        return sealedReadings;
    }

    @Override
    public long bytes() {
        long sum = sealedBytes;
        for (long b : pendingBytes) {
            sum += b;
        }
        return sum;
    }

    @Override
    public long droppedReadings() {
        return dropped;
    }

    @Override
    public long refusedReadings() {
        return refused;
    }

    @Override
    public long gapMarkers() {
        return markers;
    }

    @Override
    public long redeliveriesSkipped() {
        return skipped;
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
