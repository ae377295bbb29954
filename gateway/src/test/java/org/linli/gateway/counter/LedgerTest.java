package org.linli.gateway.counter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.CanteenPolicyLoader;
import org.linli.gateway.testing.MutableClock;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.counter.CounterFixture.LUNCH;
import static org.linli.gateway.counter.CounterFixture.SHANGHAI;

class LedgerTest {
    @TempDir
    Path dir;

    private final Clock clock = new MutableClock(LUNCH.toEpochMilli()).withZone(SHANGHAI);

    private LedgerEntry decide(Counter counter, String eventId, String member) throws Exception {
        CounterState state = new CounterState(CanteenPolicyLoader.preset("beijing"), 0,
                new Roster(CounterFixture.roster(1)), null);
        return counter.decide(state, new CounterInput(eventId, "face-2",
                org.linli.config.canteen.VerificationMethod.FACE, member, null, true, 90, null, clock.instant()),
                List.of(), true);
    }

    @Test
    void shouldKeepADecisionAndItsCloseAcrossAReopen() throws Exception {
        Path file = dir.resolve("ledger.db");
        Counter counter = new Counter("canteen-1", clock);
        LedgerEntry entry = decide(counter, "e-1", "m-zhang");
        try (Ledger ledger = new Ledger(file, SHANGHAI)) {
            ledger.open();
            ledger.insert(entry);
        }
        try (Ledger ledger = new Ledger(file, SHANGHAI)) {
            ledger.open();
            assertEquals(entry, ledger.find("e-1").orElseThrow(), "every field read back");
            assertEquals(List.of(entry), ledger.pending());
            assertEquals(List.of(), ledger.unsent(10), "a pending decision is not sent");
            LedgerEntry served = ledger.close("e-1", LedgerEntry.Status.SERVED, LUNCH.plusSeconds(30)).orElseThrow();
            assertEquals(entry.close(LedgerEntry.Status.SERVED, LUNCH.plusSeconds(30)), served);
            assertEquals(served, ledger.close("e-1", LedgerEntry.Status.CANCELLED, LUNCH.plusSeconds(60)).orElseThrow(),
                    "a closed decision stays as it was closed");
            assertEquals(List.of(), ledger.pending());
        }
        try (Ledger ledger = new Ledger(file, SHANGHAI)) {
            ledger.open();
            assertEquals(1, ledger.unsentCount());
            ledger.markSent(List.of("e-1"));
            assertEquals(0, ledger.unsentCount());
        }
    }

    @Test
    void shouldCountPendingAndServedMealsOfTheDayButNotCancelledOnes() throws Exception {
        Counter counter = new Counter("canteen-1", clock);
        try (Ledger ledger = new Ledger(dir.resolve("ledger.db"), SHANGHAI)) {
            ledger.open();
            ledger.insert(decide(counter, "e-1", "m-zhang"));
            ledger.insert(decide(counter, "e-2", "m-wang"));
            ledger.close("e-2", LedgerEntry.Status.CANCELLED, LUNCH);

            LocalDate day = LocalDate.of(2026, 11, 23);
            List<SubsidisedMeal> zhang = ledger.mealsOn("m-zhang", day);
            assertEquals(1, zhang.size());
            assertEquals("lunch", zhang.get(0).window());
            assertEquals(List.of(), ledger.mealsOn("m-wang", day), "cancelled: no meal");
            assertEquals(List.of(), ledger.mealsOn("m-zhang", day.plusDays(1)));
        }
    }

    @Test
    void shouldCacheTheLastCloudMessageOfEachKind() throws Exception {
        Path file = dir.resolve("ledger.db");
        try (Ledger ledger = new Ledger(file, SHANGHAI)) {
            ledger.open();
            ledger.cache("roster", 3, new byte[] {1, 2});
            ledger.cache("roster", 4, new byte[] {3});
        }
        try (Ledger ledger = new Ledger(file, SHANGHAI)) {
            ledger.open();
            Ledger.Cached roster = ledger.cached("roster").orElseThrow();
            assertEquals(4, roster.version());
            assertEquals(1, roster.payload().length);
            assertTrue(ledger.cached("policy").isEmpty());
        }
    }

    @Test
    void shouldSendClosedRecordsOldestFirstInBatches() throws Exception {
        Counter counter = new Counter("canteen-1", clock);
        try (Ledger ledger = new Ledger(dir.resolve("ledger.db"), SHANGHAI)) {
            ledger.open();
            for (int i = 0; i < 5; i++) {
                ledger.insert(decide(counter, "e-" + i, "m-" + i));
                ledger.close("e-" + i, LedgerEntry.Status.SERVED, LUNCH.plus(Duration.ofSeconds(i)));
            }
            assertEquals(List.of("e-0", "e-1"), ledger.unsent(2).stream().map(LedgerEntry::eventId).toList());
            ledger.markSent(List.of("e-0", "e-1"));
            assertEquals(List.of("e-2", "e-3", "e-4"), ledger.unsent(10).stream().map(LedgerEntry::eventId).toList());
        }
    }
}
