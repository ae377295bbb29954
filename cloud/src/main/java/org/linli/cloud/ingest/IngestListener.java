package org.linli.cloud.ingest;

import java.time.Instant;
import java.util.List;

/**
 * Told by the {@link IngestWorker}, on its thread and in message order, what it accepted: the rules
 * are fed this way. Calls come after the batches are durable and before they are acknowledged.
 */
public interface IngestListener {

    /** Does nothing: for a cloud without rules. */
    IngestListener NONE = new IngestListener() {
        @Override
        public void accepted(List<MappedBatch> batches) {
        }

        @Override
        public void gatewayStatus(String gateway, Instant at, boolean online) {
        }

        @Override
        public void tick(Instant now) {
        }
    };

    /** Batches accepted (durably spooled), in arrival order; duplicates are not among them. */
    void accepted(List<MappedBatch> batches);

    /** A gateway of this site said it is online or offline (its retained status, or its MQTT will). */
    void gatewayStatus(String gateway, Instant at, boolean online);

    /** About once a second, in processing time, also while no message comes. */
    void tick(Instant now);

    /** The worker stops: nothing more will come. */
    default void close() {
    }
}
