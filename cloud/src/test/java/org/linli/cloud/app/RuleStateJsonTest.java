package org.linli.cloud.app;

import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linli.cloud.rules.DeadmanSnapshot;
import org.linli.cloud.rules.EncroachmentSnapshot;
import org.linli.cloud.rules.NoiseSnapshot;
import org.linli.cloud.rules.Occupancy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every snapshot record survives the JSON the rule state is saved as, with and without its optional parts. */
class RuleStateJsonTest {
    private static final ObjectMapper JSON = ObjectMapper.getDefault();
    private static final Instant T = Instant.parse("2026-06-10T11:30:00Z");

    private static <T> T roundTrip(T value, Class<T> type) throws Exception {
        return JSON.readValue(JSON.writeValueAsString(value), type);
    }

    @Test
    void shouldRoundTripAnEncroachmentSnapshotInEveryPhase() throws Exception {
        EncroachmentSnapshot clear = new EncroachmentSnapshot("lane", null, Map.of(), EncroachmentSnapshot.Phase.CLEAR,
                null, Duration.ZERO, null, Duration.ZERO, Duration.ZERO, null);
        EncroachmentSnapshot encroaching = new EncroachmentSnapshot("lane", T,
                Map.of("park-3", new EncroachmentSnapshot.SensorState(Occupancy.OCCUPIED, T)),
                EncroachmentSnapshot.Phase.ENCROACHING, T.minusSeconds(600), Duration.ofMinutes(9), T, Duration.ofSeconds(30),
                Duration.ofMinutes(1), T.minusSeconds(60));

        assertEquals(clear, roundTrip(clear, EncroachmentSnapshot.class));
        assertEquals(encroaching, roundTrip(encroaching, EncroachmentSnapshot.class));
    }

    @Test
    void shouldRoundTripANoiseSnapshotWithAndWithoutAnEpisode() throws Exception {
        NoiseSnapshot fresh = new NoiseSnapshot("plaza", List.of(), null, null, List.of(), null, null);
        NoiseSnapshot open = new NoiseSnapshot("plaza", List.of(new NoiseSnapshot.Level(T, 75.2, 82, 70)), T, T,
                List.of(new NoiseSnapshot.Level(T.minusSeconds(60), 74.9, 81.5, 69.0)), 42.5,
                new NoiseSnapshot.Run(T.minusSeconds(600), T, true, 1.2e8, 10, 75.1, 0, 0, 0.0, 10));

        assertEquals(fresh, roundTrip(fresh, NoiseSnapshot.class));
        assertEquals(open, roundTrip(open, NoiseSnapshot.class));
    }

    @Test
    void shouldRoundTripADeadmanSnapshot() throws Exception {
        DeadmanSnapshot s = new DeadmanSnapshot(T,
                Map.of("pir-1", new DeadmanSnapshot.SensorLiveness(T, T, null, null, false, null),
                        "park-3", new DeadmanSnapshot.SensorLiveness(T, T.minusSeconds(600), T, "no heartbeat", true, T)),
                Map.of("gw-01", new DeadmanSnapshot.GatewayLiveness(T, true, false, null)));

        assertEquals(s, roundTrip(s, DeadmanSnapshot.class));
    }
}
