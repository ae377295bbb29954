package org.linli.cloud.rules;

import org.junit.jupiter.api.Test;
import org.linli.cloud.ingest.MappedBatch;
import org.linli.cloud.ingest.TestClock;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two cloud instances share the rule scopes of the test site (plaza-east, fire-lane-3, the deadman) by
 * leases in one store; both get every reading, as their rules feeds do. An episode is decided once, by
 * the instance that owns its space, and survives a handover.
 */
class RuleOwnershipTest {
    private static final Duration TTL = Duration.ofSeconds(15);
    private static final Duration RENEW = Duration.ofSeconds(3);
    private static final String PLAZA = RuleEngine.spaceScope("plaza-east");

    private final TestClock clock = new TestClock(RuleEngineTest.EVENING.plus(Duration.ofHours(1)));
    private final MemoryLeases leases = new MemoryLeases();
    private final RuleRunnerTest.MemoryStore store = new RuleRunnerTest.MemoryStore();
    private final List<Object> events = new ArrayList<>();
    private long seq;

    {
        store.leases = leases;
    }

    private RuleRunner instance(String id) {
        RuleEventSink sink = new RuleEventSink() {
            @Override
            public void noise(NoiseEvent event) {
                events.add(event);
            }
        };
        return new RuleRunner(RuleEngineTest.site(), RuleSettings.defaults(), Duration.ofDays(1), store, List.of(sink),
                clock, Duration.ofSeconds(10), new RuleOwnership("huayuan", id, leases, clock, TTL, RENEW));
    }

    /** A few rounds of both, as their ticks would run them. */
    private void settle(RuleRunner... runners) {
        for (int i = 0; i < 4; i++) {
            clock.advance(RENEW);
            for (RuleRunner r : runners) {
                r.tick(clock.instant());
            }
        }
    }

    /** The same minutes to every instance, as each one's plain subscription brings them. */
    private void minutes(int from, int count, double laeq, RuleRunner... runners) {
        for (int i = from; i < from + count; i++) {
            Reading r = RuleEngineTest.minute(RuleEngineTest.EVENING.plus(Duration.ofMinutes(i)), laeq);
            MappedBatch b = new MappedBatch(new ReadingBatch(1, "huayuan", "gw-01", "boot", ++seq, r.ts(), List.of(r)),
                    List.of(), List.of());
            for (RuleRunner runner : runners) {
                runner.accepted(List.of(b));
            }
        }
    }

    private long count(Class<?> type) {
        return events.stream().filter(type::isInstance).count();
    }

    private static RuleRunner owner(String scope, RuleRunner... runners) {
        for (RuleRunner r : runners) {
            if (r.owned().contains(scope)) {
                return r;
            }
        }
        throw new AssertionError("nobody owns " + scope);
    }

    @Test
    void shouldGiveEachSpaceToOneInstanceAndSplitTheSpaces() {
        RuleRunner a = instance("a");
        RuleRunner b = instance("b");

        settle(a, b);

        Set<String> both = new HashSet<>(a.owned());
        both.retainAll(b.owned());
        assertTrue(both.isEmpty(), "no scope on both: " + a.owned() + " / " + b.owned());
        Set<String> all = new HashSet<>(a.owned());
        all.addAll(b.owned());
        assertEquals(Set.of(PLAZA, RuleEngine.spaceScope("fire-lane-3"), RuleEngine.DEADMAN), all);
        assertEquals(1, a.owned().stream().filter(s -> s.startsWith("space:")).count(), "one space each");
        assertEquals(1, b.owned().stream().filter(s -> s.startsWith("space:")).count(), "one space each");
    }

    @Test
    void shouldDecideAnEpisodeOnceAlthoughBothInstancesGetEveryReading() {
        RuleRunner a = instance("a");
        RuleRunner b = instance("b");
        settle(a, b);

        minutes(0, 20, 75, a, b);
        minutes(20, 15, 45, a, b);

        assertEquals(1, count(NoiseEvent.EpisodeStarted.class), events.toString());
        assertEquals(1, count(NoiseEvent.EpisodeEnded.class), events.toString());
    }

    @Test
    void shouldGoOnWithAnEpisodeAfterItsOwnerStopsWithoutLosingTheMinutesOfTheHandover() {
        RuleRunner a = instance("a");
        RuleRunner b = instance("b");
        settle(a, b);
        RuleRunner first = owner(PLAZA, a, b);
        RuleRunner other = first == a ? b : a;
        minutes(0, 10, 75, a, b);
        assertEquals(1, count(NoiseEvent.EpisodeStarted.class));

        first.close(); // saves and gives its scopes up
        minutes(10, 5, 75, other); // before the other took the space: parked there
        assertFalse(other.owned().contains(PLAZA));
        settle(other);
        assertTrue(other.owned().contains(PLAZA), "taken over: " + other.owned());
        minutes(15, 15, 75, other);
        minutes(30, 15, 45, other);

        assertEquals(1, count(NoiseEvent.EpisodeStarted.class), events.toString());
        List<NoiseEvent.EpisodeEnded> ended = events.stream().filter(NoiseEvent.EpisodeEnded.class::isInstance)
                .map(NoiseEvent.EpisodeEnded.class::cast).toList();
        assertEquals(1, ended.size(), events.toString());
        assertEquals(RuleEngineTest.EVENING, ended.get(0).start(), "the same episode");
        assertEquals(30, ended.get(0).minutesAbove(), "no minute lost in the handover");
    }

    @Test
    void shouldTakeOverFromAnInstanceThatCrashedOnceItsLeasesRunOut() {
        RuleRunner a = instance("a");
        RuleRunner b = instance("b");
        settle(a, b);
        RuleRunner crashed = owner(PLAZA, a, b);
        RuleRunner other = crashed == a ? b : a;
        minutes(0, 10, 75, a, b);

        // The crashed one says nothing more; the other takes its scopes once the leases ran out.
        clock.advance(TTL);
        settle(other);
        assertTrue(other.owned().contains(PLAZA), other.owned().toString());
        minutes(10, 20, 75, other);
        minutes(30, 15, 45, other);

        assertEquals(1, count(NoiseEvent.EpisodeStarted.class), events.toString());
        assertEquals(1, count(NoiseEvent.EpisodeEnded.class), events.toString());
    }

    @Test
    void shouldNeitherSaveNorDecideForAScopeItLost() {
        RuleRunner a = instance("a");
        settle(a);
        assertTrue(a.owned().contains(PLAZA));
        // Another instance took it behind a's back (a paused past its lease): a higher epoch.
        Lease l = leases.leases.get(PLAZA);
        leases.leases.put(PLAZA, new Lease(PLAZA, "b", l.epoch() + 1, clock.instant().plus(TTL)));

        minutes(0, 6, 75, a); // an episode starts: a tries to save, the fence refuses
        assertEquals(1, store.fencedOff);
        assertFalse(a.owned().contains(PLAZA), "dropped once fenced off");

        minutes(6, 10, 75, a);
        assertEquals(1, count(NoiseEvent.EpisodeStarted.class), "nothing more decided for the lost scope");
    }

    @Test
    void shouldStopDecidingWhenItsLeasesCouldNotBeRenewedInTime() {
        RuleRunner a = instance("a");
        settle(a);
        assertTrue(a.owned().contains(PLAZA));

        clock.advance(TTL.minus(RENEW)); // no round in between: the database was unreachable

        minutes(0, 10, 75, a);
        assertTrue(a.owned().isEmpty());
        assertEquals(0, count(NoiseEvent.EpisodeStarted.class));
    }

    @Test
    void shouldGiveATakenScopeBackRatherThanStartItFreshWhenItsStateCannotBeLoaded() {
        RuleRunner a = instance("a");
        store.failLoad = true;

        settle(a);

        assertTrue(a.owned().isEmpty(), a.owned().toString());
        assertTrue(leases.leases.values().stream().allMatch(l -> l.owner() == null), "given back: " + leases.leases);
        store.failLoad = false;
        settle(a);
        assertTrue(a.owned().contains(PLAZA), "taken once the state can be loaded");
    }
}
