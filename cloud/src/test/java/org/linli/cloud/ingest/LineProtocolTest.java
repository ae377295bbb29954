package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;
import org.linli.wire.Quality;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineProtocolTest {

    @Test
    void shouldWriteTagsInKeyOrderFieldsByNameAndTheTimeInMilliseconds() {
        ReadingPoint p = new ReadingPoint("noise", "huayuan", "gw-01", "noise-1", "plaza-east", "g1-1", 1_763_800_000_000L,
                Map.of("laeq", 62.4, "lmax", 70.0, "l90", 41.25), "dBA", Quality.GOOD, null, 42);

        assertEquals("noise,gateway=gw-01,grid=g1-1,sensor=noise-1,site=huayuan,space=plaza-east "
                + "l90=41.25,laeq=62.4,lmax=70.0,quality=\"good\",seq=42i 1763800000000", LineProtocol.of(List.of(p)));
    }

    @Test
    void shouldEscapeKeysAndStringsAndSeparateLines() {
        ReadingPoint odd = new ReadingPoint("occupancy", "s", "g w", "a,b", "x=y", "g", 5, Map.of("occupied", 1.0),
                "bool", Quality.SUSPECT, "said \"hi\" \\ twice", 7);
        ReadingPoint tiny = new ReadingPoint("noise", "s", "g", "n", "p", "g", 6, Map.of("la", 1.0e-5), "dBA",
                Quality.GOOD, null, 8);

        assertEquals("occupancy,gateway=g\\ w,grid=g,sensor=a\\,b,site=s,space=x\\=y occupied=1.0,"
                + "message=\"said \\\"hi\\\" \\\\ twice\",quality=\"suspect\",seq=7i 5\n"
                + "noise,gateway=g,grid=g,sensor=n,site=s,space=p la=1.0E-5,quality=\"good\",seq=8i 6",
                LineProtocol.of(List.of(odd, tiny)));
    }
}
