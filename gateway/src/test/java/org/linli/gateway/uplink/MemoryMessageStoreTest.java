package org.linli.gateway.uplink;

import org.junit.jupiter.api.Test;
import org.linli.wire.Reading;
import org.linli.wire.WireCodec;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryMessageStoreTest {
    private static final WireCodec CODEC = new WireCodec();

    @Test
    void shouldSealTheHighestClassFirstAndOldestFirstWithinAClass() throws Exception {
        MemoryMessageStore store = new MemoryMessageStore(100_000);
        store.add(Readings.telemetry("pir-1", 1));
        store.add(Readings.rawNoise("n1", 2));
        store.add(Readings.status("pir-2", 3));
        store.add(Readings.meal("canteen-1", 4));
        store.add(Readings.telemetry("pir-1", 5));
        store.add(Readings.aggregate("slm-1", 6));

        List<StoredBatch> batches = store.seal(sealer(), 10, Readings.T0).result();

        assertEquals(List.of("canteen-1", "pir-2", "pir-1", "pir-1", "slm-1", "n1"), sensors(batches));
        assertEquals(0, store.pendingReadings());
        assertEquals(6, store.sealedReadings());
    }

    @Test
    void shouldAcknowledgeARedeliveredMessageWithoutStoringItAgain() {
        MemoryMessageStore store = new MemoryMessageStore(100_000);
        store.add(List.of(Readings.telemetry("pir-1", 1)), new MessageKey(42, false));

        boolean again = store.add(List.of(Readings.telemetry("pir-1", 2)), new MessageKey(42, true)).result();
        boolean sameDigestAsANewMessage = store.add(List.of(Readings.telemetry("pir-1", 3)), new MessageKey(42, false)).result();

        assertFalse(again);
        assertTrue(sameDigestAsANewMessage, "not marked as a possible repeat: always stored");
        assertEquals(2, store.pendingReadings());
        assertEquals(1, store.redeliveriesSkipped());
    }

    @Test
    void shouldForgetABatchOnceAcknowledged() {
        MemoryMessageStore store = new MemoryMessageStore(100_000);
        for (int i = 0; i < 5; i++) {
            store.add(Readings.reading(i));
        }
        BatchSealer sealer = sealer();
        StoredBatch first = store.seal(sealer, 3, Readings.T0).result().get(0);
        StoredBatch second = store.seal(sealer, 3, Readings.T0).result().get(0);

        store.remove(first);

        assertEquals(List.of(2L), store.sealed(10).result().stream().map(StoredBatch::seq).toList());
        assertEquals(1, store.sealedBatches());
        assertEquals(second.payload().length, store.bytes());
    }

    @Test
    void shouldDropRawNoiseBeforeTelemetryAndLeaveAGapMarker() throws Exception {
        MemoryMessageStore store = new MemoryMessageStore(2000);
        for (int i = 0; i < 60; i++) {
            store.add(i % 6 == 0 ? Readings.telemetry("pir-1", i) : Readings.rawNoise("n1", i));
        }

        List<Reading> all = readings(store.seal(sealer(), 1000, Readings.T0).result());

        assertTrue(store.droppedReadings() > 0);
        assertEquals(10, all.stream().filter(r -> r.sensor().equals("pir-1") && r.values().containsKey("occupied")).count(),
                "no telemetry dropped");
        List<Reading> markers = all.stream().filter(r -> r.values().containsKey("dropped")).toList();
        long keptNoise = all.stream().filter(r -> r.values().containsKey("la")).count();
        assertEquals(50, keptNoise + markers.stream().mapToDouble(r -> r.values().get("dropped")).sum(),
                "every raw-noise reading is either kept or counted by a marker");
        assertEquals(1, markers.size(), "one marker, merged over the drop rounds: " + markers);
        assertEquals("n1", markers.get(0).sensor());
        assertEquals(Readings.T0 + 1, (long) (double) markers.get(0).values().get("droppedFrom"), "oldest first");
    }

    @Test
    void shouldRefuseNewNonCanteenDataWhenOnlyCanteenRecordsRemainAndSaySo() throws Exception {
        MemoryMessageStore store = new MemoryMessageStore(1000);
        for (int i = 0; i < 20; i++) {
            store.add(Readings.meal("canteen-1", i));
        }
        store.add(Readings.telemetry("pir-1", 100));
        store.add(Readings.telemetry("pir-1", 101));

        List<Reading> all = readings(store.seal(sealer(), 1000, Readings.T0).result());

        assertEquals(20, all.stream().filter(r -> r.values().containsKey("meal")).count(), "canteen kept over the cap");
        assertEquals(2, store.refusedReadings());
        Reading marker = all.stream().filter(r -> r.values().containsKey("dropped")).findFirst().orElseThrow();
        assertEquals("pir-1", marker.sensor());
        assertEquals(2.0, marker.values().get("dropped"));
        assertTrue(marker.message().startsWith("buffer full of higher-class data: refused: 2 telemetry readings"),
                marker.message());
    }

    static BatchSealer sealer() {
        return new BatchSealer("huayuan", "gw-01", "boot-1", CODEC, 1024 * 1024);
    }

    static List<Reading> readings(List<StoredBatch> batches) throws Exception {
        List<Reading> out = new ArrayList<>();
        for (StoredBatch b : batches) {
            out.addAll(CODEC.decode(b.payload()).readings());
        }
        return out;
    }

    private static List<String> sensors(List<StoredBatch> batches) throws Exception {
        return readings(batches).stream().map(Reading::sensor).toList();
    }
}
