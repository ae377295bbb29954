package org.linli.gateway.uplink;

import org.junit.jupiter.api.Test;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.linli.gateway.uplink.Readings.T0;

class GapMarkersTest {

    @Test
    void shouldWriteOneMarkerPerSensorWithCountAndTimeRange() {
        List<GapMarkers.Lost> lost = List.of(new GapMarkers.Lost("n1", T0), new GapMarkers.Lost("n2", T0 + 5),
                new GapMarkers.Lost("n1", T0 + 1000), new GapMarkers.Lost("n1", T0 + 2000));

        List<Reading> markers = GapMarkers.of(DataClass.RAW_NOISE, lost, "buffer full: dropped");

        assertEquals(2, markers.size());
        Reading n1 = markers.get(0);
        assertEquals("n1", n1.sensor());
        assertEquals(T0 + 2000, n1.ts(), "the last dropped reading's timestamp, unique by construction");
        assertEquals(Map.of("dropped", 3.0, "droppedFrom", (double) T0, "droppedTo", (double) (T0 + 2000)), n1.values());
        assertEquals(Quality.SUSPECT, n1.quality());
        assertEquals("", n1.unit());
        assertEquals("buffer full: dropped: 3 raw-noise readings from 2025-11-22T08:26:40Z to 2025-11-22T08:26:42Z",
                n1.message());
    }

    @Test
    void shouldPassTheWireCodec() throws Exception {
        WireCodec codec = new WireCodec();
        Reading marker = GapMarkers.marker("n1", DataClass.TELEMETRY, 12, T0, T0 + 60_000, "buffer full: dropped");

        ReadingBatch decoded = codec.decode(codec.encode(new ReadingBatch(WireCodec.VERSION, "huayuan", "gw-01", "boot-1", 1,
                T0, List.of(marker))));

        assertEquals(List.of(marker), decoded.readings());
    }
}
