package org.linli.cloud.spaces;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OccupancyBucketsTest {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final Duration TEN = Duration.ofMinutes(10);
    private static final Duration HOLD = Duration.ofMinutes(15);

    private static OccupancyBuckets.Reading r(String sensor, int minute, boolean occupied) {
        return new OccupancyBuckets.Reading(sensor, T0.plus(Duration.ofMinutes(minute)), occupied);
    }

    private static List<Double> fractions(List<OccupancyBuckets.Reading> readings, int buckets) {
        return OccupancyBuckets.of(readings, T0, T0.plus(TEN.multipliedBy(buckets)), TEN, HOLD).stream()
                .map(OccupancyBuckets.Bucket::fraction).toList();
    }

    @Test
    void shouldHoldAStateUntilTheNextReading() {
        // occupied from minute 0 to 5, vacant from 5 (a change event each, no repeats in between)
        List<Double> f = fractions(List.of(r("p", 0, true), r("p", 5, false)), 2);
        assertEquals(0.5, f.get(0));
        assertEquals(0.0, f.get(1));
    }

    @Test
    void shouldCountAStateReportedBeforeTheRange() {
        assertEquals(List.of(1.0), fractions(List.of(r("p", -3, true)), 1));
    }

    @Test
    void shouldKnowNothingOnceTheHoldHasRunOut() {
        List<Double> f = fractions(List.of(r("p", 0, true)), 3);
        assertEquals(1.0, f.get(0));
        assertEquals(1.0, f.get(1), "known for the first 5 minutes of the bucket only: occupied all the known time");
        assertNull(f.get(2), "no reading for 20 minutes: unknown, not vacant");
    }

    @Test
    void shouldCountTheSpaceOccupiedWhenAnySensorIs() {
        List<Double> f = fractions(List.of(r("a", 0, false), r("b", 0, false), r("b", 2, true), r("b", 4, false)), 1);
        assertEquals(0.2, f.get(0), 1e-9);
    }

    @Test
    void shouldHaveOneBucketPerStepWithItsStart() {
        var buckets = OccupancyBuckets.of(List.of(), T0, T0.plus(Duration.ofMinutes(30)), TEN, HOLD);
        assertEquals(List.of(T0, T0.plus(TEN), T0.plus(TEN.multipliedBy(2))), buckets.stream().map(OccupancyBuckets.Bucket::start).toList());
        assertNull(buckets.get(0).fraction());
    }
}
