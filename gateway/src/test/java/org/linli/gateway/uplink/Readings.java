package org.linli.gateway.uplink;

import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.util.Map;

/** Readings of each class for the uplink tests. */
final class Readings {
    static final long T0 = 1_763_800_000_000L;

    private Readings() {
    }

    /** A pir-1 occupancy reading (telemetry) at T0 + i. */
    static Reading reading(int i) {
        return telemetry("pir-1", i);
    }

    static Reading telemetry(String sensor, int i) {
        return Reading.of(sensor, T0 + i, "occupied", i % 2, "bool");
    }

    static Reading rawNoise(String sensor, int i) {
        return Reading.of(sensor, T0 + i, "la", 50 + i % 30, "dBA");
    }

    static Reading aggregate(String sensor, int i) {
        return Reading.of(sensor, T0 + i, "laeq", 55.5, "dBA");
    }

    static Reading status(String sensor, int i) {
        return Reading.status(sensor, T0 + i, Quality.OFFLINE, "no answer for 60 s");
    }

    static Reading meal(String terminal, int i) {
        return new Reading(terminal, T0 + i, Map.of("meal", 1.0, "member", 1000.0 + i), "", Quality.GOOD, null);
    }
}
