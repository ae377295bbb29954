package org.linli.cloud.spaces;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SeriesRangeTest {

    @Test
    void shouldEndAtTheEndOfTheCurrentBucket() {
        Instant now = Instant.parse("2026-11-02T10:03:20Z");
        assertEquals(Instant.parse("2026-11-02T10:04:00Z"), SeriesRange.DAY.to(now));
        assertEquals(Instant.parse("2026-11-01T10:04:00Z"), SeriesRange.DAY.from(now));
        assertEquals(Instant.parse("2026-11-02T10:10:00Z"), SeriesRange.WEEK.to(now));
        assertEquals(Instant.parse("2026-10-26T10:10:00Z"), SeriesRange.WEEK.from(now));
        assertEquals(Instant.parse("2026-11-02T10:10:00Z"), SeriesRange.WEEK.to(Instant.parse("2026-11-02T10:10:00Z")),
                "a bucket's edge is its own end");
    }

    @Test
    void shouldHaveAMinuteBucketsADayAndTenMinuteBucketsAWeek() {
        assertEquals(1440, SeriesRange.DAY.buckets());
        assertEquals(1008, SeriesRange.WEEK.buckets());
        assertEquals("1m", SeriesRange.DAY.influxBucket());
        assertEquals("10m", SeriesRange.WEEK.influxBucket());
    }

    @Test
    void shouldParseDayAndWeekOnly() {
        assertEquals(Optional.of(SeriesRange.DAY), SeriesRange.parse(null));
        assertEquals(Optional.of(SeriesRange.WEEK), SeriesRange.parse("Week"));
        assertEquals(Optional.empty(), SeriesRange.parse("month"));
        assertEquals(Optional.empty(), SeriesRange.parse("day' OR 1=1"));
    }
}
