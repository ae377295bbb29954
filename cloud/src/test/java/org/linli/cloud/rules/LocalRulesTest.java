package org.linli.cloud.rules;

import org.junit.jupiter.api.Test;
import org.linli.cloud.rules.EncroachmentEvent.EncroachmentStarted;
import org.linli.cloud.rules.NoiseEvent.EpisodeEnded;
import org.linli.cloud.rules.NoiseEvent.EpisodeStarted;
import org.linli.cloud.rules.NoiseEvent.Reason;
import org.linli.config.ConfigException;
import org.linli.config.Site;
import org.linli.config.SiteLoader;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules configured per space from the site inventory's {@code rules:} blocks: the same readings on a
 * space with local rules and on one without, through the {@link RuleEngine}.
 */
class LocalRulesTest {
    static final ZoneId TZ = ZoneId.of("Asia/Shanghai");
    static final LocalDate DAY = LocalDate.of(2026, 6, 10);
    static final Duration LAG = Duration.ofMinutes(5);

    /**
     * Two class-1 plazas, one with the city's end time 21:00 and a 70 dB boundary cap; two class-4a
     * plazas by a road, one capped at 65 dB; two green spaces, one with a 10-minute dwell.
     */
    static final String SITE = """
            id: huayuan
            timezone: Asia/Shanghai
            grids:
              - {id: g1, level: 1}
              - {id: g1-1, level: 3, parent: g1, worker: 李秀英}
            spaces:
              - id: plaza-late
                kind: plaza
                grid: g1-1
                noiseZone: "1"
                rules:
                  noise: {endTime: "21:00", boundaryCapDb: 70}
              - {id: plaza-plain, kind: plaza, grid: g1-1, noiseZone: "1"}
              - id: road-capped
                kind: plaza
                grid: g1-1
                noiseZone: "4a"
                rules:
                  noise: {boundaryCapDb: 65}
              - {id: road-plain, kind: plaza, grid: g1-1, noiseZone: "4a"}
              - id: green-quick
                kind: green-space
                grid: g1-1
                noiseZone: "1"
                rules:
                  encroachment: {dwell: %s}
              - {id: green-plain, kind: green-space, grid: g1-1, noiseZone: "1"}
            gateways:
              - id: gw-01
                sensors:
                  - {id: noise-1, kind: sound-level-meter, space: plaza-late, transport: mqtt, topic: s/1, field: laeq}
                  - {id: noise-2, kind: sound-level-meter, space: plaza-plain, transport: mqtt, topic: s/2, field: laeq}
                  - {id: noise-3, kind: sound-level-meter, space: road-capped, transport: mqtt, topic: s/3, field: laeq}
                  - {id: noise-4, kind: sound-level-meter, space: road-plain, transport: mqtt, topic: s/4, field: laeq}
                  - {id: park-1, kind: parking, space: green-quick, transport: mqtt, topic: s/5, field: occupancy}
                  - {id: park-2, kind: parking, space: green-plain, transport: mqtt, topic: s/6, field: occupancy}
            """;

    static Site site(String dwell) {
        try {
            return SiteLoader.parse("site.yaml", SITE.formatted(dwell));
        } catch (ConfigException e) {
            throw new IllegalStateException("the test site must load: " + e.problems(), e);
        }
    }

    static Instant at(int hour, int minute) {
        return DAY.atTime(hour, minute).atZone(TZ).toInstant();
    }

    /** A sound level meter's minute: LAeq, Lmax 6 dB over it, and the background L90 given. */
    static Reading minute(String sensor, Instant start, double laeq, double l90) {
        return new Reading(sensor, start.toEpochMilli(),
                Map.of("laeq", laeq, "lmax", laeq + 6, "lmin", l90 - 2, "l10", laeq + 2, "l90", l90), "dBA",
                Quality.GOOD, null);
    }

    /** Minutes [from, to) of {@code sensors} at one level, each minute one batch. */
    static List<RuleEvents> noise(RuleEngine engine, Instant from, Instant to, double laeq, double l90, String... sensors) {
        List<RuleEvents> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1))) {
            List<Reading> batch = new ArrayList<>();
            for (String s : sensors) {
                batch.add(minute(s, t, laeq, l90));
            }
            out.add(engine.accept(batch));
        }
        return out;
    }

    /** A state reading a minute in [from, to) of {@code sensors}. */
    static List<RuleEvents> occupancy(RuleEngine engine, Instant from, Instant to, boolean occupied, String... sensors) {
        List<RuleEvents> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1))) {
            List<Reading> batch = new ArrayList<>();
            for (String s : sensors) {
                batch.add(Reading.of(s, t.toEpochMilli(), "occupied", occupied ? 1 : 0, "bool"));
            }
            out.add(engine.accept(batch));
        }
        return out;
    }

    static <T> List<T> all(List<RuleEvents> events, Class<T> type) {
        return RuleEngineTest.all(events, type);
    }

    @Test
    void shouldOpenAnEpisodeAfterTheLocalEndTimeForMusicUnderTheDayLimit() {
        RuleEngine engine = new RuleEngine(site("10m"), RuleSettings.defaults(), LAG, at(20, 40));
        List<RuleEvents> events = new ArrayList<>();
        // A 45 dB background (L90), music at 58 dB(A) 21:10-21:40: under class 1's 55 + 3 by day, but 13 dB
        // over the background after 21:00.
        events.addAll(noise(engine, at(20, 40), at(21, 10), 47, 45, "noise-1", "noise-2"));
        events.addAll(noise(engine, at(21, 10), at(21, 40), 58, 52, "noise-1", "noise-2"));
        events.addAll(noise(engine, at(21, 40), at(22, 10), 47, 45, "noise-1", "noise-2"));

        List<EpisodeStarted> started = all(events, EpisodeStarted.class);
        assertEquals(1, started.size(), started.toString());
        EpisodeStarted s = started.get(0);
        assertEquals("plaza-late", s.space(), "only the space with the end time");
        assertEquals(at(21, 10), s.start());
        assertEquals(at(21, 15), s.confirmedAt(), "five loud minutes");
        assertEquals(Reason.AFTER_END_TIME, s.reason());
        assertEquals(55.0, s.limitDb(), 0.05, "the zone's day limit: the 70 dB cap is not lower");
        List<EpisodeEnded> ended = all(events, EpisodeEnded.class);
        assertEquals(1, ended.size(), ended.toString());
        assertEquals(at(21, 40), ended.get(0).end());
        assertEquals(30, ended.get(0).minutesAbove());
    }

    @Test
    void shouldJudgeAgainstTheBoundaryCapWhereItIsUnderTheZoneLimit() {
        RuleEngine engine = new RuleEngine(site("10m"), RuleSettings.defaults(), LAG, at(15, 0));
        List<RuleEvents> events = new ArrayList<>();
        // Class 4a by day: 70 dB(A), loud over 73. Music at 70: loud only where the cap is 65 (over 68).
        events.addAll(noise(engine, at(15, 0), at(15, 10), 55, 50, "noise-3", "noise-4"));
        events.addAll(noise(engine, at(15, 10), at(15, 40), 70, 64, "noise-3", "noise-4"));

        List<EpisodeStarted> started = all(events, EpisodeStarted.class);
        assertEquals(1, started.size(), started.toString());
        assertEquals("road-capped", started.get(0).space());
        assertEquals(Reason.OVER_CAP, started.get(0).reason());
        assertEquals(65.0, started.get(0).limitDb(), 0.05);
    }

    @Test
    void shouldStartAnEncroachmentAfterTheSpacesOwnDwellAndTheDefaultAfterThirtyMinutes() {
        RuleEngine engine = new RuleEngine(site("10m"), RuleSettings.defaults(), LAG, at(19, 50));
        List<RuleEvents> events = new ArrayList<>();
        // The same car on both green spaces 20:00-20:40: confirmed 20:01.
        events.addAll(occupancy(engine, at(19, 50), at(20, 0), false, "park-1", "park-2"));
        events.addAll(occupancy(engine, at(20, 0), at(20, 40), true, "park-1", "park-2"));

        assertEquals(List.of(
                        new EncroachmentStarted("green-quick", at(20, 0), at(20, 11), Duration.ofMinutes(10)),
                        new EncroachmentStarted("green-plain", at(20, 0), at(20, 31), Duration.ofMinutes(30))),
                all(events, EncroachmentStarted.class));
    }

    @Test
    void shouldApplyASiteWideEndTimeToASpaceWithoutItsOwn() throws Exception {
        Site site = SiteLoader.parse("site.yaml", SITE.formatted("10m").replace("timezone: Asia/Shanghai\n",
                "timezone: Asia/Shanghai\nrules:\n  noise: {endTime: \"21:00\"}\n"));
        RuleEngine engine = new RuleEngine(site, RuleSettings.defaults(), LAG, at(20, 40));
        List<RuleEvents> events = new ArrayList<>();
        events.addAll(noise(engine, at(20, 40), at(21, 10), 47, 45, "noise-2"));
        events.addAll(noise(engine, at(21, 10), at(21, 40), 58, 52, "noise-2"));

        List<EpisodeStarted> started = all(events, EpisodeStarted.class);
        assertEquals(1, started.size(), started.toString());
        assertEquals("plaza-plain", started.get(0).space());
        assertEquals(Reason.AFTER_END_TIME, started.get(0).reason());
    }

    @Test
    void shouldApplyEachSpacesOwnSettings() {
        RuleEngine engine = new RuleEngine(site("10m"), RuleSettings.defaults(), LAG, at(19, 50));

        assertEquals(LocalTime.of(21, 0), engine.settings("plaza-late").noise().endTime());
        assertEquals(70.0, engine.settings("plaza-late").noise().boundaryCapDb());
        assertEquals(null, engine.settings("plaza-plain").noise().endTime());
        assertEquals(Duration.ofMinutes(10), engine.settings("green-quick").encroachment().dwell().get(org.linli.config.SpaceKind.GREEN_SPACE));
        assertEquals(RuleSettings.defaults(), engine.settings(), "the base settings stay the defaults");
    }

    @Test
    void shouldStartASavedEncroachmentAtTheRestoreWhenTheDwellWasShortenedMeanwhile() {
        RuleEngine before = new RuleEngine(site("30m"), RuleSettings.defaults(), LAG, at(19, 50));
        List<RuleEvents> events = new ArrayList<>();
        events.addAll(occupancy(before, at(19, 50), at(20, 0), false, "park-1"));
        events.addAll(occupancy(before, at(20, 0), at(20, 21), true, "park-1"));
        RuleState saved = before.snapshot();
        assertTrue(all(events, EncroachmentStarted.class).isEmpty(), "19 minutes after confirmation: under 30");

        // The site file now says 10m: the 19 minutes already counted are over it.
        RuleEngine after = RuleEngine.restore(site("10m"), RuleSettings.defaults(), LAG, saved, at(20, 21));
        events.addAll(occupancy(after, at(20, 21), at(20, 30), true, "park-1"));

        assertEquals(List.of(new EncroachmentStarted("green-quick", at(20, 0), at(20, 20), Duration.ofMinutes(10))),
                all(events, EncroachmentStarted.class), "at the saved clock, not back at 20:11");
    }

    @Test
    void shouldKeepAnOpenEpisodeWhenTheWindowChangesBetweenRestarts() {
        RuleEngine before = new RuleEngine(site("10m"), RuleSettings.defaults(), LAG, at(19, 20));
        List<RuleEvents> events = new ArrayList<>();
        events.addAll(noise(before, at(19, 20), at(19, 30), 45, 42, "noise-2"));
        events.addAll(noise(before, at(19, 30), at(19, 50), 75, 70, "noise-2"));
        RuleState saved = before.snapshot();

        RuleEngine after = RuleEngine.restore(site("10m"), new RuleSettings(
                RuleSettings.Noise.defaults().withWindow(Duration.ofMinutes(5)), RuleSettings.Encroachment.defaults(),
                RuleSettings.Deadman.defaults()), LAG, saved, at(19, 50));
        events.addAll(noise(after, at(19, 50), at(20, 30), 75, 70, "noise-2"));
        events.addAll(noise(after, at(20, 30), at(20, 50), 45, 42, "noise-2"));

        assertEquals(1, all(events, EpisodeStarted.class).size(), "not started again");
        List<EpisodeEnded> ended = all(events, EpisodeEnded.class);
        assertEquals(1, ended.size());
        assertEquals(at(19, 30), ended.get(0).start());
        assertEquals(60, ended.get(0).minutesAbove(), "the minutes before the restart count");
        assertEquals(75.0, ended.get(0).peakDb(), 0.05);
    }
}
