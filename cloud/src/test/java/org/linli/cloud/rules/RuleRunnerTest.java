package org.linli.cloud.rules;

import org.junit.jupiter.api.Test;
import org.linli.cloud.ingest.MappedBatch;
import org.linli.cloud.ingest.TestClock;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleRunnerTest {
    private final TestClock clock = new TestClock(RuleEngineTest.EVENING);
    private final MemoryStore store = new MemoryStore();
    private final List<NoiseEvent> seenByA = new ArrayList<>();
    private final List<NoiseEvent> seenByB = new ArrayList<>();
    private final RuleEventSink a = new RuleEventSink() {
        @Override
        public void noise(NoiseEvent event) {
            seenByA.add(event);
            throw new IllegalStateException("a sink that fails");
        }
    };
    private final RuleEventSink b = new RuleEventSink() {
        @Override
        public void noise(NoiseEvent event) {
            seenByB.add(event);
        }
    };

    /** The rules' state in memory, saved as the JDBC store saves it: changed rules replace theirs. */
    static final class MemoryStore implements RuleStateStore {
        final Map<String, NoiseSnapshot> noise = new HashMap<>();
        final Map<String, EncroachmentSnapshot> encroachment = new HashMap<>();
        DeadmanSnapshot deadman;
        int saves;
        int fencedOff;
        MemoryLeases leases;
        boolean failLoad;

        @Override
        public RuleState load(String site) {
            if (failLoad) {
                throw new IllegalStateException("the database is away");
            }
            return new RuleState(noise, encroachment, deadman);
        }

        @Override
        public void save(String site, RuleState changed) {
            saves++;
            noise.putAll(changed.noise());
            encroachment.putAll(changed.encroachment());
            if (changed.deadman() != null) {
                deadman = changed.deadman();
            }
        }

        @Override
        public boolean saveFenced(String site, String scope, RuleState state, String owner, long epoch) {
            if (!leases.holds(scope, owner, epoch)) {
                fencedOff++;
                return false;
            }
            save(site, state);
            return true;
        }
    }

    private RuleRunner runner() {
        return new RuleRunner(RuleEngineTest.site(), RuleSettings.defaults(), RuleEngineTest.LAG, store, List.of(a, b),
                clock, Duration.ofSeconds(10));
    }

    private static MappedBatch batch(long seq, Reading reading) {
        return new MappedBatch(new ReadingBatch(1, "huayuan", "gw-01", "boot", seq, reading.ts(), List.of(reading)),
                List.of(), List.of());
    }

    private void feed(RuleRunner runner, Instant from, int minutes, double laeq, long firstSeq) {
        for (int i = 0; i < minutes; i++) {
            runner.accepted(List.of(batch(firstSeq + i, RuleEngineTest.minute(from.plus(Duration.ofMinutes(i)), laeq))));
        }
    }

    @Test
    void shouldGiveEveryEventToEverySinkEvenWhenOneFails() {
        RuleRunner runner = runner();

        feed(runner, RuleEngineTest.EVENING, 7, 75, 1);

        assertTrue(seenByA.stream().anyMatch(e -> e instanceof NoiseEvent.EpisodeStarted));
        assertEquals(seenByA, seenByB);
    }

    @Test
    void shouldSaveTheStateWhenAnEpisodeStartsWithoutWaitingForTheInterval() {
        RuleRunner runner = runner();
        feed(runner, RuleEngineTest.EVENING, 5, 75, 1);
        assertEquals(0, store.saves, "nothing decided yet, the interval has not passed");

        feed(runner, RuleEngineTest.EVENING.plus(Duration.ofMinutes(5)), 1, 75, 6); // judges the 5th loud minute

        assertEquals(1, store.saves);
        assertTrue(store.noise.get("plaza-east").run().confirmed());
    }

    @Test
    void shouldSaveAtTheIntervalAndAtTheStop() {
        RuleRunner runner = runner();
        feed(runner, RuleEngineTest.EVENING, 1, 45, 1);
        clock.advance(Duration.ofSeconds(10));
        runner.tick(clock.instant());
        assertEquals(1, store.saves);

        feed(runner, RuleEngineTest.EVENING.plus(Duration.ofMinutes(1)), 1, 45, 2);
        runner.close();

        assertEquals(2, store.saves);
        assertEquals(RuleEngineTest.EVENING.plus(Duration.ofMinutes(1)), store.noise.get("plaza-east").watermark());
    }

    @Test
    void shouldCatchUpOnTheStoredReadingsThatACrashKeptFromTheRules() {
        List<Reading> stored = new ArrayList<>();
        RuleRunner first = runner();
        for (int i = 0; i < 10; i++) {
            Reading r = RuleEngineTest.minute(RuleEngineTest.EVENING.plus(Duration.ofMinutes(i)), 75);
            stored.add(r); // what the ingest put into InfluxDB
            first.accepted(List.of(batch(i + 1, r)));
        }
        // A crash: no save at the stop, so the last minutes are in the store (InfluxDB) but not in the saved state.
        assertTrue(store.noise.get("plaza-east").nextMinute().isBefore(RuleEngineTest.EVENING.plus(Duration.ofMinutes(9))));
        clock.advance(Duration.ofMinutes(15));
        RuleHistory history = (space, from, to) -> stored.stream()
                .filter(r -> !Instant.ofEpochMilli(r.ts()).isBefore(from) && Instant.ofEpochMilli(r.ts()).isBefore(to)).toList();

        RuleRunner second = new RuleRunner(RuleEngineTest.site(), RuleSettings.defaults(), RuleEngineTest.LAG, store,
                List.of(a, b), clock, Duration.ofSeconds(10), null, history, Duration.ofHours(1));
        feed(second, RuleEngineTest.EVENING.plus(Duration.ofMinutes(10)), 20, 75, 11);
        feed(second, RuleEngineTest.EVENING.plus(Duration.ofMinutes(30)), 15, 45, 31);

        assertEquals(1, seenByB.stream().filter(e -> e instanceof NoiseEvent.EpisodeStarted).count(), seenByB.toString());
        NoiseEvent.EpisodeEnded ended = seenByB.stream().filter(e -> e instanceof NoiseEvent.EpisodeEnded)
                .map(NoiseEvent.EpisodeEnded.class::cast).findFirst().orElseThrow();
        assertEquals(RuleEngineTest.EVENING, ended.start());
        assertEquals(30, ended.minutesAbove(), "the minutes after the last save came back from the store");
    }

    @Test
    void shouldOpenAnEpisodeOnceAcrossARestartAndEndItOnce() {
        RuleRunner first = runner();
        feed(first, RuleEngineTest.EVENING, 10, 75, 1);
        first.close();

        RuleRunner second = runner(); // loads what the first saved
        feed(second, RuleEngineTest.EVENING.plus(Duration.ofMinutes(10)), 10, 75, 11);
        feed(second, RuleEngineTest.EVENING.plus(Duration.ofMinutes(20)), 15, 45, 21);

        assertEquals(1, seenByB.stream().filter(e -> e instanceof NoiseEvent.EpisodeStarted).count());
        assertEquals(1, seenByB.stream().filter(e -> e instanceof NoiseEvent.EpisodeEnded).count());
    }
}
