package org.linli.cloud.metrics;

import org.junit.jupiter.api.Test;
import org.linli.cloud.rules.DeadmanSnapshot;
import org.linli.cloud.rules.EncroachmentSnapshot;
import org.linli.cloud.rules.NoiseSnapshot;
import org.linli.cloud.rules.RuleState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqlGaugesTest {
    private static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void shouldCountSpacesPerRuleStateAndDevicesOfflineFromASavedState() {
        RuleState state = new RuleState(
                Map.of("plaza", noise("plaza", null), "court", noise("court", run(true)), "garden", noise("garden", run(false))),
                Map.of("lane-1", encroachment("lane-1", EncroachmentSnapshot.Phase.ENCROACHING),
                        "lane-2", encroachment("lane-2", EncroachmentSnapshot.Phase.CLEAR),
                        "lane-3", encroachment("lane-3", EncroachmentSnapshot.Phase.CLEAR)),
                new DeadmanSnapshot(T, Map.of(
                        "pir-1", new DeadmanSnapshot.SensorLiveness(T, T, null, null, false, null),
                        "pir-2", new DeadmanSnapshot.SensorLiveness(T, T, null, null, true, T)),
                        Map.of("gw-01", new DeadmanSnapshot.GatewayLiveness(T, false, true, T))));

        Map<String, Double> gauges = SqlGauges.ruleStates(state);

        assertEquals(1.0, gauges.get("noise/quiet"));
        assertEquals(1.0, gauges.get("noise/loud"));
        assertEquals(1.0, gauges.get("noise/episode"));
        assertEquals(1.0, gauges.get("encroachment/encroaching"));
        assertEquals(2.0, gauges.get("encroachment/clear"));
        assertEquals(1.0, gauges.get("offline/sensor"));
        assertEquals(1.0, gauges.get("offline/gateway"));
    }

    @Test
    void shouldReportNothingForAnEmptyState() {
        assertEquals(Map.of(), SqlGauges.ruleStates(RuleState.empty()));
    }

    private static NoiseSnapshot noise(String space, NoiseSnapshot.Run run) {
        return new NoiseSnapshot(space, List.of(), T, T, List.of(), null, run);
    }

    private static NoiseSnapshot.Run run(boolean confirmed) {
        return new NoiseSnapshot.Run(T, T.plusSeconds(60), confirmed, 1e6, 1, 60, 0, 0, 0, 1);
    }

    private static EncroachmentSnapshot encroachment(String space, EncroachmentSnapshot.Phase phase) {
        return new EncroachmentSnapshot(space, T, Map.of(), phase, T, Duration.ZERO, null, Duration.ZERO, Duration.ZERO, null);
    }
}
