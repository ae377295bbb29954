package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;
import org.linli.wire.Quality;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatestReadingsTest {
    private final LatestReadings latest = new LatestReadings();

    private static ReadingPoint point(String sensor, long time, double value) {
        return new ReadingPoint("occupancy", "huayuan", "gw-01", sensor, "plaza-east", "g1-1", time,
                Map.of("occupied", value), "bool", Quality.GOOD, null, 1);
    }

    @Test
    void shouldKeepTheNewestReadingPerSensor() {
        latest.update(List.of(point("pir-1", 1000, 0), point("pir-1", 2000, 1)));
        assertEquals(List.of(2000L), latest.snapshot().stream().map(ReadingPoint::time).toList());
    }

    @Test
    void shouldIgnoreAnOlderReadingArrivingLate() {
        latest.update(List.of(point("pir-1", 2000, 1)));
        latest.update(List.of(point("pir-1", 1000, 0)));
        assertEquals(1.0, latest.snapshot().get(0).values().get("occupied"));
    }

    @Test
    void shouldListSensorsInOrder() {
        latest.update(List.of(point("pir-1", 1, 1), point("park-3", 1, 0)));
        assertEquals(List.of("park-3", "pir-1"), latest.snapshot().stream().map(ReadingPoint::sensor).toList());
    }
}
