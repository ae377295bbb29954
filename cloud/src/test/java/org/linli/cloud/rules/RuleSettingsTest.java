package org.linli.cloud.rules;

import org.junit.jupiter.api.Test;
import org.linli.config.NoiseZone;
import org.linli.config.RuleOverrides;
import org.linli.config.Space;
import org.linli.config.SpaceKind;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RuleSettings#forSpace}: defaults ← the site-wide rules ← the space's own rules. */
class RuleSettingsTest {
    static final RuleOverrides.Noise NO_NOISE = RuleOverrides.Noise.NONE;

    static Space space(SpaceKind kind, RuleOverrides rules) {
        return new Space("s1", "空间", kind, "g1-1", NoiseZone.CLASS_1, List.of(), rules);
    }

    static RuleOverrides noise(LocalTime endTime, Double capDb, Duration window) {
        return new RuleOverrides(new RuleOverrides.Noise(endTime, capDb, null, window, null, null, null),
                RuleOverrides.Encroachment.NONE);
    }

    static RuleOverrides dwell(Duration dwell, Map<SpaceKind, Duration> byKind) {
        return new RuleOverrides(NO_NOISE, new RuleOverrides.Encroachment(dwell, byKind, null, null));
    }

    @Test
    void shouldBeTheDefaultsWithoutLocalRules() {
        RuleSettings own = RuleSettings.defaults().forSpace(RuleOverrides.NONE, space(SpaceKind.PLAZA, RuleOverrides.NONE));

        assertEquals(RuleSettings.defaults().noise(), own.noise());
        assertEquals(RuleSettings.defaults().encroachment(), own.encroachment());
        assertEquals("defaults", RuleSettings.source(RuleOverrides.NONE, space(SpaceKind.PLAZA, RuleOverrides.NONE)));
    }

    @Test
    void shouldTakeTheSiteWideEndTimeForEverySpace() {
        RuleOverrides site = noise(LocalTime.of(21, 0), null, null);

        RuleSettings own = RuleSettings.defaults().forSpace(site, space(SpaceKind.PLAZA, RuleOverrides.NONE));

        assertEquals(LocalTime.of(21, 0), own.noise().endTime());
        assertNull(own.noise().boundaryCapDb());
        assertEquals(Duration.ofMinutes(10), own.noise().window(), "the rest stays the default");
        assertEquals("site", RuleSettings.source(site, space(SpaceKind.PLAZA, RuleOverrides.NONE)));
    }

    @Test
    void shouldLetTheSpaceOverrideTheSiteKeyByKey() {
        RuleOverrides site = noise(LocalTime.of(22, 0), 70.0, null);
        Space plaza = space(SpaceKind.PLAZA, noise(LocalTime.of(21, 0), null, Duration.ofMinutes(15)));

        RuleSettings own = RuleSettings.defaults().forSpace(site, plaza);

        assertEquals(LocalTime.of(21, 0), own.noise().endTime(), "the space's own");
        assertEquals(70.0, own.noise().boundaryCapDb(), "the site's: the space sets none");
        assertEquals(Duration.ofMinutes(15), own.noise().window());
        assertEquals(3.0, own.noise().marginDb(), "the default");
        assertEquals("space", RuleSettings.source(site, plaza));
    }

    @Test
    void shouldKeepTheDwellDefaultsByKind() {
        RuleSettings green = RuleSettings.defaults().forSpace(RuleOverrides.NONE, space(SpaceKind.GREEN_SPACE, RuleOverrides.NONE));
        RuleSettings lane = RuleSettings.defaults().forSpace(RuleOverrides.NONE, space(SpaceKind.FIRE_LANE, RuleOverrides.NONE));

        assertEquals(Duration.ofMinutes(30), green.encroachment().dwell().get(SpaceKind.GREEN_SPACE));
        assertEquals(Duration.ofMinutes(5), lane.encroachment().dwell().get(SpaceKind.FIRE_LANE));
    }

    @Test
    void shouldTakeASpacesOwnDwellOverTheSitesDwellOfItsKind() {
        RuleOverrides site = dwell(null, Map.of(SpaceKind.GREEN_SPACE, Duration.ofMinutes(20)));

        RuleSettings plain = RuleSettings.defaults().forSpace(site, space(SpaceKind.GREEN_SPACE, RuleOverrides.NONE));
        RuleSettings own = RuleSettings.defaults().forSpace(site,
                space(SpaceKind.GREEN_SPACE, dwell(Duration.ofMinutes(10), Map.of())));

        assertEquals(Duration.ofMinutes(20), plain.encroachment().dwell().get(SpaceKind.GREEN_SPACE));
        assertEquals(Duration.ofMinutes(10), own.encroachment().dwell().get(SpaceKind.GREEN_SPACE));
    }

    @Test
    void shouldWatchASpaceOfAnUnwatchedKindOnceItHasADwell() {
        Space plaza = space(SpaceKind.PLAZA, RuleOverrides.NONE);
        Space watched = space(SpaceKind.PLAZA, dwell(Duration.ofMinutes(45), Map.of()));

        assertFalse(EncroachmentRule.watches(plaza, RuleSettings.defaults().forSpace(RuleOverrides.NONE, plaza).encroachment()));
        assertTrue(EncroachmentRule.watches(watched, RuleSettings.defaults().forSpace(RuleOverrides.NONE, watched).encroachment()));
    }

    @Test
    void shouldTakeConfirmAndCooldownFromTheSpace() {
        Space green = space(SpaceKind.GREEN_SPACE, new RuleOverrides(NO_NOISE,
                new RuleOverrides.Encroachment(null, Map.of(), Duration.ofSeconds(30), Duration.ofMinutes(5))));

        RuleSettings.Encroachment e = RuleSettings.defaults().forSpace(RuleOverrides.NONE, green).encroachment();

        assertEquals(Duration.ofSeconds(30), e.confirm());
        assertEquals(Duration.ofMinutes(5), e.cooldown());
        assertEquals(Duration.ofMinutes(30), e.dwell().get(SpaceKind.GREEN_SPACE), "the kind's default");
    }
}
