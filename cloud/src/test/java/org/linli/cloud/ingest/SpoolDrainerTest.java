package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolDrainerTest {
    private static final long MIB = 1024 * 1024;
    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T12:00:00Z"));
    private final IngestCounters counters = new IngestCounters(clock);
    private final List<String> written = new ArrayList<>();
    /** What the fake InfluxDB does with the next write: null takes it. */
    private RuntimeException failWith;

    @TempDir
    Path dir;

    private SpoolDrainer drainer(Spool spool, int maxPoints) {
        return new SpoolDrainer(spool, lines -> {
            if (failWith != null) {
                throw failWith;
            }
            if (lines.contains("refuse-me")) {
                throw new PointsRefusedException("partial write: field type conflict", null);
            }
            written.add(lines);
        }, maxPoints, Duration.ofSeconds(1), new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)), clock, counters,
                new LogThrottle(clock, Duration.ofMinutes(1)));
    }

    private static Spool.Entry entry(long seq, int points) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            lines.add("m,s=" + seq + " v=" + i + " " + i);
        }
        return new Spool.Entry("gw-01", "b", seq, points, String.join("\n", lines));
    }

    @Test
    void shouldWaitForAFullerBatchUntilTheDelayHasPassed() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            SpoolDrainer d = drainer(spool, 10);
            spool.append(List.of(entry(1, 3)), clock.millis());

            assertEquals(Duration.ofSeconds(1), d.step());
            clock.advance(Duration.ofMillis(400));
            assertEquals(Duration.ofMillis(600), d.step());
            assertTrue(written.isEmpty());

            clock.advance(Duration.ofMillis(600));
            assertEquals(Duration.ZERO, d.step());
            assertEquals(1, written.size());
            assertEquals(0, spool.size());
        }
    }

    @Test
    void shouldWriteAtOnceWhenABatchIsFullAndNeverMoreThanTheLimit() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            SpoolDrainer d = drainer(spool, 5);
            spool.append(List.of(entry(1, 2), entry(2, 2), entry(3, 2), entry(4, 2)), clock.millis());

            assertEquals(Duration.ZERO, d.step());
            assertEquals(4, written.get(0).lines().count(), "two whole batches, 4 points, as the third would pass 5");
            assertEquals(Duration.ofSeconds(1), d.step(), "4 points left: not a full batch, and young");
            clock.advance(Duration.ofSeconds(1));
            assertEquals(Duration.ZERO, d.step());
            assertEquals(2, written.size());
            assertEquals(0, spool.size());
            IngestStats.Storage s = counters.snapshot(List.of()).storage();
            assertEquals(2, s.writeBatches());
            assertEquals(4, s.writtenBatches());
            assertEquals(8, s.writtenPoints());
        }
    }

    @Test
    void shouldKeepEverythingSpooledWhileInfluxDbIsDownAndWriteItOnceItIsBack() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            SpoolDrainer d = drainer(spool, 5);
            spool.append(List.of(entry(1, 5)), clock.millis());
            failWith = new IllegalStateException("connection refused");

            assertEquals(Duration.ofSeconds(1), d.step());
            assertEquals(Duration.ofSeconds(2), d.step());
            assertTrue(d.failing());
            assertEquals(1, spool.size());
            assertEquals(2, counters.snapshot(List.of()).storage().writeFailures());

            failWith = null;
            assertEquals(Duration.ZERO, d.step());
            assertEquals(0, spool.size());
            assertEquals(1, written.size());
            assertTrue(!d.failing());
        }
    }

    @Test
    void shouldTrimOnlyOnceEveryEarlierWriteSucceeded() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            SpoolDrainer d = drainer(spool, 2);
            spool.append(List.of(entry(1, 2), entry(2, 2), entry(3, 2)), clock.millis());
            SpoolDrainer.Chunk first = (SpoolDrainer.Chunk) d.claim(false);
            SpoolDrainer.Chunk second = (SpoolDrainer.Chunk) d.claim(false);

            assertNull(d.write(second));
            assertEquals(3, spool.size(), "the second write is in, but the first is not yet");

            assertNull(d.write(first));
            assertEquals(1, spool.size());
            assertEquals(3L, spool.records().get(0).seq());
        }
    }

    @Test
    void shouldRetryAFailedWriteBeforeStartingANewOne() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            SpoolDrainer d = drainer(spool, 2);
            spool.append(List.of(entry(1, 2), entry(2, 2)), clock.millis());
            failWith = new IllegalStateException("connection refused");
            assertEquals(Duration.ofSeconds(1), d.step());
            failWith = null;

            SpoolDrainer.Chunk retried = (SpoolDrainer.Chunk) d.claim(false);

            assertEquals(1L, retried.recs.get(0).seq());
        }
    }

    @Test
    void shouldDropOnlyTheBatchInfluxDbRefusesAndStoreItsNeighbours() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            SpoolDrainer d = drainer(spool, 100);
            spool.append(List.of(entry(1, 1), new Spool.Entry("gw-01", "b", 2, 1, "refuse-me v=1 1"), entry(3, 1)),
                    clock.millis());

            assertEquals(Duration.ZERO, d.step(true));

            assertEquals(0, spool.size());
            assertEquals(2, written.size());
            assertEquals(1, counters.snapshot(List.of()).storeRefusals());
        }
    }
}
