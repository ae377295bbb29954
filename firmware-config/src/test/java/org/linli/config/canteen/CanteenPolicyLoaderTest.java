package org.linli.config.canteen;

import org.junit.jupiter.api.Test;
import org.linli.config.CanteenPolicyLoader;
import org.linli.config.ConfigException;
import org.linli.config.ConfigProblem;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanteenPolicyLoaderTest {

    private static List<String> problems(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> CanteenPolicyLoader.parse("policy.yaml", yaml));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void shouldLoadBeijingAsFiveYuanADayFromSixty() throws Exception {
        SubsidyPolicy p = CanteenPolicyLoader.preset("beijing");

        assertEquals(List.of(new AgeTier(60, 500, SubsidyBasis.DAY)), p.ageTiers());
        assertTrue(p.hardshipTiers().isEmpty());
        assertTrue(p.oneMealPerWindow());
        assertEquals(3, p.windows().size());
        assertEquals(List.of(VerificationMethod.CARD, VerificationMethod.ID, VerificationMethod.PIN), p.nonFaceMethods());
    }

    @Test
    void shouldLoadFutianAsFiveYuanAMealFromSeventyAndFifteenForHardshipFromSixty() throws Exception {
        SubsidyPolicy p = CanteenPolicyLoader.preset("shenzhen-futian");

        assertEquals(List.of(new AgeTier(70, 500, SubsidyBasis.MEAL)), p.ageTiers());
        assertEquals(List.of(new HardshipTier("dibao", 60, 1500, SubsidyBasis.MEAL),
                new HardshipTier("tekun", 60, 1500, SubsidyBasis.MEAL)), p.hardshipTiers());
    }

    @Test
    void shouldLoadXuyiAsOneYuanAMealFromSixtyFive() throws Exception {
        SubsidyPolicy p = CanteenPolicyLoader.preset("xuyi");

        assertEquals(List.of(new AgeTier(65, 100, SubsidyBasis.MEAL)), p.ageTiers());
        assertEquals(DailyCap.NONE, p.dailyCap());
    }

    @Test
    void shouldShipTheDomainMealWindowsInEveryPreset() throws Exception {
        for (String id : CanteenPolicyLoader.PRESETS) {
            SubsidyPolicy p = CanteenPolicyLoader.preset(id);
            MealWindow lunch = p.windows().get(1);
            assertEquals("lunch", lunch.name(), id);
            assertEquals(LocalTime.of(11, 0), lunch.from(), id);
            assertEquals(LocalTime.of(13, 30), lunch.to(), id);
            assertEquals("午餐", lunch.label(), id);
        }
    }

    @Test
    void shouldTreatTheWindowStartAsInsideAndTheEndAsOutside() throws Exception {
        MealWindow lunch = CanteenPolicyLoader.preset("beijing").windows().get(1);

        assertFalse(lunch.covers(LocalTime.of(10, 59, 59)));
        assertTrue(lunch.covers(LocalTime.of(11, 0)));
        assertTrue(lunch.covers(LocalTime.of(13, 29, 59, 999_999_999)));
        assertFalse(lunch.covers(LocalTime.of(13, 30)));
    }

    @Test
    void shouldLoadCapsItemPricesAndFaceScoreFromAFile() throws Exception {
        SubsidyPolicy p = CanteenPolicyLoader.load(Path.of("src/test/resources/canteen/capped.yaml"));

        assertEquals(new DailyCap(2, 600), p.dailyCap());
        assertEquals(800, p.priceFen(p.windows().get(1), "noodles"));
        assertEquals(1500, p.priceFen(p.windows().get(1), null));
        assertEquals(80, p.faceMinScore());
        assertEquals(SubsidyBasis.MEAL, p.ageTiers().get(0).basis());
    }

    @Test
    void shouldReportEveryProblemOfAFileWithItsLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CanteenPolicyLoader.load(Path.of("src/test/resources/canteen/broken.yaml")));
        List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
        String file = Path.of("src/test/resources/canteen/broken.yaml").toString();

        assertTrue(lines.contains(file + ":4: ageTiers[0].subsidyFen: '5.5' is not a whole number"), lines.toString());
        assertTrue(lines.contains(file + ":5: ageTiers[0].per: 'week' is not one of meal, day"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(file + ":12: windows[1].from: brunch overlaps breakfast")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(file + ":17: windows[2].to: must be after from")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(file + ":19: verification: a non-face way")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(file + ":20: colour: unknown key")), lines.toString());
        assertFalse(e.unreadable());
    }

    @Test
    void shouldRefuseAPolicyWithOnlyFaceVerification() {
        List<String> p = problems("""
                id: x
                ageTiers: [{minAge: 60, subsidyFen: 500}]
                windows: [{name: lunch, from: "11:00", to: "13:30", priceFen: 1500}]
                verification: [face]
                """);

        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("policy.yaml:4: verification: a non-face way (card, id or pin) must always exist"));
    }

    @Test
    void shouldRequireVerificationTiersAndWindows() {
        List<String> p = problems("id: x\n");

        assertTrue(p.contains("policy.yaml:1: windows: required"), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.startsWith("policy.yaml:1: verification: required")), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.startsWith("policy.yaml:1: ageTiers: required")), p.toString());
    }

    @Test
    void shouldRefuseTwoTiersForTheSameAge() {
        List<String> p = problems("""
                id: x
                ageTiers:
                  - {minAge: 60, subsidyFen: 500}
                  - {minAge: 60, subsidyFen: 300}
                windows: [{name: lunch, from: "11:00", to: "13:30", priceFen: 1500}]
                verification: [card]
                """);

        assertEquals(List.of("policy.yaml:4: ageTiers[1].minAge: a second tier for age 60"), p);
    }

    @Test
    void shouldRefuseAnUnknownPreset() {
        ConfigException e = assertThrows(ConfigException.class, () -> CanteenPolicyLoader.preset("shanghai"));

        assertTrue(e.unreadable());
        assertTrue(e.getMessage().contains("known: beijing, shenzhen-futian, xuyi"), e.getMessage());
    }

    @Test
    void shouldKeepMoneyInWholeFenNeverFloatingPoint() {
        for (Class<?> type : List.of(SubsidyPolicy.class, AgeTier.class, HardshipTier.class, MealWindow.class,
                DailyCap.class)) {
            for (RecordComponent c : type.getRecordComponents()) {
                assertFalse(c.getType() == double.class || c.getType() == float.class
                        || c.getType() == Double.class || c.getType() == Float.class, type.getSimpleName() + "." + c.getName());
            }
        }
        assertEquals("0.10", Fen.yuan(10));
        assertEquals("15.00", Fen.yuan(1500));
        assertEquals("-1.05", Fen.yuan(-105));
    }
}
