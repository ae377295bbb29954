package org.linli.gateway.uplink;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropPolicyTest {
    private final DropPolicy policy = new DropPolicy(3200);

    private static long[] bytes(long rawNoise, long aggregate, long telemetry, long status, long canteen) {
        return new long[] {rawNoise, aggregate, telemetry, status, canteen};
    }

    @Test
    void shouldKeepEverythingUnderTheCap() {
        DropPolicy.Plan plan = policy.plan(bytes(1000, 1000, 1000, 0, 0), 3000, DataClass.RAW_NOISE, 200);

        assertEquals(List.of(), plan.cuts());
        assertFalse(plan.refuse());
    }

    @Test
    void shouldCutRawNoiseBeforeAggregatesAndDownToTheLowWaterMark() {
        DropPolicy.Plan plan = policy.plan(bytes(150, 1000, 2000, 0, 0), 3150, DataClass.TELEMETRY, 100);

        // 3250 held and new, low water 3200 - 100 = 3100: 150 bytes to free.
        assertEquals(List.of(new DropPolicy.Cut(DataClass.RAW_NOISE, 150)), plan.cuts());
        assertFalse(plan.refuse());
    }

    @Test
    void shouldMoveToTheNextClassWhenTheLowestRunsOut() {
        DropPolicy.Plan plan = policy.plan(bytes(50, 1000, 2000, 100, 0), 3150, DataClass.STATUS, 100);

        assertEquals(List.of(new DropPolicy.Cut(DataClass.RAW_NOISE, 50), new DropPolicy.Cut(DataClass.AGGREGATE, 100)),
                plan.cuts());
    }

    @Test
    void shouldRefuseRawNoiseRatherThanDropTelemetry() {
        DropPolicy.Plan plan = policy.plan(bytes(0, 0, 3200, 0, 0), 3200, DataClass.RAW_NOISE, 67);

        assertTrue(plan.refuse());
        assertEquals(List.of(), plan.cuts());
    }

    @Test
    void shouldRefuseNonCanteenDataWhenOnlyCanteenRemains() {
        DropPolicy.Plan plan = policy.plan(bytes(0, 0, 0, 0, 3200), 3200, DataClass.STATUS, 100);

        assertTrue(plan.refuse());
    }

    @Test
    void shouldNeverDropNorRefuseCanteenRecords() {
        DropPolicy.Plan full = policy.plan(bytes(0, 0, 0, 0, 3200), 3200, DataClass.CANTEEN, 100);
        DropPolicy.Plan mixed = policy.plan(bytes(0, 0, 100, 0, 3100), 3200, DataClass.CANTEEN, 100);

        assertFalse(full.refuse());
        assertEquals(List.of(), full.cuts());
        assertEquals(List.of(new DropPolicy.Cut(DataClass.TELEMETRY, 100)), mixed.cuts());
    }

    @Test
    void shouldCountSealedBatchesAgainstTheCapButNeverCutThem() {
        DropPolicy.Plan plan = policy.plan(bytes(0, 0, 100, 0, 0), 3250, DataClass.TELEMETRY, 100);

        // 3150 bytes are sealed: only the 100 pending bytes can go, which is not enough.
        assertTrue(plan.refuse());
    }

    @Test
    void shouldClassifyReadingsByWhatTheyCarry() {
        assertEquals(DataClass.RAW_NOISE, DataClass.of(Readings.rawNoise("n1", 0)));
        assertEquals(DataClass.AGGREGATE, DataClass.of(Readings.aggregate("slm-1", 0)));
        assertEquals(DataClass.TELEMETRY, DataClass.of(Readings.telemetry("pir-1", 0)));
        assertEquals(DataClass.STATUS, DataClass.of(Readings.status("pir-1", 0)));
        assertEquals(DataClass.STATUS, DataClass.of(GapMarkers.marker("n1", DataClass.RAW_NOISE, 3, 1, 2, "x")));
        assertEquals(DataClass.CANTEEN, DataClass.of(Readings.meal("canteen-1", 0)));
    }
}
