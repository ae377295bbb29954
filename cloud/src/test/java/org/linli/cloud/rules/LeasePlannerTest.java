package org.linli.cloud.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeasePlannerTest {
    private static final Instant NOW = Instant.parse("2026-06-10T11:30:00Z");
    private static final Instant LATER = NOW.plus(Duration.ofSeconds(10));
    private static final Set<String> SCOPES = Set.of("space:a", "space:b", "space:c", "space:d", RuleEngine.DEADMAN);

    private static RuleLeases.View view(Map<String, Lease> leases, String... live) {
        return new RuleLeases.View(leases, Set.of(live));
    }

    @Test
    void shouldTakeEveryScopeWhenAlone() {
        LeasePlanner.Plan plan = LeasePlanner.plan("a", SCOPES, view(Map.of(), "a"), Map.of(), NOW);

        assertEquals(SCOPES, plan.take().keySet());
        assertTrue(plan.release().isEmpty());
    }

    @Test
    void shouldTakeOnlyItsFairShareOfEachGroup() {
        LeasePlanner.Plan plan = LeasePlanner.plan("a", SCOPES, view(Map.of(), "a", "b"), Map.of(), NOW);

        assertEquals(2, plan.take().keySet().stream().filter(s -> s.startsWith("space:")).count(), "4 spaces, 2 instances");
        assertEquals(1, plan.take().keySet().stream().filter(RuleEngine.DEADMAN::equals).count(), "one deadman: ceil(1/2)");
    }

    @Test
    void shouldGiveUpWhatIsAboveItsShareWhenAnotherInstanceJoins() {
        Map<String, Lease> leases = new HashMap<>();
        Map<String, Long> held = new HashMap<>();
        for (String s : SCOPES) {
            leases.put(s, new Lease(s, "a", 1, LATER));
            held.put(s, 1L);
        }

        LeasePlanner.Plan plan = LeasePlanner.plan("a", SCOPES, view(leases, "a", "b"), held, NOW);

        assertEquals(2, plan.release().size(), "keeps 2 of 4 spaces and the deadman");
        assertTrue(plan.release().stream().allMatch(s -> s.startsWith("space:")));
        assertTrue(plan.take().isEmpty());
        assertEquals(SCOPES, plan.keep().keySet());
    }

    @Test
    void shouldNeverTakeALiveLeaseOfAnotherInstance() {
        Map<String, Lease> leases = new HashMap<>();
        for (String s : SCOPES) {
            leases.put(s, new Lease(s, "b", 3, LATER));
        }

        LeasePlanner.Plan plan = LeasePlanner.plan("a", SCOPES, view(leases, "a", "b"), Map.of(), NOW);

        assertTrue(plan.take().isEmpty(), "b holds more than its share, but only b gives it up");
    }

    @Test
    void shouldTakeTheLeasesOfAnInstanceWhoseLeasesRanOut() {
        Map<String, Lease> leases = new HashMap<>();
        for (String s : SCOPES) {
            leases.put(s, new Lease(s, "b", 3, NOW.minusMillis(1)));
        }

        LeasePlanner.Plan plan = LeasePlanner.plan("a", SCOPES, view(leases, "a"), Map.of(), NOW);

        assertEquals(SCOPES, plan.take().keySet());
        assertEquals(3, plan.take().get("space:a").epoch(), "taken against the epoch seen");
    }

    @Test
    void shouldTakeBackItsOwnLeasesFromBeforeARestart() {
        Map<String, Lease> leases = Map.of("space:a", new Lease("space:a", "a", 7, LATER));

        LeasePlanner.Plan plan = LeasePlanner.plan("a", Set.of("space:a"), view(leases, "a"), Map.of(), NOW);

        assertEquals(Set.of("space:a"), plan.take().keySet());
    }

    @Test
    void shouldCountAScopeAsLostWhenItsEpochChanged() {
        Map<String, Lease> leases = Map.of("space:a", new Lease("space:a", "b", 8, LATER),
                "space:b", new Lease("space:b", "a", 2, LATER));

        LeasePlanner.Plan plan = LeasePlanner.plan("a", Set.of("space:a", "space:b"), view(leases, "a", "b"),
                Map.of("space:a", 7L, "space:b", 2L), NOW);

        assertEquals(Set.of("space:a"), plan.lost());
        assertEquals(Map.of("space:b", 2L), plan.keep());
    }
}
