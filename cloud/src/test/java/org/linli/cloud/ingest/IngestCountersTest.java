package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;
import org.linli.wire.RejectReason;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestCountersTest {
    private final TestClock clock = new TestClock(Instant.parse("2025-11-22T08:00:00Z"));
    private final IngestCounters counters = new IngestCounters(clock);

    @Test
    void shouldStartAtZeroWithEveryReasonListed() {
        IngestStats s = counters.snapshot(List.of());
        assertEquals(0, s.acceptedBatches());
        assertEquals(RejectReason.values().length, s.rejects().size());
        assertTrue(s.rejects().values().stream().allMatch(n -> n == 0));
        assertNull(s.lastAcceptedAt());
    }

    @Test
    void shouldCountAcceptedBatchesAndTheirReadings() {
        counters.accepted(3);
        counters.accepted(2);
        IngestStats s = counters.snapshot(List.of());
        assertEquals(2, s.acceptedBatches());
        assertEquals(5, s.acceptedReadings());
        assertEquals(clock.instant(), s.lastAcceptedAt());
    }

    @Test
    void shouldCountGapsAndTheBatchesTheySkipped() {
        counters.gap(3);
        counters.gap(1);
        IngestStats s = counters.snapshot(List.of());
        assertEquals(2, s.gaps());
        assertEquals(4, s.skippedBatches());
    }

    @Test
    void shouldCountRejectsPerReasonCode() {
        counters.rejected(RejectReason.NOT_JSON, "t", "bad", new byte[] {1});
        counters.rejected(RejectReason.NOT_JSON, "t", "bad", new byte[] {2});
        counters.rejected(RejectReason.UNKNOWN_SENSOR, "t", "ghost", new byte[] {3});
        IngestStats s = counters.snapshot(List.of());
        assertEquals(2L, s.rejects().get("not-json"));
        assertEquals(1L, s.rejects().get("unknown-sensor"));
        assertEquals(3, s.rejectedTotal());
    }

    @Test
    void shouldKeepOnlyTheLastFewSamplesPerReason() {
        for (int i = 0; i < IngestCounters.SAMPLES_PER_REASON + 2; i++) {
            counters.rejected(RejectReason.BAD_FIELD, "t", "detail " + i, ("payload " + i).getBytes(StandardCharsets.UTF_8));
        }
        List<RejectSample> kept = counters.snapshot(List.of()).samples().get("bad-field");
        assertEquals(IngestCounters.SAMPLES_PER_REASON, kept.size());
        assertEquals("payload " + (IngestCounters.SAMPLES_PER_REASON + 1), kept.get(kept.size() - 1).payload());
        assertFalse(counters.snapshot(List.of()).samples().containsKey("not-json"));
    }

    @Test
    void shouldCutALongPayloadSampleAndSayHowLongItWas() {
        byte[] big = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        String sample = IngestCounters.sample(big);
        assertTrue(sample.startsWith("x".repeat(IngestCounters.SAMPLE_CHARS) + "…"));
        assertTrue(sample.endsWith("(10000 bytes)"));
    }

    @Test
    void shouldShowChineseTextOfAPayloadAsIs() {
        assertEquals("{\"name\":\"东广场\"}", IngestCounters.sample("{\"name\":\"东广场\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldShowBinaryGarbageWithoutFailing() {
        String sample = IngestCounters.sample(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
        assertTrue(sample.endsWith("A"));
    }

    @Test
    void shouldStampASampleWithTheClock() {
        counters.rejected(RejectReason.TOO_LARGE, "linli/v1/huayuan/gw-01/readings", "too big", new byte[0]);
        RejectSample s = counters.snapshot(List.of()).samples().get("too-large").get(0);
        assertEquals(clock.instant(), s.at());
        assertEquals("linli/v1/huayuan/gw-01/readings", s.topic());
    }
}
