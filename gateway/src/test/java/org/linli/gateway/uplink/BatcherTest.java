package org.linli.gateway.uplink;

import org.junit.jupiter.api.Test;
import org.linli.wire.Reading;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatcherTest {
    private static final long T0 = 1_763_800_000_000L;

    @Test
    void shouldHoldReadingsUntilTheBatchIsFull() {
        Batcher batcher = new Batcher(3);

        assertTrue(batcher.add(reading(0)).isEmpty());
        assertTrue(batcher.add(reading(1)).isEmpty());

        assertEquals(2, batcher.waiting());
    }

    @Test
    void shouldHandOverAFullBatchInArrivalOrder() {
        Batcher batcher = new Batcher(3);
        batcher.add(reading(0));
        batcher.add(reading(1));

        List<Reading> full = batcher.add(reading(2));

        assertEquals(List.of(reading(0), reading(1), reading(2)), full);
        assertEquals(0, batcher.waiting());
    }

    @Test
    void shouldDrainWhatWaitsWhenTheDelayIsUp() {
        Batcher batcher = new Batcher(200);
        batcher.add(reading(0));

        assertEquals(List.of(reading(0)), batcher.drain());
        assertEquals(List.of(), batcher.drain());
    }

    @Test
    void shouldSendEveryReadingAloneWithABatchSizeOfOne() {
        Batcher batcher = new Batcher(1);

        assertEquals(List.of(reading(0)), batcher.add(reading(0)));
    }

    @Test
    void shouldRefuseABatchSizeBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new Batcher(0));
    }

    static Reading reading(int i) {
        return Reading.of("pir-1", T0 + i, "occupied", i % 2, "bool");
    }
}
