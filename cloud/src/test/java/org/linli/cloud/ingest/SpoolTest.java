package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private static Spool.Entry entry(long seq, int points) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            lines.add("noise,sensor=s" + i + " laeq=60.0 " + (1_763_800_000_000L + seq * 1000 + i));
        }
        return new Spool.Entry("gw-01", "boot-a", seq, points, String.join("\n", lines));
    }

    @Test
    void shouldGiveBackWhatWasAppendedInOrder() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            spool.append(List.of(entry(1, 2), entry(2, 3)), 1000);
            spool.append(List.of(entry(3, 1)), 2000);

            List<Spool.Rec> head = spool.peek(100);
            assertEquals(List.of(1L, 2L, 3L), head.stream().map(Spool.Rec::seq).toList());
            assertEquals(6, spool.points());
            assertEquals(entry(2, 3).lines(), spool.lines(head.get(1)));
            assertEquals(1000, spool.oldestAppendedAt());
        }
    }

    @Test
    void shouldPeekWholeRecordsUpToTheLimitButAlwaysOne() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            spool.append(List.of(entry(1, 3), entry(2, 3), entry(3, 3)), 0);

            assertEquals(2, spool.peek(7).size());
            assertEquals(1, spool.peek(2).size());
        }
    }

    @Test
    void shouldKeepUntrimmedRecordsAcrossARestart() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            spool.append(List.of(entry(1, 1), entry(2, 1), entry(3, 1)), 0);
            spool.trim(spool.peek(1).get(0));
        }
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            assertEquals(List.of(2L, 3L), spool.records().stream().map(Spool.Rec::seq).toList());
            assertEquals(entry(3, 1).lines(), spool.lines(spool.records().get(1)));
        }
    }

    @Test
    void shouldCutOffATornRecordAtTheEnd() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            spool.append(List.of(entry(1, 1), entry(2, 1)), 0);
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(size - 5); // a crash in the middle of writing the second record
        }
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            assertEquals(List.of(1L), spool.records().stream().map(Spool.Rec::seq).toList());
            spool.append(List.of(entry(3, 1)), 0);
            assertEquals(List.of(1L, 3L), spool.records().stream().map(Spool.Rec::seq).toList());
        }
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            assertEquals(List.of(1L, 3L), spool.records().stream().map(Spool.Rec::seq).toList());
        }
    }

    @Test
    void shouldCutOffARecordWithABadChecksum() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            spool.append(List.of(entry(1, 1)), 0);
            spool.append(List.of(entry(2, 1)), 0);
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'X'}), Files.size(segment) - 3);
        }
        try (Spool spool = Spool.open(dir, MIB, MIB)) {
            assertEquals(List.of(1L), spool.records().stream().map(Spool.Rec::seq).toList());
        }
    }

    @Test
    void shouldRefuseAnAppendOverTheCapUnlessEmpty() throws Exception {
        try (Spool spool = Spool.open(dir, 2_000, MIB)) {
            spool.append(List.of(entry(1, 60)), 0); // over the cap alone: taken, the spool was empty
            assertTrue(spool.full());

            assertThrows(Spool.Full.class, () -> spool.append(List.of(entry(2, 1)), 0));
            assertEquals(1, spool.size());

            spool.trim(spool.peek(100).get(0));
            spool.append(List.of(entry(2, 1)), 0);
            assertEquals(1, spool.size());
        }
    }

    @Test
    void shouldDeleteSegmentsOnceTheirRecordsAreTrimmed() throws Exception {
        try (Spool spool = Spool.open(dir, MIB, 100)) {
            for (long seq = 1; seq <= 5; seq++) {
                spool.append(List.of(entry(seq, 2)), 0); // each append over 100 bytes: a segment each
            }
            assertEquals(5, segments());

            spool.trim(spool.records().get(2));

            assertEquals(2, segments());
            assertEquals(List.of(4L, 5L), spool.records().stream().map(Spool.Rec::seq).toList());
        }
        try (Spool spool = Spool.open(dir, MIB, 100)) {
            assertEquals(List.of(4L, 5L), spool.records().stream().map(Spool.Rec::seq).toList());
        }
    }

    private long segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }
}
