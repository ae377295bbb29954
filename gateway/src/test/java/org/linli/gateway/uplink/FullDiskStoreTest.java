package org.linli.gateway.uplink;

import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.wire.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.linli.gateway.uplink.MemoryMessageStoreTest.readings;
import static org.linli.gateway.uplink.MemoryMessageStoreTest.sealer;
import static org.linli.gateway.uplink.SqliteMessageStoreTest.get;

/**
 * The SQLite store on a disk that fills up long before the store's cap: a 4 MiB tmpfs under a 256 MiB
 * cap. Needs root (to mount); skipped otherwise.
 */
class FullDiskStoreTest {
    private static final Logger LOG = LoggerFactory.getLogger(FullDiskStoreTest.class);
    private static final int PER_SENSOR = 20_000;
    private static final long CAP = 256L << 20;
    private static final List<String> SENSORS = List.of("slm-1", "slm-2", "slm-3");

    @TempDir
    Path dir;

    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a 4 MiB tmpfs (running as "
                + System.getProperty("user.name") + ")");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "cannot mount a tmpfs: " + out);
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldTreatAFullDiskAsAFullBufferAndAccountForEveryDroppedReading() throws Exception {
        SqliteMessageStore store = new SqliteMessageStore(dir.resolve("buffer.db"), CAP, Duration.ofMillis(10));
        get(store.open());
        try {
            assertTrue(store.hasReserve(), "a reserve beside the file");
            for (int round = 0; round < 2; round++) {
                long droppedBefore = store.droppedReadings() + store.refusedReadings();
                long first = (long) round * PER_SENSOR * SENSORS.size();
                fill(store, first);
                long dropped = store.droppedReadings() + store.refusedReadings() - droppedBefore;
                LOG.info("full disk, round {}: {} dropped, {} refused, {} gap markers, {} pending, {} bytes counted, cap {}", round + 1,
                        store.droppedReadings(), store.refusedReadings(), store.gapMarkers(), store.pendingReadings(), store.bytes(),
                        store.cap());
                assertTrue(dropped > 0, "the 4 MiB disk was full long before the cap");
                assertTrue(store.cap() < CAP, "the full disk lowered the cap: " + store.cap());

                List<Reading> drained = drain(store);
                assertEquals(dropped, accountFor(drained, first), "the store's counters agree with the gap markers");
                assertEquals(CAP, store.cap(), "drained: the configured cap again");
                assertTrue(store.hasReserve(), "drained: the file shrunk and the reserve is back");
            }
            get(store.add(Readings.telemetry("pir-1", 1)));
            assertEquals(1, store.pendingReadings(), "the store goes on storing after the disk was full");
        } finally {
            get(store.close());
        }
    }

    /** Adds PER_SENSOR readings of each sensor, numbered from {@code first}; every add must succeed. */
    private static void fill(SqliteMessageStore store, long first) throws Exception {
        List<Future<Boolean>> added = new ArrayList<>();
        for (int i = 0; i < PER_SENSOR * SENSORS.size(); i++) {
            added.add(store.add(List.of(Readings.aggregate(SENSORS.get(i % SENSORS.size()), (int) (first + i))), null));
            if (added.size() == 400) {
                get(Future.all(added));
                added.clear();
            }
        }
        get(Future.all(added));
    }

    private static List<Reading> drain(SqliteMessageStore store) throws Exception {
        List<Reading> drained = new ArrayList<>();
        for (List<StoredBatch> b = get(store.seal(sealer(), 500, Readings.T0)); !b.isEmpty();
             b = get(store.seal(sealer(), 500, Readings.T0))) {
            drained.addAll(readings(b));
            for (StoredBatch batch : b) {
                get(store.remove(batch));
            }
        }
        assertEquals(0, store.pendingReadings() + store.sealedReadings(), "drained");
        return drained;
    }

    /**
     * Checks that every reading numbered from {@code first} was drained once or lies inside a gap
     * marker of its sensor, and that the markers count exactly the missing ones.
     *
     * @return how many the markers count
     */
    private static long accountFor(List<Reading> drained, long first) {
        Map<String, Set<Long>> kept = new HashMap<>();
        Map<String, Long> markedDropped = new HashMap<>();
        Map<String, List<long[]>> markedRanges = new HashMap<>();
        for (Reading r : drained) {
            if (r.values().containsKey(DataClass.DROPPED)) {
                markedDropped.merge(r.sensor(), (long) (double) r.values().get(DataClass.DROPPED), Long::sum);
                markedRanges.computeIfAbsent(r.sensor(), k -> new ArrayList<>()).add(new long[] {
                    (long) (double) r.values().get("droppedFrom"), (long) (double) r.values().get("droppedTo")});
            } else {
                assertTrue(kept.computeIfAbsent(r.sensor(), k -> new HashSet<>()).add(r.ts()), "kept once: " + r);
            }
        }
        long markedTotal = 0;
        for (int s = 0; s < SENSORS.size(); s++) {
            String sensor = SENSORS.get(s);
            Set<Long> k = kept.getOrDefault(sensor, Set.of());
            long missing = 0;
            for (long i = first + s; i < first + (long) PER_SENSOR * SENSORS.size(); i += SENSORS.size()) {
                long ts = Readings.T0 + i;
                if (!k.contains(ts)) {
                    missing++;
                    assertTrue(markedRanges.getOrDefault(sensor, List.of()).stream().anyMatch(m -> m[0] <= ts && ts <= m[1]),
                            sensor + ": the lost reading at " + ts + " lies inside one of its gap markers");
                }
            }
            assertEquals(missing, markedDropped.getOrDefault(sensor, 0L).longValue(),
                    sensor + ": the gap markers count exactly the readings that are missing");
            markedTotal += missing;
        }
        return markedTotal;
    }
}
