package org.linli.cloud.canteen;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.canteen.VerificationMethod;
import org.linli.wire.ClaimsMessage;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;
import org.linli.wire.RosterMessage;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger and the roster store on the embedded default database (H2 in PostgreSQL mode, built by
 * Flyway): the same SQL as on PostgreSQL (CanteenIT), including ON CONFLICT, FOR UPDATE and the
 * retention purge.
 */
class CanteenLedgerIT {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2026-11-22T04:00:00Z");

    @TempDir
    static Path dataDir;
    private static ApplicationContext ctx;
    private static MealLedger ledger;
    private static RosterStore roster;

    /** One context for the class: the tests use their own members, event ids and days. */
    @BeforeAll
    static void start() throws URISyntaxException {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(CanteenLedgerIT.class.getResource("/canteen-site.yaml").toURI()).toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-ledger-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("linli.data-dir", dataDir.toString());
        ctx = ApplicationContext.run(props);
        ledger = ctx.getBean(MealLedger.class);
        roster = ctx.getBean(RosterStore.class);
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    @Test
    void shouldStoreEachRecordOnceAndFlagTheSecondClaimOfAWindow() {
        LocalDate day = LocalDate.of(2026, 11, 20);
        MealRecord a = meal("e-a", "canteen-1", "m-1", day, "11:40", false);
        MealRecord b = meal("e-b", "canteen-2", "m-1", day, "11:55", false);
        assertEquals(new LedgerResult(1, 0, 0, 0, true), ledger.store(batch("gw-01", a), NOW));
        assertEquals(new LedgerResult(0, 1, 0, 0, false), ledger.store(batch("gw-01", a), NOW));
        LedgerResult second = ledger.store(batch("gw-02", b), NOW);
        assertEquals(1, second.doubleClaims());
        assertEquals(2, second.anomalies(), "a double claim and two canteens 15 minutes apart");
        assertEquals("PENDING", ledger.settleState("e-b").orElseThrow());

        List<MealLedger.Anomaly> open = ledger.anomalies("OPEN", 100).stream().filter(x -> x.eventId().equals("e-b")).toList();
        assertEquals(List.of("DOUBLE_CLAIM", "TWO_CANTEENS"), open.stream().map(MealLedger.Anomaly::kind).toList());
        assertTrue(open.get(1).detail().contains("15 min apart"), open.get(1).detail());

        ClaimsMessage claims = ledger.claims(day, NOW);
        assertEquals(1, claims.claims().size(), "the slot's holder only");
        assertEquals("canteen-1", claims.claims().get(0).canteen());

        MealLedger.Resolved r = (MealLedger.Resolved) ledger.resolve(open.get(0).id(), MealLedger.Decision.ACCEPT, "li", "two meals", NOW);
        assertEquals("SETTLED", r.settle());
        assertInstanceOf(MealLedger.AlreadyResolved.class, ledger.resolve(open.get(0).id(), MealLedger.Decision.REJECT, "li", null, NOW));
        assertInstanceOf(MealLedger.NotFound.class, ledger.resolve(999, MealLedger.Decision.REJECT, "li", null, NOW));
        assertEquals(1, ledger.month("canteen-2", YearMonth.of(2026, 11)).settled().stream()
                .filter(l -> l.eventId().equals("e-b")).count(), "settled once accepted");
    }

    @Test
    void shouldHoldAMealThatTakesTheDayOverBeijingsDailyAmountAcrossCanteens() {
        LocalDate day = LocalDate.of(2026, 11, 19);
        MealRecord breakfast = new MealRecord("e-d1", "canteen-2", "t1", "m-60", VerificationMethod.FACE, false, "breakfast",
                day, millis(day, "07:30"), true, "ok", "age-60", 600, 500, 100, MealRecord.MealStatus.SERVED,
                millis(day, "07:31"), 1, 1, true);
        MealRecord lunch = meal("e-d2", "canteen-1", "m-60", day, "11:45", true);
        ledger.store(batch("gw-02", breakfast), NOW);
        LedgerResult r = ledger.store(batch("gw-01", lunch), NOW);
        assertEquals(1, r.anomalies());
        assertEquals("SETTLED", ledger.settleState("e-d1").orElseThrow());
        assertEquals("PENDING", ledger.settleState("e-d2").orElseThrow(), "canteen-1's Beijing policy: 5 yuan a day");
        MealLedger.Anomaly a = ledger.anomalies("OPEN", 100).stream().filter(x -> x.eventId().equals("e-d2")).findFirst().orElseThrow();
        assertEquals("DAILY_LIMIT", a.kind());
        assertEquals("10.00 yuan subsidy that day, the policy allows 5.00", a.detail());
    }

    @Test
    void shouldKeepUnsubsidisedAndCancelledMealsOutOfClaimsAndSettlement() {
        LocalDate day = LocalDate.of(2026, 11, 21);
        MealRecord refused = new MealRecord("e-r", "canteen-1", "t1", "m-2", VerificationMethod.CARD, false, "lunch", day,
                millis(day, "11:30"), false, "under-age", null, 1500, 0, 1500, MealRecord.MealStatus.SERVED,
                millis(day, "11:31"), 1, 1, false);
        MealRecord cancelled = new MealRecord("e-c", "canteen-1", "t1", "m-3", VerificationMethod.CARD, false, "lunch", day,
                millis(day, "11:30"), true, "ok", "age-60", 1500, 500, 1000, MealRecord.MealStatus.CANCELLED,
                millis(day, "11:31"), 1, 1, false);
        assertEquals(new LedgerResult(2, 0, 0, 0, false), ledger.store(batch("gw-01", refused, cancelled), NOW));
        assertEquals(List.of(), ledger.claims(day, NOW).claims());
        assertTrue(ledger.month("canteen-1", YearMonth.of(2026, 11)).settled().stream()
                .noneMatch(l -> l.eventId().equals("e-r") || l.eventId().equals("e-c")));
        assertEquals("NONE", ledger.settleState("e-c").orElseThrow());
    }

    @Test
    void shouldDeleteOldDecisionsAndMealsButKeepOpenReviews() {
        LocalDate old = LocalDate.of(2026, 1, 5);
        LocalDate recent = LocalDate.of(2026, 10, 1);
        MealRecord oldRefusal = new MealRecord("e-old-r", "canteen-1", "t1", "m-40", VerificationMethod.PIN, false, "lunch", old,
                millis(old, "11:30"), false, "not-enrolled", null, 1500, 0, 1500, MealRecord.MealStatus.SERVED,
                millis(old, "11:31"), 1, 1, false);
        ledger.store(batch("gw-01", oldRefusal, meal("e-old-meal", "canteen-1", "m-50", old, "11:30", false),
                meal("e-recent", "canteen-1", "m-50", recent, "11:30", false)), NOW);
        ledger.store(batch("gw-01", meal("e-old-double", "canteen-1", "m-50", old, "11:50", true)), NOW);
        // Decisions after 90 days, meals after 5 years: only the old refusal goes.
        assertEquals(new MealLedger.Purged(1, 0), ledger.purge(LocalDate.of(2026, 8, 24), LocalDate.of(2021, 11, 22)));
        assertTrue(ledger.settleState("e-old-meal").isPresent());
        // A shorter meal retention takes the old settled meal, but not the one still waiting for review.
        assertEquals(new MealLedger.Purged(0, 1), ledger.purge(LocalDate.of(2026, 8, 24), LocalDate.of(2026, 6, 1)));
        assertTrue(ledger.settleState("e-old-meal").isEmpty());
        assertTrue(ledger.settleState("e-old-double").isPresent());
        assertTrue(ledger.settleState("e-recent").isPresent());
    }

    @Test
    void shouldUpsertMembersByTheHashOfTheirIdNumberAndRaiseTheVersion() throws Exception {
        String id = IdNumbers.of("19500312", 31);
        RosterStore.ImportResult first = roster.importRows(rows("id_number,name,resident,card\n" + id + ",张建华,yes,1:100\n"),
                "card", NOW);
        assertEquals(1, first.added());
        assertEquals(1, first.version());
        RosterStore.ImportResult second = roster.importRows(rows("id_number,name,resident,card\n" + id + ",张建华,no,1:100\n"
                + IdNumbers.of("19470101", 32) + ",李华,yes,\n"), "card", NOW);
        assertEquals(List.of(1, 1, 0, 2L), List.of(second.added(), second.updated(), second.unchanged(), second.version()));
        assertEquals(2, roster.members().size());
        assertFalse(roster.members().get(0).resident() && roster.members().get(1).resident());

        RosterStore.ImportResult taken = roster.importRows(rows("id_number,name,resident,card\n"
                + IdNumbers.of("19460101", 33) + ",王五,yes,1:100\n"), "card", NOW);
        assertFalse(taken.ok(), "a card held by another member");
        assertEquals(2, taken.problems().get(0).line());
        assertEquals(2, roster.members().size());

        RosterMessage message = roster.message(NOW);
        assertEquals(2, message.version());
        assertTrue(message.members().stream().anyMatch(m -> m.displayName().equals("张*华") && "1:100".equals(m.card())));
        String keyFile = Files.readString(dataDir.resolve("canteen.key"));
        assertFalse(keyFile.isBlank(), "the key was created at the first import");
    }

    private static List<RosterCsv.Row> rows(String csv) {
        RosterCsv.Result r = RosterCsv.parse(csv);
        assertEquals(List.of(), r.problems());
        return r.rows();
    }

    private static long millis(LocalDate day, String time) {
        return LocalDateTime.of(day, LocalTime.parse(time)).atZone(ZONE).toInstant().toEpochMilli();
    }

    private static MealRecord meal(String eventId, String canteen, String member, LocalDate day, String time, boolean offline) {
        long at = millis(day, time);
        return new MealRecord(eventId, canteen, "t1", member, VerificationMethod.FACE, false, "lunch", day, at, true, "ok",
                "age-60", 1500, 500, 1000, MealRecord.MealStatus.SERVED, at + 20_000, 1, 1, offline);
    }

    private static MealBatch batch(String gateway, MealRecord... records) {
        return new MealBatch("huayuan", gateway, NOW.toEpochMilli(), List.of(records));
    }
}
