package org.linli.cloud.ingest;

import org.linli.wire.RejectReason;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the ingest has done since start: batches and readings accepted (durably spooled), InfluxDB
 * writes and the spool's depth, duplicates dropped, gaps seen and
 * refusals per reason, with the last few refused payloads per reason so that someone can see what a
 * gateway is sending. Counts live in memory and start at zero with the process. Thread-safe: the ingest
 * worker writes, web requests read {@link #snapshot()}.
 */
public final class IngestCounters {
    /** Longest payload sample kept, in characters. */
    public static final int SAMPLE_CHARS = 512;
    /** Samples kept per reason. */
    public static final int SAMPLES_PER_REASON = 3;

    private final Clock clock;
    private long acceptedBatches;
    private long acceptedReadings;
    private long duplicates;
    private long lateBatches;
    private long gaps;
    private long skippedBatches;
    private long storeRefusals;
    private Instant lastAcceptedAt;
    private long writeBatches;
    private long writtenBatches;
    private long writtenPoints;
    private long writeFailures;
    private Instant lastWriteAt;
    private long spoolBatches;
    private long spoolPoints;
    private long spoolBytes;
    private long spoolFullWaits;
    private final EnumMap<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
    private final EnumMap<RejectReason, Deque<RejectSample>> samples = new EnumMap<>(RejectReason.class);

    public IngestCounters(Clock clock) {
        this.clock = clock;
        for (RejectReason reason : RejectReason.values()) {
            rejects.put(reason, 0L);
        }
    }

    /** A batch with {@code readings} readings was stored. */
    public synchronized void accepted(int readings) {
        acceptedBatches++;
        acceptedReadings += readings;
        lastAcceptedAt = clock.instant();
    }

    /** One InfluxDB write of {@code batches} spooled batches with {@code points} points succeeded. */
    public synchronized void written(int batches, int points) {
        writeBatches++;
        writtenBatches += batches;
        writtenPoints += points;
        lastWriteAt = clock.instant();
    }

    /** An InfluxDB write failed (unreachable or failing); it is tried again. */
    public synchronized void writeFailed() {
        writeFailures++;
    }

    /** What the spool holds now. */
    public synchronized void spoolDepth(long batches, long points, long bytes) {
        spoolBatches = batches;
        spoolPoints = points;
        spoolBytes = bytes;
    }

    /** The spool was full: the ingest worker waited, acknowledging nothing. */
    public synchronized void spoolFull() {
        spoolFullWaits++;
    }

    /** A batch was dropped because it had been stored before. */
    public synchronized void duplicate() {
        duplicates++;
    }

    /** A stored batch came after a higher number of its run. */
    public synchronized void late() {
        lateBatches++;
    }

    /** A run skipped {@code size} numbers. */
    public synchronized void gap(long size) {
        gaps++;
        skippedBatches += size;
    }

    /** InfluxDB refused (some of) the points of a batch as invalid; they are not retried. */
    public synchronized void storeRefused() {
        storeRefusals++;
    }

    /**
     * A message or a reading was refused.
     *
     * @param payload the message's payload, kept as a sample cut to {@link #SAMPLE_CHARS} characters
     */
    public synchronized void rejected(RejectReason reason, String topic, String detail, byte[] payload) {
        rejects.merge(reason, 1L, Long::sum);
        Deque<RejectSample> kept = samples.computeIfAbsent(reason, r -> new ArrayDeque<>());
        kept.addLast(new RejectSample(clock.instant(), topic, detail, sample(payload)));
        while (kept.size() > SAMPLES_PER_REASON) {
            kept.removeFirst();
        }
    }

    /** How many refusals for {@code reason} so far. */
    public synchronized long rejects(RejectReason reason) {
        return rejects.get(reason);
    }

    /** A consistent copy of every count; {@code recentGaps} comes from the sequence tracker. */
    public synchronized IngestStats snapshot(List<Gap> recentGaps) {
        Map<String, Long> byCode = new LinkedHashMap<>();
        rejects.forEach((reason, n) -> byCode.put(reason.code(), n));
        Map<String, List<RejectSample>> samplesByCode = new LinkedHashMap<>();
        samples.forEach((reason, kept) -> samplesByCode.put(reason.code(), List.copyOf(kept)));
        return new IngestStats(acceptedBatches, acceptedReadings, duplicates, lateBatches, gaps, skippedBatches,
                storeRefusals, byCode, samplesByCode, recentGaps, lastAcceptedAt,
                new IngestStats.Storage(spoolBatches, spoolPoints, spoolBytes, spoolFullWaits, writeBatches,
                        writtenBatches, writtenPoints, writeFailures, lastWriteAt));
    }

    /**
     * The payload as text for a person to read (bytes that are not UTF-8 show as U+FFFD), cut to
     * {@link #SAMPLE_CHARS} characters with a note of the full size.
     */
    static String sample(byte[] payload) {
        // A UTF-8 character is at most 4 bytes: decoding this much always yields enough characters.
        int decoded = Math.min(payload.length, SAMPLE_CHARS * 4);
        String text = new String(payload, 0, decoded, StandardCharsets.UTF_8);
        if (text.length() > SAMPLE_CHARS || decoded < payload.length) {
            return text.substring(0, Math.min(text.length(), SAMPLE_CHARS)) + "… (" + payload.length + " bytes)";
        }
        return text;
    }
}
