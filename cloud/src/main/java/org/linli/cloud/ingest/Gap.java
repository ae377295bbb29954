package org.linli.cloud.ingest;

import java.time.Instant;

/**
 * Batch numbers of one gateway run that were skipped: never received, at least not yet.
 *
 * @param gateway gateway id
 * @param bootId  the gateway's boot id
 * @param from    first missing number
 * @param to      last missing number, {@code >= from}
 * @param seenAt  when the cloud noticed
 */
public record Gap(String gateway, String bootId, long from, long to, Instant seenAt) {

    /** How many batches are missing. */
    public long size() {
        return to - from + 1;
    }
}
