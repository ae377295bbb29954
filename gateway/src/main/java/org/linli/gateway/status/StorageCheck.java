package org.linli.gateway.status;

import org.linli.wire.CommissioningReport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether the SD card (or whatever holds the buffer) can keep up: writes, fsyncs and deletes a
 * 64 KiB file 20 times and judges the median latency. A worn or counterfeit card shows here as
 * hundreds of milliseconds per fsync. {@link #measure} blocks: call it from a worker thread.
 */
public final class StorageCheck {
    /** Files written. */
    public static final int TIMES = 20;
    /** Size of each. */
    public static final int BYTES = 64 * 1024;
    /** A median above this fails the check. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofMillis(200);

    private StorageCheck() {
    }

    /** Writes, fsyncs and deletes {@code times} files of {@code bytes} in {@code dir}; one latency per file. */
    public static List<Duration> measure(Path dir, int times, int bytes) throws IOException {
        Files.createDirectories(dir);
        byte[] data = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(data);
        List<Duration> samples = new ArrayList<>(times);
        for (int i = 0; i < times; i++) {
            Path file = dir.resolve(".linli-storage-check-" + i + ".tmp");
            long start = System.nanoTime();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            } finally {
                Files.deleteIfExists(file);
            }
            samples.add(Duration.ofNanos(System.nanoTime() - start));
        }
        return samples;
    }

    /** The check's result for {@code samples}: fails when the median is above {@code threshold}. */
    public static CommissioningReport.CheckResult judge(List<Duration> samples, Duration threshold, Path dir) {
        if (samples.isEmpty()) {
            return new CommissioningReport.CheckResult("storage", CommissioningReport.Outcome.FAIL, "no sample in " + dir);
        }
        List<Duration> sorted = samples.stream().sorted().toList();
        Duration median = sorted.get(sorted.size() / 2);
        Duration max = sorted.get(sorted.size() - 1);
        boolean pass = median.compareTo(threshold) <= 0;
        String figure = String.format(Locale.ROOT, "median %.1f ms, max %.1f ms (%d x %d KiB write+fsync in %s; limit %d ms)",
                median.toNanos() / 1e6, max.toNanos() / 1e6, samples.size(), BYTES / 1024, dir, threshold.toMillis());
        return new CommissioningReport.CheckResult("storage",
                pass ? CommissioningReport.Outcome.PASS : CommissioningReport.Outcome.FAIL, figure);
    }
}
