package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;
import org.linli.wire.Quality;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InfluxPointTest {

    @Test
    void shouldWriteTagsFieldsAndTheSourceTimeInMilliseconds() {
        ReadingPoint p = new ReadingPoint("noise", "huayuan", "gw-01", "slm-1", "plaza-east", "g1-1",
                1_763_800_000_123L, Map.of("laeq", 62.5), "dBA", Quality.SUSPECT, "clipped", 7);
        assertEquals("noise,gateway=gw-01,grid=g1-1,sensor=slm-1,site=huayuan,space=plaza-east "
                        + "laeq=62.5,message=\"clipped\",quality=\"suspect\",seq=7i 1763800000123",
                InfluxWriter.toPoint(p).lineProtocol(TimeUnit.MILLISECONDS));
    }
}
