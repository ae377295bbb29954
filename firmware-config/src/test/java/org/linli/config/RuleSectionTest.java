package org.linli.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The site inventory's {@code rules:} blocks, site-wide and on a space, through {@link SiteLoader}. */
class RuleSectionTest {

    private static String site(String siteRules, String spaceRules) {
        return "id: huayuan\n" + siteRules + """
                grids:
                  - {id: g1, level: 1}
                  - {id: g1-1, level: 3, parent: g1, worker: 李秀英}
                spaces:
                  - id: plaza
                    kind: plaza
                    grid: g1-1
                    noiseZone: "1"
                """ + spaceRules + """
                  - {id: green, kind: green-space, grid: g1-1, noiseZone: "1"}
                """;
    }

    private static List<ConfigProblem> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> SiteLoader.parse("site.yaml", yaml)).problems();
    }

    private static String only(List<ConfigProblem> problems) {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0).path() + ": " + problems.get(0).message();
    }

    @Test
    void shouldLoadASpacesLocalRules() throws Exception {
        Site site = SiteLoader.parse("site.yaml", site("", """
                    rules:
                      noise: {endTime: "21:00", boundaryCapDb: 70, marginDb: 2.5, window: 15m, startAfter: 3m, endAfter: 20m, emergenceDb: 8}
                      encroachment: {dwell: 10m, confirm: 30s, cooldown: 5m}
                """));

        RuleOverrides rules = site.space("plaza").orElseThrow().rules();
        assertEquals(new RuleOverrides.Noise(LocalTime.of(21, 0), 70.0, 2.5, Duration.ofMinutes(15), Duration.ofMinutes(3),
                Duration.ofMinutes(20), 8.0), rules.noise());
        assertEquals(new RuleOverrides.Encroachment(Duration.ofMinutes(10), Map.of(), Duration.ofSeconds(30),
                Duration.ofMinutes(5)), rules.encroachment());
        assertEquals(RuleOverrides.NONE, site.space("green").orElseThrow().rules(), "a space without a block");
        assertEquals(RuleOverrides.NONE, site.rules(), "no site-wide block");
    }

    @Test
    void shouldLoadOnlyTheKeysGivenAndLeaveTheRestUnset() throws Exception {
        Site site = SiteLoader.parse("site.yaml", site("", """
                    rules:
                      noise: {endTime: "21:30"}
                """));

        RuleOverrides rules = site.space("plaza").orElseThrow().rules();
        assertEquals(new RuleOverrides.Noise(LocalTime.of(21, 30), null, null, null, null, null, null), rules.noise());
        assertEquals(RuleOverrides.Encroachment.NONE, rules.encroachment());
    }

    @Test
    void shouldLoadSiteWideRulesWithTheDwellByKind() throws Exception {
        Site site = SiteLoader.parse("site.yaml", site("""
                rules:
                  noise: {endTime: "22:00", boundaryCapDb: 70}
                  encroachment:
                    dwell: {green-space: 20m, fire-lane: 3m}
                    cooldown: 3m
                """, ""));

        assertEquals(LocalTime.of(22, 0), site.rules().noise().endTime());
        assertEquals(70.0, site.rules().noise().boundaryCapDb());
        assertEquals(Map.of(SpaceKind.GREEN_SPACE, Duration.ofMinutes(20), SpaceKind.FIRE_LANE, Duration.ofMinutes(3)),
                site.rules().encroachment().dwellByKind());
        assertEquals(Duration.ofMinutes(3), site.rules().encroachment().cooldown());
    }

    @Test
    void shouldRefuseAnEndTimeThatIsNotHhMm() {
        assertEquals("spaces[0].rules.noise.endTime: '9pm' is not a time of day as HH:MM (write e.g. \"21:00\")",
                only(problems(site("", """
                            rules:
                              noise: {endTime: 9pm}
                        """))));
    }

    @Test
    void shouldRefuseABoundaryCapOutside30To120Db() {
        assertEquals("spaces[0].rules.noise.boundaryCapDb: 170 dB is out of range 30..120",
                only(problems(site("", """
                            rules:
                              noise: {boundaryCapDb: 170}
                        """))));
    }

    @Test
    void shouldRefuseANumberThatIsNotDecimal() {
        assertTrue(only(problems(site("", """
                    rules:
                      noise: {marginDb: NaN}
                """))).startsWith("spaces[0].rules.noise.marginDb: 'NaN' is not a number of dB"));
    }

    @Test
    void shouldRefuseANegativeDuration() {
        assertEquals("spaces[0].rules.encroachment.cooldown: must not be negative",
                only(problems(site("", """
                            rules:
                              encroachment: {cooldown: PT-5M}
                        """))));
    }

    @Test
    void shouldRefuseANoiseWindowThatIsNotWholeMinutes() {
        assertEquals("spaces[0].rules.noise.window: must be a whole number of minutes from 1m to 24h (the noise rule"
                        + " judges minutes), not 90s",
                only(problems(site("", """
                            rules:
                              noise: {window: 90s}
                        """))));
    }

    @Test
    void shouldRefuseAZeroDwell() {
        assertEquals("spaces[0].rules.encroachment.dwell: must be more than 0 and at most 7d, not 0m",
                only(problems(site("", """
                            rules:
                              encroachment: {dwell: 0m}
                        """))));
    }

    @Test
    void shouldRefuseAnUnknownKeyWithThePathNamed() {
        String problem = only(problems(site("", """
                    rules:
                      noise: {end_time: "21:00"}
                """)));

        assertTrue(problem.startsWith("spaces[0].rules.noise.end_time: unknown key (allowed here: boundaryCapDb, emergenceDb, endAfter, endTime"),
                problem);
    }

    @Test
    void shouldRefuseAnUnknownRuleName() {
        assertEquals("rules.deadman: unknown key (allowed here: encroachment, noise)",
                only(problems(site("""
                        rules:
                          deadman: {heartbeat: 5m}
                        """, ""))));
    }

    @Test
    void shouldRefuseASingleDwellSiteWide() {
        assertTrue(only(problems(site("""
                rules:
                  encroachment: {dwell: 10m}
                """, ""))).startsWith("rules.encroachment.dwell: site-wide, the dwell is set by space kind"));
    }

    @Test
    void shouldRefuseAnUnknownKindInTheSiteWideDwell() {
        assertTrue(only(problems(site("""
                rules:
                  encroachment:
                    dwell: {garden: 10m}
                """, ""))).startsWith("rules.encroachment.dwell.garden: 'garden' is not a space kind"));
    }

    @Test
    void shouldReportEveryBadValueOfABlockAtOnce() {
        List<ConfigProblem> problems = problems(site("", """
                    rules:
                      noise: {endTime: "25:00", boundaryCapDb: 20, startAfter: 0m}
                      encroachment: {confirm: soon}
                """));

        assertEquals(4, problems.size(), problems.toString());
        assertEquals(List.of("spaces[0].rules.noise.endTime", "spaces[0].rules.noise.boundaryCapDb",
                        "spaces[0].rules.noise.startAfter", "spaces[0].rules.encroachment.confirm"),
                problems.stream().map(ConfigProblem::path).toList());
    }
}
