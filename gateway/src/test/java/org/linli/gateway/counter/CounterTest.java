package org.linli.gateway.counter;

import org.junit.jupiter.api.Test;
import org.linli.config.CanteenPolicyLoader;
import org.linli.config.canteen.VerificationMethod;
import org.linli.gateway.testing.MutableClock;
import org.linli.wire.ClaimsMessage;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.counter.CounterFixture.LUNCH;
import static org.linli.gateway.counter.CounterFixture.SHANGHAI;

class CounterTest {
    private final Clock clock = new MutableClock(LUNCH.toEpochMilli()).withZone(SHANGHAI);
    private final Counter counter = new Counter("canteen-1", clock);

    private CounterState state(ClaimsMessage claims) throws Exception {
        return new CounterState(CanteenPolicyLoader.preset("beijing"), 0, new Roster(CounterFixture.roster(7)), claims);
    }

    @Test
    void shouldFindTheMemberOfAWiegandCredentialInTheRoster() throws Exception {
        LedgerEntry e = counter.decide(state(null),
                CounterInput.wiegand("w-1", "card-1", VerificationMethod.CARD, 12, 34567, LUNCH), List.of(), false);

        assertTrue(e.decision().eligible(), e.decision().en());
        assertEquals("m-zhang", e.decision().memberId());
        assertEquals("张*华", e.displayName());
        assertEquals(7, e.rosterVersion());
        assertEquals(LedgerEntry.Status.PENDING, e.status());
    }

    @Test
    void shouldRefuseAnUnknownCredentialAtFullPrice() throws Exception {
        LedgerEntry e = counter.decide(state(null),
                CounterInput.wiegand("w-2", "card-1", VerificationMethod.CARD, 12, 99, LUNCH), List.of(), false);

        assertEquals(ReasonCode.NOT_IN_ROSTER, e.decision().reason());
        assertNull(e.displayName());
        assertEquals(1500, e.decision().payFen());
    }

    @Test
    void shouldCountAClaimAtAnotherCanteenButNotTheCloudsCopyOfItsOwn() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 23);
        long earlier = LUNCH.minusSeconds(25 * 60).toEpochMilli();
        ClaimsMessage elsewhere = new ClaimsMessage(day, 1, List.of(
                new ClaimsMessage.Claim("m-zhang", "canteen-2", "lunch", earlier, 500, VerificationMethod.PIN)));
        ClaimsMessage own = new ClaimsMessage(day, 1, List.of(
                new ClaimsMessage.Claim("m-zhang", "canteen-1", "lunch", earlier, 500, VerificationMethod.PIN)));
        CounterInput in = new CounterInput("e-1", "face-2", VerificationMethod.FACE, "m-zhang", null, true, 90, null, LUNCH);

        Decision there = counter.decide(state(elsewhere), in, List.of(), false).decision();
        Decision here = counter.decide(state(own), in, List.of(), false).decision();

        assertEquals(ReasonCode.ALREADY_HAD_MEAL, there.reason());
        assertEquals("本时段已用餐（11:27，canteen-2）", there.zh());
        assertTrue(here.eligible(), "this canteen's meals come from its own ledger, not the cloud's copy");
    }

    @Test
    void shouldCloseAFailedFaceMatchAtOnceAndFlagTheCardThatFollows() throws Exception {
        LedgerEntry face = counter.decide(state(null), new CounterInput("e-1", "face-2", VerificationMethod.FACE,
                null, null, false, 40, null, LUNCH), List.of(), false);
        LedgerEntry card = counter.decide(state(null), new CounterInput("e-2", "face-2", VerificationMethod.CARD,
                "m-zhang", null, true, 0, null, LUNCH.plusSeconds(20)), List.of(), false);
        LedgerEntry later = counter.decide(state(null), new CounterInput("e-3", "face-2", VerificationMethod.CARD,
                "m-li", null, true, 0, null, LUNCH.plusSeconds(40)), List.of(), false);

        assertEquals(ReasonCode.FACE_NOT_MATCHED, face.decision().reason());
        assertEquals(LedgerEntry.Status.CANCELLED, face.status(), "nobody to serve");
        assertTrue(card.faceFailedBefore());
        assertTrue(card.decision().eligible());
        assertFalse(later.faceFailedBefore(), "one flag per failed match");
    }

    @Test
    void shouldWriteTheRecordForTheCloud() throws Exception {
        LedgerEntry e = counter.decide(state(null), CounterInput.wiegand("w-1", "face-1", VerificationMethod.FACE,
                200, 65535, LUNCH), List.of(), true).close(LedgerEntry.Status.SERVED, LUNCH.plusSeconds(9));

        org.linli.wire.MealRecord r = e.toRecord(SHANGHAI);
        assertEquals("m-wang", r.member());
        assertEquals(VerificationMethod.FACE, r.method());
        assertEquals("ok", r.reason());
        assertEquals(LocalDate.of(2026, 11, 23), r.date());
        assertEquals(500, r.subsidyFen());
        assertTrue(r.offline());
        assertTrue(r.subsidisedAndServed());
    }
}
