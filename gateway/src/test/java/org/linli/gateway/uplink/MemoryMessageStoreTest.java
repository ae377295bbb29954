package org.linli.gateway.uplink;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemoryMessageStoreTest {
    private static final String BOOT = "boot-1";

    @Test
    void shouldGiveBatchesBackOldestFirst() {
        MemoryMessageStore store = new MemoryMessageStore(100);
        store.append(batch(1, 10));
        store.append(batch(2, 10));
        store.append(batch(3, 10));

        assertEquals(List.of(1L, 2L), seqs(store.oldest(2).result()));
    }

    @Test
    void shouldForgetABatchOnceAcknowledged() {
        MemoryMessageStore store = new MemoryMessageStore(100);
        store.append(batch(1, 10));
        store.append(batch(2, 5));

        store.remove(batch(1, 10));

        assertEquals(List.of(2L), seqs(store.oldest(10).result()));
        assertEquals(5, store.readings());
    }

    @Test
    void shouldIgnoreAnAcknowledgementForABatchItNoLongerHolds() {
        MemoryMessageStore store = new MemoryMessageStore(100);
        store.append(batch(2, 10));

        store.remove(batch(1, 10));

        assertEquals(1, store.batches());
    }

    @Test
    void shouldDropTheOldestBatchesWhenFull() {
        MemoryMessageStore store = new MemoryMessageStore(25);
        store.append(batch(1, 10));
        store.append(batch(2, 10));

        MessageStore.Dropped dropped = store.append(batch(3, 10)).result();

        assertEquals(new MessageStore.Dropped(1, 10), dropped);
        assertEquals(List.of(2L, 3L), seqs(store.oldest(10).result()));
        assertEquals(20, store.readings());
    }

    @Test
    void shouldKeepABatchLargerThanTheBoundAlone() {
        MemoryMessageStore store = new MemoryMessageStore(5);
        store.append(batch(1, 3));

        MessageStore.Dropped dropped = store.append(batch(2, 8)).result();

        assertEquals(new MessageStore.Dropped(1, 3), dropped);
        assertEquals(List.of(2L), seqs(store.oldest(10).result()));
    }

    @Test
    void shouldTellBatchesOfDifferentBootsApart() {
        MemoryMessageStore store = new MemoryMessageStore(100);
        store.append(new StoredBatch("boot-0", 1, 1, new byte[0]));
        store.append(batch(1, 1));

        store.remove(batch(1, 1));

        assertEquals("boot-0", store.oldest(10).result().get(0).bootId());
        assertEquals(1, store.batches());
    }

    private static StoredBatch batch(long seq, int readings) {
        return new StoredBatch(BOOT, seq, readings, new byte[0]);
    }

    private static List<Long> seqs(List<StoredBatch> batches) {
        return batches.stream().map(StoredBatch::seq).toList();
    }
}
