package org.linli.cloud.canteen;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CanteenCountersTest {
    private final CanteenCounters counters = new CanteenCounters(Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC));

    @Test
    void shouldCountRefusalsPerReasonAndKeepTheLastThreeSamples() {
        for (int i = 0; i < 5; i++) {
            counters.refused("not-json", "t", "detail " + i, "x".repeat(600));
        }
        CanteenCounters.Stats s = counters.stats();
        assertEquals(5, s.refusals().get("not-json"));
        assertEquals(5, s.refusedTotal());
        assertEquals(3, s.samples().get("not-json").size());
        assertEquals("detail 4", s.samples().get("not-json").get(2).detail());
        assertEquals(CanteenCounters.SAMPLE_CHARS, s.samples().get("not-json").get(0).payload().length());
    }

    @Test
    void shouldNotKeepThePayloadOfFaceData() {
        counters.refused("face-data", "t", "records[0].faceImage", "{\"faceImage\":\"/9j/4AAQ\"}");
        assertNull(counters.stats().samples().get("face-data").get(0).payload());
    }

    @Test
    void shouldAddUpWhatTheLedgerStored() {
        counters.stored(new LedgerResult(3, 0, 0, 0, true));
        counters.stored(new LedgerResult(0, 3, 0, 0, false));
        counters.stored(new LedgerResult(1, 0, 1, 2, false));
        CanteenCounters.Stats s = counters.stats();
        assertEquals(3, s.batches());
        assertEquals(4, s.records());
        assertEquals(3, s.replays());
        assertEquals(1, s.doubleClaims());
        assertEquals(2, s.anomalies());
    }
}
