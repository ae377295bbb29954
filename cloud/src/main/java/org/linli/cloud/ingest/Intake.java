package org.linli.cloud.ingest;

import org.linli.wire.ReadingBatch;
import org.linli.wire.TopicAddress;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;
import org.linli.wire.WireException;

/**
 * The ingest decision for one MQTT message, free of MQTT and InfluxDB: take the topic apart, decode and
 * check the payload, check it against the site and drop batches accepted before. The caller appends
 * the points of a {@link Verdict.Store} to the durable spool and reports back with {@link #stored},
 * which is when the batch counts as seen (just before it is acknowledged); a batch whose append failed
 * is therefore not a duplicate when it comes again.
 *
 * <p>Not thread-safe by design: one ingest worker calls it, in message order.
 */
public final class Intake {
    private final WireCodec codec;
    private final BatchMapper mapper;
    private final SequenceTracker sequences;
    private final IngestCounters counters;
    private final LatestReadings latest;

    public Intake(WireCodec codec, BatchMapper mapper, SequenceTracker sequences, IngestCounters counters,
                  LatestReadings latest) {
        this.codec = codec;
        this.mapper = mapper;
        this.sequences = sequences;
        this.counters = counters;
        this.latest = latest;
    }

    /**
     * The part of the decision that needs no state: the topic taken apart, the payload decoded and
     * checked against the site, its points as line protocol. Thread-safe, so the MQTT client's thread
     * can do it while the ingest worker stores the batch before.
     *
     * @param mapped the checked batch, null when refused
     * @param lines  its points as line protocol, null when refused
     * @param error  why the whole message is refused, null when not
     */
    public record Decoded(MappedBatch mapped, String lines, WireException error) {
    }

    /** Decodes and checks {@code payload}, received on {@code topic}; counts nothing. Thread-safe. */
    public Decoded decode(String topic, byte[] payload) {
        try {
            TopicAddress address = Topics.parse(topic);
            ReadingBatch batch = codec.decode(payload);
            MappedBatch mapped = mapper.map(address, batch);
            return new Decoded(mapped, LineProtocol.of(mapped.points()), null);
        } catch (WireException e) {
            return new Decoded(null, null, e);
        }
    }

    /** Decides what to do with {@code payload}, received on {@code topic}; counts refusals and duplicates. */
    public Verdict examine(String topic, byte[] payload) {
        return examine(topic, payload, decode(topic, payload));
    }

    /** Like {@link #examine(String, byte[])}, with the payload already {@link #decode}d. */
    public Verdict examine(String topic, byte[] payload, Decoded decoded) {
        if (decoded.error() != null) {
            WireException e = decoded.error();
            counters.rejected(e.reason(), topic, e.getMessage(), payload);
            return new Verdict.Rejected(e.reason(), e.getMessage());
        }
        MappedBatch mapped = decoded.mapped();
        ReadingBatch batch = mapped.batch();
        if (sequences.seen(batch.gateway(), batch.bootId(), batch.seq())) {
            counters.duplicate();
            return new Verdict.Duplicate(batch.gateway(), batch.bootId(), batch.seq());
        }
        for (RejectedReading r : mapped.rejected()) {
            counters.rejected(r.reason(), topic, r.detail(), payload);
        }
        return new Verdict.Store(mapped, decoded.lines());
    }

    /** The points of {@code store} are durably spooled: remember the batch, count it and show its readings. */
    public void stored(Verdict.Store store) {
        MappedBatch mapped = store.batch();
        ReadingBatch batch = mapped.batch();
        SequenceTracker.Recorded recorded = sequences.record(batch.gateway(), batch.bootId(), batch.seq());
        switch (recorded.outcome()) {
            case DUPLICATE -> counters.duplicate();
            case AFTER_GAP -> counters.gap(recorded.gap().size());
            case LATE -> counters.late();
            case NEW -> {
            }
        }
        if (recorded.outcome() != SequenceTracker.Outcome.DUPLICATE) {
            counters.accepted(mapped.points().size());
            latest.update(mapped.points());
        }
    }

    /**
     * InfluxDB refused the points of {@code store} as invalid. The batch counts as seen, so a redelivery
     * is not tried again, and the refusal is counted.
     */
    public void refusedByStore(Verdict.Store store) {
        ReadingBatch batch = store.batch().batch();
        sequences.record(batch.gateway(), batch.bootId(), batch.seq());
        counters.storeRefused();
    }

    /** The counters with the tracker's recent gaps. Any thread may call this. */
    public IngestStats stats() {
        return counters.snapshot(sequences.recentGaps());
    }
}
