package org.linli.cloud.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A consistent copy of the {@link IngestCounters}.
 *
 * @param acceptedBatches  batches stored
 * @param acceptedReadings readings stored
 * @param duplicates       batches dropped because they were stored before
 * @param lateBatches      batches stored that came after a higher number of their run
 * @param gaps             times a run skipped numbers
 * @param skippedBatches   numbers skipped in all those gaps
 * @param storeRefusals    batches whose points InfluxDB refused as invalid (e.g. a field type conflict)
 * @param rejects          refused messages and readings by {@link org.linli.wire.RejectReason#code()}, every
 *                         reason present, in the enum's order
 * @param samples          the last few refused payloads by reason code, oldest first; only reasons with samples
 * @param recentGaps       the last gaps, oldest first
 * @param lastAcceptedAt   when the last batch was stored, null if none yet
 */
public record IngestStats(long acceptedBatches, long acceptedReadings, long duplicates, long lateBatches, long gaps,
                          long skippedBatches, long storeRefusals, Map<String, Long> rejects, Map<String, List<RejectSample>> samples,
                          List<Gap> recentGaps, Instant lastAcceptedAt) {

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
