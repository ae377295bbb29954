package org.linli.cloud.ingest;

import org.linli.wire.RejectReason;

/** What {@link Intake#examine} decided about one MQTT message. */
public sealed interface Verdict {

    /**
     * The message can never become valid: acknowledge it and store nothing.
     *
     * @param reason why
     * @param detail what exactly, for the log
     */
    record Rejected(RejectReason reason, String detail) implements Verdict {
    }

    /**
     * The batch was stored before (a QoS 1 redelivery or a replay): acknowledge it and store nothing.
     *
     * @param gateway gateway id
     * @param bootId  the gateway's boot id
     * @param seq     the batch number
     */
    record Duplicate(String gateway, String bootId, long seq) implements Verdict {
    }

    /**
     * Store these points, then call {@link Intake#stored(Store)}, then acknowledge.
     *
     * @param batch the checked batch; its {@code rejected} readings are already counted
     * @param lines its points as line protocol ({@link LineProtocol})
     */
    record Store(MappedBatch batch, String lines) implements Verdict {

        /** The batch, with its line protocol made here. */
        public Store(MappedBatch batch) {
            this(batch, LineProtocol.of(batch.points()));
        }
    }
}
