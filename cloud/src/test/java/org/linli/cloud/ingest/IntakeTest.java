package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.RejectReason;
import org.linli.wire.WireCodec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class IntakeTest {
    private static final String TOPIC = "linli/v1/huayuan/gw-01/readings";
    private static final long TS = 1_763_800_000_000L;

    private final TestClock clock = new TestClock(Instant.parse("2025-11-22T08:00:00Z"));
    private final WireCodec codec = new WireCodec();
    private final LatestReadings latest = new LatestReadings();
    private final Intake intake = new Intake(codec, new BatchMapper(DemoSite.load()), new SequenceTracker(clock, 10),
            new IngestCounters(clock), latest);

    private byte[] batch(long seq, Reading... readings) {
        return codec.encode(new ReadingBatch(1, "huayuan", "gw-01", "boot-a", seq, TS, List.of(readings)));
    }

    private Verdict.Store storeOf(byte[] payload) {
        Verdict v = intake.examine(TOPIC, payload);
        Verdict.Store store = assertInstanceOf(Verdict.Store.class, v);
        intake.stored(store);
        return store;
    }

    @Test
    void shouldStoreAGoodBatchAndCountItOnceStored() {
        Verdict v = intake.examine(TOPIC, batch(1, Reading.of("pir-1", TS, "occupied", 1, "bool")));
        assertInstanceOf(Verdict.Store.class, v);
        assertEquals(0, intake.stats().acceptedBatches(), "not counted before it is stored");
        intake.stored((Verdict.Store) v);
        assertEquals(1, intake.stats().acceptedBatches());
        assertEquals(1, intake.stats().acceptedReadings());
        assertEquals(1, latest.snapshot().size());
    }

    @Test
    void shouldDropTheSameBatchAgainAsADuplicate() {
        byte[] payload = batch(1, Reading.of("pir-1", TS, "occupied", 1, "bool"));
        storeOf(payload);
        assertInstanceOf(Verdict.Duplicate.class, intake.examine(TOPIC, payload));
        assertEquals(1, intake.stats().duplicates());
        assertEquals(1, intake.stats().acceptedBatches());
    }

    @Test
    void shouldNotCallABatchWhoseWriteFailedADuplicate() {
        byte[] payload = batch(1, Reading.of("pir-1", TS, "occupied", 1, "bool"));
        intake.examine(TOPIC, payload); // the write failed: stored() never called
        assertInstanceOf(Verdict.Store.class, intake.examine(TOPIC, payload));
    }

    @Test
    void shouldRejectAPayloadThatIsNotJson() {
        Verdict v = intake.examine(TOPIC, "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(RejectReason.NOT_JSON, assertInstanceOf(Verdict.Rejected.class, v).reason());
        assertEquals(1L, intake.stats().rejects().get("not-json"));
        assertEquals("hello", intake.stats().samples().get("not-json").get(0).payload());
    }

    @Test
    void shouldRejectATopicOutsideTheContract() {
        Verdict v = intake.examine("linli/v1/huayuan/readings", batch(1, Reading.of("pir-1", TS, "occupied", 1, "bool")));
        assertEquals(RejectReason.BAD_TOPIC, assertInstanceOf(Verdict.Rejected.class, v).reason());
    }

    @Test
    void shouldRejectABatchPublishedOnAnotherGatewaysTopic() {
        Verdict v = intake.examine("linli/v1/huayuan/gw-02/readings", batch(1, Reading.of("pir-1", TS, "occupied", 1, "bool")));
        assertEquals(RejectReason.TOPIC_MISMATCH, assertInstanceOf(Verdict.Rejected.class, v).reason());
    }

    @Test
    void shouldCountAnUnknownSensorsReadingAndStoreItsBatchMates() {
        Verdict.Store store = storeOf(batch(1, Reading.of("ghost-7", TS, "occupied", 1, "bool"),
                Reading.of("park-3", TS, "occupied", 1, "bool")));
        assertEquals(1, store.batch().points().size());
        assertEquals(1L, intake.stats().rejects().get("unknown-sensor"));
        assertEquals(1, intake.stats().acceptedReadings());
    }

    @Test
    void shouldNotCountAnUnknownSensorAgainInADuplicate() {
        byte[] payload = batch(1, Reading.of("ghost-7", TS, "occupied", 1, "bool"), Reading.of("park-3", TS, "occupied", 1, "bool"));
        storeOf(payload);
        intake.examine(TOPIC, payload);
        assertEquals(1L, intake.stats().rejects().get("unknown-sensor"));
    }

    @Test
    void shouldCountAGapBetweenStoredBatches() {
        storeOf(batch(1, Reading.of("pir-1", TS, "occupied", 1, "bool")));
        storeOf(batch(4, Reading.of("pir-1", TS + 1, "occupied", 0, "bool")));
        assertEquals(1, intake.stats().gaps());
        assertEquals(2, intake.stats().skippedBatches());
        assertEquals(1, intake.stats().recentGaps().size());
    }

    @Test
    void shouldRememberABatchInfluxRefusedSoItIsNotTriedAgain() {
        byte[] payload = batch(1, Reading.of("pir-1", TS, "occupied", 1, "bool"));
        intake.refusedByStore(assertInstanceOf(Verdict.Store.class, intake.examine(TOPIC, payload)));
        assertInstanceOf(Verdict.Duplicate.class, intake.examine(TOPIC, payload));
        assertEquals(1, intake.stats().storeRefusals());
        assertEquals(0, intake.stats().acceptedBatches());
    }
}
