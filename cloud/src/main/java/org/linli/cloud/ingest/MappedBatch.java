package org.linli.cloud.ingest;

import org.linli.wire.ReadingBatch;

import java.util.List;

/**
 * A batch checked against the site: the points to store and the readings refused.
 *
 * @param batch    the batch as decoded
 * @param points   one point per accepted reading, in batch order
 * @param rejected the readings refused, in batch order
 */
public record MappedBatch(ReadingBatch batch, List<ReadingPoint> points, List<RejectedReading> rejected) {

    public MappedBatch {
        points = List.copyOf(points);
        rejected = List.copyOf(rejected);
    }
}
