package org.linli.cloud.spaces;

import org.junit.jupiter.api.Test;
import org.linli.cloud.web.DeviceViews;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MapViewTest {
    private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");

    private static DeviceViews.SpaceRow row(String id, Double laeq, String occupancy, Duration age) {
        Long seen = age == null ? null : NOW.minus(age).toEpochMilli();
        return new DeviceViews.SpaceRow(id, id, "plaza", "g1-1", "东区网格", laeq, occupancy, seen, null);
    }

    @Test
    void shouldColourEachSpaceByItsWorstState() {
        List<DeviceViews.SpaceRow> rows = List.of(
                row("loud", 58.2, "vacant", Duration.ofSeconds(30)),
                row("at-limit", 55.0, "vacant", Duration.ofSeconds(30)),
                row("car", null, "occupied", Duration.ofSeconds(30)),
                row("silent", null, "unknown", Duration.ofMinutes(6)),
                row("never", null, "unknown", null),
                row("loud-and-occupied", 70.0, "occupied", Duration.ofSeconds(1)));
        Map<String, SpacePositionRow> positions = Map.of("loud", new SpacePositionRow("loud", 0.25, 0.75, null, null, NOW, "admin"));
        List<MapView.MapSpace> spaces = MapView.spaces(rows, id -> 55.0, positions, NOW);
        assertEquals(List.of("noisy", "quiet", "occupied", "offline", "offline", "noisy"),
                spaces.stream().map(MapView.MapSpace::status).toList());
        assertEquals(0.25, spaces.get(0).x());
        assertEquals(0.75, spaces.get(0).y());
        assertNull(spaces.get(1).x(), "not placed");
    }
}
