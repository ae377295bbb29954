package org.linli.gateway.uplink;

import org.junit.jupiter.api.Test;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;
import org.linli.wire.WireException;
import org.linli.wire.WireLimits;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchSealerTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final String BOOT = "0b6f5a7e-8d1c-4c55-9f0e-2a4b6c8d0e1f";
    private final WireCodec codec = new WireCodec();

    @Test
    void shouldNumberBatchesOneTwoThree() throws WireException {
        BatchSealer sealer = new BatchSealer("huayuan", "gw-01", BOOT, codec, WireLimits.MAX_BYTES);

        StoredBatch first = sealer.seal(readings(2), T0).get(0);
        StoredBatch second = sealer.seal(readings(1), T0 + 1000).get(0);

        assertEquals(1, first.seq());
        assertEquals(2, second.seq());
        assertEquals(2, sealer.lastSeq());
    }

    @Test
    void shouldEncodeABatchTheCloudCanDecode() throws WireException {
        BatchSealer sealer = new BatchSealer("huayuan", "gw-01", BOOT, codec, WireLimits.MAX_BYTES);

        StoredBatch stored = sealer.seal(readings(2), T0).get(0);
        ReadingBatch batch = codec.decode(stored.payload());

        assertEquals(new ReadingBatch(WireCodec.VERSION, "huayuan", "gw-01", BOOT, 1, T0, readings(2)), batch);
        assertEquals(2, stored.readings());
        assertEquals(BOOT, stored.bootId());
    }

    @Test
    void shouldSplitABatchThatWouldExceedTheByteLimitKeepingOrderAndSeq() throws WireException {
        BatchSealer sealer = new BatchSealer("huayuan", "gw-01", BOOT, codec, 1_000);
        List<Reading> readings = readings(40);

        List<StoredBatch> sealed = sealer.seal(readings, T0);

        assertTrue(sealed.size() > 1);
        List<Reading> decoded = new ArrayList<>();
        for (int i = 0; i < sealed.size(); i++) {
            assertTrue(sealed.get(i).payload().length <= 1_000);
            ReadingBatch batch = codec.decode(sealed.get(i).payload());
            assertEquals(i + 1, batch.seq());
            decoded.addAll(batch.readings());
        }
        assertEquals(readings, decoded);
    }

    @Test
    void shouldSplitTheLargestBatchTheConfigAllowsBelowTheWireLimit() {
        BatchSealer sealer = new BatchSealer("huayuan", "gw-01", BOOT, codec, WireLimits.MAX_BYTES);

        List<StoredBatch> sealed = sealer.seal(readings(WireLimits.MAX_READINGS), T0);

        assertTrue(sealed.stream().allMatch(b -> b.payload().length <= WireLimits.MAX_BYTES));
        assertEquals(WireLimits.MAX_READINGS, sealed.stream().mapToInt(StoredBatch::readings).sum());
    }

    static List<Reading> readings(int n) {
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Reading.of("sensor-" + (i % 7), T0 + i, "occupied", i % 2, "bool"));
        }
        return out;
    }
}
