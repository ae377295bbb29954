package org.linli.wire;

import java.util.List;

/**
 * What a gateway publishes on its readings topic: a batch of readings with the gateway's boot id and
 * a sequence number. The pair (bootId, seq) identifies a batch: the cloud drops a batch it has seen
 * (a QoS 1 redelivery or a replay from the gateway's buffer) and sees a gap when a number is skipped.
 *
 * @param version  contract version, {@link WireCodec#VERSION}
 * @param site     site id
 * @param gateway  gateway id
 * @param bootId   random id chosen each time the gateway process starts
 * @param seq      1, 2, 3 ... within one boot id
 * @param sentAt   when the batch was formed, epoch milliseconds
 * @param readings at least one reading
 */
public record ReadingBatch(int version, String site, String gateway, String bootId, long seq, long sentAt,
                           List<Reading> readings) {

    public ReadingBatch {
        readings = List.copyOf(readings);
    }
}
