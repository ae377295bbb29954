package org.linli.cloud.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A consistent copy of the {@link IngestCounters}.
 *
 * @param acceptedBatches  batches accepted: durably in the spool, on their way to InfluxDB
 * @param acceptedReadings readings accepted
 * @param duplicates       batches dropped because they were stored before
 * @param lateBatches      batches stored that came after a higher number of their run
 * @param gaps             times a run skipped numbers
 * @param skippedBatches   numbers skipped in all those gaps
 * @param storeRefusals    batches whose points InfluxDB refused as invalid (e.g. a field type conflict)
 * @param rejects          refused messages and readings by {@link org.linli.wire.RejectReason#code()}, every
 *                         reason present, in the enum's order
 * @param samples          the last few refused payloads by reason code, oldest first; only reasons with samples
 * @param recentGaps       the last gaps, oldest first
 * @param lastAcceptedAt   when the last batch was accepted, null if none yet
 * @param storage          the spool and the InfluxDB writes
 */
public record IngestStats(long acceptedBatches, long acceptedReadings, long duplicates, long lateBatches, long gaps,
                          long skippedBatches, long storeRefusals, Map<String, Long> rejects, Map<String, List<RejectSample>> samples,
                          List<Gap> recentGaps, Instant lastAcceptedAt, Storage storage) {

    /**
     * The spool and the writes from it to InfluxDB.
     *
     * @param spoolBatches   batches accepted and not yet in InfluxDB
     * @param spoolPoints    their points
     * @param spoolBytes     their size in the spool
     * @param spoolFullWaits times the spool was full and acknowledgements waited (backpressure)
     * @param writeBatches   InfluxDB write requests that succeeded
     * @param writtenBatches MQTT batches they carried
     * @param writtenPoints  points they carried
     * @param writeFailures  write requests that failed and were retried
     * @param lastWriteAt    when the last write succeeded, null if none yet
     */
    public record Storage(long spoolBatches, long spoolPoints, long spoolBytes, long spoolFullWaits,
                          long writeBatches, long writtenBatches, long writtenPoints, long writeFailures,
                          Instant lastWriteAt) {
    }

    public IngestStats {
        rejects = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rejects));
        samples = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(samples));
        recentGaps = List.copyOf(recentGaps);
    }

    /** All refusals, whatever the reason. */
    public long rejectedTotal() {
        return rejects.values().stream().mapToLong(Long::longValue).sum();
    }
}
