package org.linli.gateway.counter;

import org.junit.jupiter.api.Test;
import org.linli.config.CanteenPolicyLoader;
import org.linli.config.ConfigException;
import org.linli.config.canteen.AgeTier;
import org.linli.config.canteen.DailyCap;
import org.linli.config.canteen.HardshipTier;
import org.linli.config.canteen.MealWindow;
import org.linli.config.canteen.SubsidyBasis;
import org.linli.config.canteen.SubsidyPolicy;
import org.linli.config.canteen.VerificationMethod;

import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EligibilityEngineTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String CANTEEN = "canteen-a";

    private static SubsidyPolicy preset(String id) {
        try {
            return CanteenPolicyLoader.preset(id);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static Instant at(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(SHANGHAI).toInstant();
    }

    private static RosterEntry member(String birth) {
        return new RosterEntry("m-001", YearMonth.parse(birth), null, true, true);
    }

    private static RosterEntry hardship(String birth, String category) {
        return new RosterEntry("m-001", YearMonth.parse(birth), category, true, true);
    }

    private static CounterEvent face() {
        return CounterEvent.face("term-1", CANTEEN, "m-001", true, 93, null);
    }

    /** Decides with the gateway clock fixed at {@code dateTime}, Shanghai time; the event carries no time. */
    private static Decision decide(SubsidyPolicy policy, String dateTime, CounterEvent event, RosterEntry member,
                                   List<SubsidisedMeal> today) {
        Clock clock = Clock.fixed(at(dateTime), SHANGHAI);
        return new EligibilityEngine(policy, clock).decide(event, member, today);
    }

    private static Decision decide(SubsidyPolicy policy, String dateTime, RosterEntry member) {
        return decide(policy, dateTime, face(), member, List.of());
    }

    private static SubsidisedMeal meal(String window, String dateTime, String canteen, long fen) {
        return new SubsidisedMeal("m-001", canteen, window, at(dateTime), fen, VerificationMethod.FACE);
    }

    private static List<MealWindow> windows(long breakfastFen) {
        return List.of(new MealWindow("breakfast", "早餐", LocalTime.of(6, 0), LocalTime.of(9, 0), breakfastFen),
                new MealWindow("lunch", "午餐", LocalTime.of(11, 0), LocalTime.of(13, 30), 1500),
                new MealWindow("dinner", "晚餐", LocalTime.of(17, 30), LocalTime.of(19, 30), 1200));
    }

    private static SubsidyPolicy policy(List<AgeTier> ages, List<HardshipTier> hardship, boolean residency,
                                        List<MealWindow> windows, DailyCap cap) {
        return new SubsidyPolicy("test", "test", ages, hardship, residency, windows, true, cap, Map.of(),
                EnumSet.of(VerificationMethod.FACE, VerificationMethod.CARD), 80);
    }

    // --- Beijing: 5 yuan a day for 60+ --------------------------------------------------------------

    @Test
    void shouldNotSubsidiseBeijingOnTheLastDayBeforeThe60thBirthdayMonth() {
        Decision d = decide(preset("beijing"), "2026-02-28T12:00", member("1966-03"));

        assertFalse(d.eligible());
        assertEquals(ReasonCode.UNDER_AGE, d.reason());
        assertEquals(0, d.subsidyFen());
        assertEquals(1500, d.payFen());
        assertEquals("未满 60 周岁，按原价", d.zh());
    }

    @Test
    void shouldSubsidiseBeijingFromTheFirstDayOfThe60thBirthdayMonth() {
        Decision d = decide(preset("beijing"), "2026-03-01T12:00", member("1966-03"));

        assertTrue(d.eligible());
        assertEquals(ReasonCode.OK, d.reason());
        assertEquals("age-60", d.tier());
        assertEquals(500, d.subsidyFen());
        assertEquals(1000, d.payFen());
        assertEquals("午餐补贴 5.00 元，应付 10.00 元", d.zh());
    }

    @Test
    void shouldApplyBeijingsDailyAmountToTheFirstMealOnly() {
        List<SubsidisedMeal> today = List.of(meal("lunch", "2026-03-02T11:40", CANTEEN, 500));

        Decision d = decide(preset("beijing"), "2026-03-02T18:00", face(), member("1950-01"), today);

        assertEquals(ReasonCode.DAILY_CAP_REACHED, d.reason());
        assertEquals(1200, d.payFen());
    }

    @Test
    void shouldCarryTheRestOfADailyAmountToTheNextMeal() {
        SubsidyPolicy p = policy(List.of(new AgeTier(60, 500, SubsidyBasis.DAY)), List.of(), false, windows(300),
                DailyCap.NONE);

        Decision breakfast = decide(p, "2026-03-02T07:30", member("1950-01"));
        Decision lunch = decide(p, "2026-03-02T12:00", face(), member("1950-01"), List.of(breakfast.meal().orElseThrow()));

        assertEquals(300, breakfast.subsidyFen());
        assertEquals(0, breakfast.payFen());
        assertEquals(200, lunch.subsidyFen());
        assertEquals(1300, lunch.payFen());
    }

    // --- Shenzhen Futian: 5 yuan a meal for 70+, 15 for 60+ in hardship groups ----------------------

    @Test
    void shouldNotSubsidiseFutianOnTheLastDayBeforeThe70thBirthdayMonth() {
        Decision d = decide(preset("shenzhen-futian"), "2026-06-30T12:00", member("1956-07"));

        assertEquals(ReasonCode.UNDER_AGE, d.reason());
        assertEquals("under 70 (age 69): full price", d.en());
    }

    @Test
    void shouldSubsidiseFutianFiveYuanFromThe70thBirthdayMonth() {
        Decision d = decide(preset("shenzhen-futian"), "2026-07-01T12:00", member("1956-07"));

        assertEquals(500, d.subsidyFen());
        assertEquals("age-70", d.tier());
    }

    @Test
    void shouldNotSubsidiseAFutianHardshipMemberBeforeThe60thBirthdayMonth() {
        Decision d = decide(preset("shenzhen-futian"), "2026-04-30T12:00", hardship("1966-05", "dibao"));

        assertEquals(ReasonCode.UNDER_AGE, d.reason());
        assertEquals("未满 60 周岁，按原价", d.zh());
    }

    @Test
    void shouldSubsidiseAFutianHardshipMemberFifteenYuanFromThe60thBirthdayMonth() {
        Decision d = decide(preset("shenzhen-futian"), "2026-05-01T12:00", hardship("1966-05", "dibao"));

        assertEquals(1500, d.subsidyFen());
        assertEquals(0, d.payFen());
        assertEquals("dibao-60", d.tier());
    }

    @Test
    void shouldApplyTheLargerTierNotTheSumForAHardshipMemberOver70() {
        Decision d = decide(preset("shenzhen-futian"), "2026-05-01T18:00", hardship("1950-01", "tekun"));

        assertEquals(1200, d.subsidyFen(), "15 yuan capped at the 12 yuan dinner, not 15 + 5");
        assertEquals("tekun-60", d.tier());
    }

    @Test
    void shouldTreatAnUnlistedHardshipCategoryAsNone() {
        Decision d = decide(preset("shenzhen-futian"), "2026-05-01T12:00", hardship("1962-01", "disabled"));

        assertEquals(ReasonCode.UNDER_AGE, d.reason());
        assertEquals("未满 70 周岁，按原价", d.zh());
    }

    // --- Xuyi: 1 yuan a meal for 65+ ---------------------------------------------------------------

    @Test
    void shouldNotSubsidiseXuyiOnTheLastDayBeforeThe65thBirthdayMonth() {
        assertEquals(ReasonCode.UNDER_AGE, decide(preset("xuyi"), "2026-08-31T12:00", member("1961-09")).reason());
    }

    @Test
    void shouldSubsidiseXuyiOneYuanAMealFromThe65thBirthdayMonth() {
        Decision lunch = decide(preset("xuyi"), "2026-09-01T12:00", member("1961-09"));
        Decision dinner = decide(preset("xuyi"), "2026-09-01T18:00", face(), member("1961-09"),
                List.of(lunch.meal().orElseThrow()));

        assertEquals(100, lunch.subsidyFen());
        assertEquals(900, lunch.payFen());
        assertEquals(100, dinner.subsidyFen(), "per meal: every window gets its own yuan");
    }

    @Test
    void shouldCountTheBirthMonthAsReachedFromItsFirstDay() {
        assertEquals(59, EligibilityEngine.ageOn(YearMonth.of(1966, 3), LocalDate.of(2026, 2, 28)));
        assertEquals(60, EligibilityEngine.ageOn(YearMonth.of(1966, 3), LocalDate.of(2026, 3, 1)));
        assertEquals(60, EligibilityEngine.ageOn(YearMonth.of(1966, 3), LocalDate.of(2027, 2, 28)));
        assertEquals(61, EligibilityEngine.ageOn(YearMonth.of(1966, 12), LocalDate.of(2027, 12, 1)));
    }

    // --- Meal windows: from inclusive, to exclusive --------------------------------------------------

    @Test
    void shouldServeAtTheFirstSecondOfAWindow() {
        Decision d = decide(preset("beijing"), "2026-03-02T11:00:00", member("1950-01"));

        assertTrue(d.eligible());
        assertEquals("lunch", d.window());
    }

    @Test
    void shouldNotServeBeforeAWindowOpens() {
        assertEquals(ReasonCode.OUTSIDE_WINDOW, decide(preset("beijing"), "2026-03-02T10:59:59", member("1950-01")).reason());
    }

    @Test
    void shouldServeAtTheLastSecondOfAWindow() {
        assertTrue(decide(preset("beijing"), "2026-03-02T13:29:59", member("1950-01")).eligible());
    }

    @Test
    void shouldNotServeAtTheEndOfAWindow() {
        Decision d = decide(preset("beijing"), "2026-03-02T13:30:00", member("1950-01"));

        assertEquals(ReasonCode.OUTSIDE_WINDOW, d.reason());
        assertNull(d.window());
        assertEquals(0, d.subsidyFen());
        assertEquals("不在用餐时段（早餐 06:00–09:00，午餐 11:00–13:30，晚餐 17:30–19:30）", d.zh());
    }

    // --- One subsidised meal per window, across canteens --------------------------------------------

    @Test
    void shouldRefuseASecondClaimInTheSameWindowAtTheSameCanteen() {
        List<SubsidisedMeal> today = List.of(meal("lunch", "2026-03-02T11:52:10", CANTEEN, 100));

        Decision d = decide(preset("xuyi"), "2026-03-02T12:30", face(), member("1950-01"), today);

        assertEquals(ReasonCode.ALREADY_HAD_MEAL, d.reason());
        assertEquals("本时段已用餐（11:52）", d.zh());
        assertEquals("already had lunch at 11:52", d.en());
        assertEquals(0, d.subsidyFen());
        assertEquals(1000, d.payFen());
        assertTrue(d.meal().isEmpty());
    }

    @Test
    void shouldRefuseASecondClaimInTheSameWindowAtAnotherCanteen() {
        List<SubsidisedMeal> today = List.of(meal("lunch", "2026-03-02T11:52", "canteen-b", 100));

        Decision d = decide(preset("xuyi"), "2026-03-02T12:30", face(), member("1950-01"), today);

        assertEquals(ReasonCode.ALREADY_HAD_MEAL, d.reason());
        assertEquals("本时段已用餐（11:52，canteen-b）", d.zh());
        assertEquals("already had lunch at 11:52 in canteen-b", d.en());
    }

    @Test
    void shouldNameTheFirstMealWhenSeveralAreRecorded() {
        List<SubsidisedMeal> today = List.of(meal("lunch", "2026-03-02T12:05", "canteen-b", 100),
                meal("lunch", "2026-03-02T11:20", CANTEEN, 100));

        assertEquals("本时段已用餐（11:20）", decide(preset("xuyi"), "2026-03-02T12:30", face(), member("1950-01"), today).zh());
    }

    @Test
    void shouldIgnoreYesterdaysMealAndOtherMembersMeals() {
        List<SubsidisedMeal> meals = List.of(meal("lunch", "2026-03-01T11:52", CANTEEN, 100),
                new SubsidisedMeal("m-002", CANTEEN, "lunch", at("2026-03-02T11:10"), 100, VerificationMethod.CARD));

        assertTrue(decide(preset("xuyi"), "2026-03-02T12:30", face(), member("1950-01"), meals).eligible());
    }

    // --- Daily cap -----------------------------------------------------------------------------------

    @Test
    void shouldRefuseAMealBeyondTheDailyMealCap() {
        SubsidyPolicy p = policy(List.of(new AgeTier(60, 300, SubsidyBasis.MEAL)), List.of(), false, windows(600),
                new DailyCap(2, Long.MAX_VALUE));
        List<SubsidisedMeal> today = List.of(meal("breakfast", "2026-03-02T07:00", CANTEEN, 300),
                meal("lunch", "2026-03-02T12:00", "canteen-b", 300));

        Decision d = decide(p, "2026-03-02T18:00", face(), member("1950-01"), today);

        assertEquals(ReasonCode.DAILY_CAP_REACHED, d.reason());
        assertEquals("今日补贴餐次已满（2 餐），按原价", d.zh());
        assertEquals(1200, d.payFen());
    }

    @Test
    void shouldGrantOnlyWhatIsLeftUnderTheDailyAmountCap() {
        SubsidyPolicy p = policy(List.of(new AgeTier(60, 300, SubsidyBasis.MEAL)), List.of(), false, windows(600),
                new DailyCap(3, 500));
        List<SubsidisedMeal> today = new ArrayList<>(List.of(meal("breakfast", "2026-03-02T07:00", CANTEEN, 300)));

        Decision lunch = decide(p, "2026-03-02T12:00", face(), member("1950-01"), today);
        today.add(lunch.meal().orElseThrow());
        Decision dinner = decide(p, "2026-03-02T18:00", face(), member("1950-01"), today);

        assertEquals(200, lunch.subsidyFen());
        assertEquals(ReasonCode.DAILY_CAP_REACHED, dinner.reason());
    }

    // --- Verification ---------------------------------------------------------------------------------

    @Test
    void shouldOfferTheNonFaceAlternativesWhenTheFaceDoesNotMatch() {
        CounterEvent miss = CounterEvent.face("term-1", CANTEEN, "m-001", false, 41, null);

        Decision d = decide(preset("beijing"), "2026-03-02T12:00", miss, member("1950-01"), List.of());

        assertFalse(d.eligible());
        assertEquals(ReasonCode.FACE_NOT_MATCHED, d.reason());
        assertEquals(0, d.subsidyFen());
        assertEquals(1500, d.payFen());
        assertNull(d.memberId(), "an unmatched face proves nobody");
        assertEquals(List.of(VerificationMethod.CARD, VerificationMethod.ID, VerificationMethod.PIN), d.alternatives());
        assertEquals("人脸未识别，请刷卡、身份证、PIN 码", d.zh());
    }

    @Test
    void shouldTreatAFaceScoreBelowThePolicyMinimumAsNotMatched() {
        SubsidyPolicy p = policy(List.of(new AgeTier(60, 300, SubsidyBasis.MEAL)), List.of(), false, windows(600),
                DailyCap.NONE);

        Decision low = decide(p, "2026-03-02T12:00", CounterEvent.face("t", CANTEEN, "m-001", true, 79, null),
                member("1950-01"), List.of());
        Decision enough = decide(p, "2026-03-02T12:00", CounterEvent.face("t", CANTEEN, "m-001", true, 80, null),
                member("1950-01"), List.of());

        assertEquals(ReasonCode.FACE_NOT_MATCHED, low.reason());
        assertEquals(List.of(VerificationMethod.CARD), low.alternatives());
        assertTrue(enough.eligible());
    }

    @Test
    void shouldSubsidiseTheSameMemberByCardAfterAFailedFace() {
        CounterEvent card = CounterEvent.credential("term-1", CANTEEN, VerificationMethod.CARD, "m-001", null);

        Decision d = decide(preset("beijing"), "2026-03-02T12:00", card, member("1950-01"), List.of());

        assertTrue(d.eligible());
        assertEquals(VerificationMethod.CARD, d.meal().orElseThrow().method());
    }

    @Test
    void shouldRefuseAMethodThePolicyDoesNotAccept() {
        CounterEvent id = CounterEvent.credential("term-1", CANTEEN, VerificationMethod.ID, "m-001", null);

        Decision d = decide(preset("xuyi"), "2026-03-02T12:00", id, member("1950-01"), List.of());

        assertEquals(ReasonCode.METHOD_NOT_ALLOWED, d.reason());
        assertEquals(List.of(VerificationMethod.FACE, VerificationMethod.CARD, VerificationMethod.PIN), d.alternatives());
    }

    // --- Roster ---------------------------------------------------------------------------------------

    @Test
    void shouldChargeFullPriceToSomeoneNotInTheRoster() {
        CounterEvent card = CounterEvent.credential("term-1", CANTEEN, VerificationMethod.CARD, null, null);

        Decision d = decide(preset("beijing"), "2026-03-02T12:00", card, null, List.of());

        assertEquals(ReasonCode.NOT_IN_ROSTER, d.reason());
        assertEquals(1500, d.payFen());
    }

    @Test
    void shouldNotTrustARosterEntryForAnotherMember() {
        RosterEntry other = new RosterEntry("m-999", YearMonth.of(1950, 1), null, true, true);

        assertEquals(ReasonCode.NOT_IN_ROSTER, decide(preset("beijing"), "2026-03-02T12:00", face(), other, List.of()).reason());
    }

    @Test
    void shouldChargeFullPriceToAnInactiveMember() {
        RosterEntry inactive = new RosterEntry("m-001", YearMonth.of(1950, 1), null, true, false);

        Decision d = decide(preset("beijing"), "2026-03-02T12:00", face(), inactive, List.of());

        assertEquals(ReasonCode.INACTIVE, d.reason());
        assertEquals("m-001", d.memberId());
    }

    @Test
    void shouldRefuseANonResidentWhenThePolicyRequiresResidency() {
        SubsidyPolicy p = policy(List.of(new AgeTier(60, 300, SubsidyBasis.MEAL)), List.of(), true, windows(600),
                DailyCap.NONE);
        RosterEntry visitor = new RosterEntry("m-001", YearMonth.of(1950, 1), null, false, true);

        assertEquals(ReasonCode.NOT_RESIDENT, decide(p, "2026-03-02T12:00", face(), visitor, List.of()).reason());
    }

    @Test
    void shouldSayNoTierWhenOnlyHardshipGroupsAreSubsidised() {
        SubsidyPolicy p = policy(List.of(), List.of(new HardshipTier("tekun", 0, 800, SubsidyBasis.MEAL)), false,
                windows(600), DailyCap.NONE);

        assertEquals(ReasonCode.NO_TIER, decide(p, "2026-03-02T12:00", member("1950-01")).reason());
        assertEquals(800, decide(p, "2026-03-02T12:00", hardship("1950-01", "tekun")).subsidyFen());
    }

    // --- Time and money -------------------------------------------------------------------------------

    @Test
    void shouldReckonTheWindowInTheSiteZoneFromTheEventTime() {
        SubsidyPolicy p = preset("beijing");
        Clock utc = Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), SHANGHAI);
        // 04:00 UTC is 12:00 in Shanghai: lunch.
        CounterEvent stamped = CounterEvent.face("t", CANTEEN, "m-001", true, 90, Instant.parse("2026-03-02T04:00:00Z"));

        Decision d = new EligibilityEngine(p, utc).decide(stamped, member("1950-01"), List.of());

        assertEquals("lunch", d.window());
        assertEquals(Instant.parse("2026-03-02T04:00:00Z"), d.at());
    }

    @Test
    void shouldPriceANamedItemInsteadOfTheSetMeal() {
        SubsidyPolicy p = new SubsidyPolicy("t", "t", List.of(new AgeTier(60, 500, SubsidyBasis.MEAL)), List.of(), false,
                windows(600), true, DailyCap.NONE, Map.of("noodles", 800L), Set.of(VerificationMethod.CARD), 0);
        CounterEvent card = CounterEvent.credential("t", CANTEEN, VerificationMethod.CARD, "m-001", null).withItem("noodles");

        Decision d = decide(p, "2026-03-02T12:00", card, member("1950-01"), List.of());

        assertEquals(800, d.priceFen());
        assertEquals(300, d.payFen());
    }

    @Test
    void shouldKeepMoneyAsWholeFenNeverFloatingPoint() {
        for (Class<?> type : List.of(Decision.class, SubsidisedMeal.class, CounterEvent.class, RosterEntry.class)) {
            for (RecordComponent c : type.getRecordComponents()) {
                Class<?> t = c.getType();
                assertFalse(t == double.class || t == float.class || t == Double.class || t == Float.class,
                        type.getSimpleName() + "." + c.getName());
                if (c.getName().endsWith("Fen")) {
                    assertEquals(long.class, t, type.getSimpleName() + "." + c.getName());
                }
            }
        }
        Decision d = decide(preset("xuyi"), "2026-03-02T12:00", member("1950-01"));
        assertEquals(d.priceFen(), d.subsidyFen() + d.payFen());
    }
}
