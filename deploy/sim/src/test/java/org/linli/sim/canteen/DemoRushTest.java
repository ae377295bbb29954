package org.linli.sim.canteen;

import org.junit.jupiter.api.Test;
import org.linli.config.CanteenPolicyLoader;
import org.linli.config.canteen.MealWindow;
import org.linli.config.canteen.SubsidyPolicy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoRushTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    @Test
    void shouldGenerateTheSameFictionalEldersForOneSeed() {
        List<DemoElders.Elder> elders = DemoElders.generate(7, 200, TODAY);
        assertEquals(elders, DemoElders.generate(7, 200, TODAY));
        assertNotEquals(elders, DemoElders.generate(8, 200, TODAY));
        assertEquals(200, elders.size());
        assertEquals(200, elders.stream().map(DemoElders.Elder::idNumber).distinct().count());
        assertEquals(200, elders.stream().map(DemoElders.Elder::card).distinct().count());
        for (DemoElders.Elder e : elders) {
            assertTrue(e.idNumber().startsWith("99"), "region code 99 is no province: " + e.idNumber());
            assertTrue(DemoElders.validIdNumber(e.idNumber()), e.idNumber());
            assertEquals(e.birth().toString().replace("-", ""), e.idNumber().substring(6, 12));
        }
        assertTrue(elders.stream().anyMatch(e -> !e.active()), "someone suspended");
        assertTrue(elders.stream().anyMatch(e -> e.birth().isAfter(java.time.YearMonth.from(TODAY.minusYears(60)))),
                "someone under 60");
    }

    @Test
    void shouldWriteTheRosterCsvTheCloudReads() {
        String csv = DemoElders.csv(DemoElders.generate(1, 3, TODAY));
        List<String> lines = csv.lines().toList();
        assertEquals("身份证号,姓名,户籍,出生年月,困难类别,在册,卡号", lines.get(0));
        assertEquals(4, lines.size());
        assertEquals(7, lines.get(1).split(",", -1).length);
    }

    @Test
    void shouldCheckTheIdNumberLikeGb11643() {
        assertTrue(DemoElders.validIdNumber("11010519491231002X")); // the standard's own example
        assertFalse(DemoElders.validIdNumber("110105194912310021"));
    }

    @Test
    void shouldMakeAPolicyWhoseLunchWindowCoversNow() throws Exception {
        for (LocalTime now : List.of(LocalTime.of(3, 2), LocalTime.of(0, 10), LocalTime.of(23, 50), LocalTime.of(12, 0))) {
            SubsidyPolicy policy = CanteenPolicyLoader.parse("demo", DemoPolicy.yaml(now));
            assertEquals(1, policy.windows().size());
            MealWindow lunch = policy.windows().get(0);
            assertEquals("lunch", lunch.name());
            assertFalse(now.isBefore(lunch.from()), now + " in " + lunch);
            assertTrue(now.isBefore(lunch.to()), now + " in " + lunch);
        }
    }

    @Test
    void shouldPlanEachElderOnceWithFallbacksSecondTriesAndStrangers() {
        List<String> members = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "m-" + i).toList();
        List<RushPlan.Step> steps = RushPlan.plan(members, 5, Duration.ofSeconds(180), 3, "face-1", "run");
        Map<RushPlan.Kind, Long> kinds = steps.stream().collect(Collectors.groupingBy(RushPlan.Step::kind, Collectors.counting()));
        assertEquals(200, kinds.get(RushPlan.Kind.FACE) + kinds.get(RushPlan.Kind.FACE_FAILED));
        assertEquals(kinds.get(RushPlan.Kind.FACE_FAILED), kinds.get(RushPlan.Kind.FALLBACK));
        assertEquals(5, kinds.get(RushPlan.Kind.STRANGER));
        assertTrue(kinds.getOrDefault(RushPlan.Kind.SECOND_TRY, 0L) > 0);
        Set<String> ids = new HashSet<>();
        steps.forEach(s -> assertTrue(ids.add(s.event().eventId()), "unique event ids"));
        for (int i = 1; i < steps.size(); i++) {
            assertFalse(steps.get(i).at().compareTo(steps.get(i - 1).at()) < 0, "in time order");
        }
        Map<String, RushPlan.Step> byId = steps.stream().collect(Collectors.toMap(s -> s.event().eventId(), Function.identity()));
        steps.stream().filter(s -> s.kind() == RushPlan.Kind.FACE_FAILED).forEach(s -> {
            assertFalse(s.event().matched());
            assertEquals(null, s.event().member());
        });
        assertEquals(steps.size(), byId.size());
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).kind() == RushPlan.Kind.FACE_FAILED) {
                RushPlan.Step next = steps.get(i + 1);
                assertEquals(RushPlan.Kind.FALLBACK, next.kind(), "the fallback follows its failed face match at once");
                assertTrue(next.at().minus(steps.get(i).at()).compareTo(Duration.ofMillis(2_500)) <= 0);
            }
        }
    }
}
