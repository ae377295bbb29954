package org.linli.cloud.rules;

import org.junit.jupiter.api.Test;
import org.linli.cloud.rules.DeadmanEvent.SensorOffline;
import org.linli.cloud.rules.EncroachmentEvent.EncroachmentStarted;
import org.linli.cloud.rules.NoiseEvent.EpisodeEnded;
import org.linli.cloud.rules.NoiseEvent.EpisodeStarted;
import org.linli.config.ConfigException;
import org.linli.config.Site;
import org.linli.config.SiteLoader;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleEngineTest {
    static final ZoneId TZ = ZoneId.of("Asia/Shanghai");
    static final Instant EVENING = LocalDate.of(2026, 6, 10).atTime(19, 30).atZone(TZ).toInstant();
    static final Duration LAG = Duration.ofMinutes(5);

    static Site site() {
        try (InputStream in = RuleEngineTest.class.getResourceAsStream("/site-rules.yaml")) {
            return SiteLoader.parse("site-rules.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ConfigException e) {
            throw new IllegalStateException("the rules' test site must load", e);
        }
    }

    /** A gateway's per-minute noise reading (as its NoiseMinute publishes it) at {@code start}. */
    static Reading minute(Instant start, double laeq) {
        return new Reading("noise-1", start.toEpochMilli(),
                Map.of("laeq", laeq, "lmax", laeq + 7, "lmin", laeq - 5, "l10", laeq + 2, "l90", laeq - 5), "dBA",
                Quality.GOOD, null);
    }

    /** Minutes [0, n) from {@code from} at {@code laeq}, each its own batch. */
    static List<RuleEvents> minutes(RuleEngine engine, Instant from, int n, double laeq) {
        List<RuleEvents> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(engine.accept(List.of(minute(from.plus(Duration.ofMinutes(i)), laeq))));
        }
        return out;
    }

    static <T> List<T> all(List<RuleEvents> events, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (RuleEvents e : events) {
            e.noise().stream().filter(type::isInstance).map(type::cast).forEach(out::add);
            e.encroachment().stream().filter(type::isInstance).map(type::cast).forEach(out::add);
            e.deadman().stream().filter(type::isInstance).map(type::cast).forEach(out::add);
        }
        return out;
    }

    @Test
    void shouldRouteNoiseMinutesToTheirSpaceAndOpenOneEpisode() {
        RuleEngine engine = new RuleEngine(site(), RuleSettings.defaults(), LAG, EVENING);

        List<EpisodeStarted> started = all(minutes(engine, EVENING, 20, 75), EpisodeStarted.class);

        assertEquals(1, started.size());
        assertEquals("plaza-east", started.get(0).space());
        assertEquals(EVENING, started.get(0).start());
        assertEquals(java.util.Set.of("plaza-east"), engine.noiseSpaces());
    }

    @Test
    void shouldEndAnEpisodeOnATickWhenTheReadingsStop() {
        RuleEngine engine = new RuleEngine(site(), RuleSettings.defaults(), LAG, EVENING);
        minutes(engine, EVENING, 20, 75);
        Instant musicStops = EVENING.plus(Duration.ofMinutes(20));

        List<RuleEvents> events = new ArrayList<>();
        events.add(engine.tick(musicStops.plus(Duration.ofMinutes(14))));
        assertTrue(all(events, EpisodeEnded.class).isEmpty(), "not before endAfter (10 min) + idle lag (5 min)");
        events.add(engine.tick(musicStops.plus(Duration.ofMinutes(16))));

        List<EpisodeEnded> ended = all(events, EpisodeEnded.class);
        assertEquals(1, ended.size());
        assertEquals(EVENING, ended.get(0).start());
    }

    @Test
    void shouldResumeAnOpenEpisodeFromItsSnapshotWithoutStartingItAgain() {
        RuleEngine before = new RuleEngine(site(), RuleSettings.defaults(), LAG, EVENING);
        List<RuleEvents> events = new ArrayList<>(minutes(before, EVENING, 10, 75));
        RuleState saved = before.snapshot();

        RuleEngine after = RuleEngine.restore(site(), RuleSettings.defaults(), LAG, saved,
                EVENING.plus(Duration.ofMinutes(11)));
        events.addAll(minutes(after, EVENING.plus(Duration.ofMinutes(10)), 20, 75));
        events.addAll(minutes(after, EVENING.plus(Duration.ofMinutes(30)), 15, 45));

        assertEquals(1, all(events, EpisodeStarted.class).size());
        List<EpisodeEnded> ended = all(events, EpisodeEnded.class);
        assertEquals(1, ended.size());
        assertEquals(EVENING, ended.get(0).start());
        assertEquals(30, ended.get(0).minutesAbove(), "the minutes before the restart count");
    }

    @Test
    void shouldRouteOccupancyToTheSpacesEncroachmentRule() {
        RuleEngine engine = new RuleEngine(site(), RuleSettings.defaults(), LAG, EVENING);
        List<RuleEvents> events = new ArrayList<>();
        for (int i = 0; i <= 10; i++) { // a car on the fire lane, a state reading every minute
            events.add(engine.accept(List.of(Reading.of("park-3", EVENING.plus(Duration.ofMinutes(i)).toEpochMilli(),
                    "occupied", 1, "bool"))));
        }

        List<EncroachmentStarted> started = all(events, EncroachmentStarted.class);
        assertEquals(1, started.size());
        assertEquals("fire-lane-3", started.get(0).space());
    }

    @Test
    void shouldReportASilentSensorOfflineOnATick() {
        RuleEngine engine = new RuleEngine(site(), RuleSettings.defaults(), LAG, EVENING);

        List<SensorOffline> offline = all(List.of(engine.tick(EVENING.plus(Duration.ofMinutes(3)))), SensorOffline.class);

        assertEquals(List.of("noise-1"), offline.stream().map(SensorOffline::sensor).toList(), "noise: 2 min heartbeat");
    }

    @Test
    void shouldNotTakeTheTimeTheCloudWasAwayForTheSensorsSilence() {
        RuleEngine before = new RuleEngine(site(), RuleSettings.defaults(), LAG, EVENING);
        before.accept(List.of(minute(EVENING, 45)));
        RuleState saved = before.snapshot();

        Instant restart = EVENING.plus(Duration.ofMinutes(30));
        RuleEngine after = RuleEngine.restore(site(), RuleSettings.defaults(), LAG, saved, restart);

        assertTrue(all(List.of(after.tick(restart.plus(Duration.ofSeconds(30)))), SensorOffline.class).isEmpty());
        assertEquals(2, all(List.of(after.tick(restart.plus(Duration.ofMinutes(6)))), SensorOffline.class).size(),
                "still silent after the restart: offline then");
    }

    @Test
    void shouldSayWhichRulesChangedSinceTheLastCall() {
        RuleEngine engine = new RuleEngine(site(), RuleSettings.defaults(), LAG, EVENING);
        engine.changed();

        engine.accept(List.of(minute(EVENING, 45)));
        RuleState changed = engine.changed();

        assertEquals(java.util.Set.of("plaza-east"), changed.noise().keySet());
        assertTrue(changed.encroachment().isEmpty());
        assertNotNull(changed.deadman());
        assertTrue(engine.changed().isEmpty());
    }

    @Test
    void shouldParkWhatItDoesNotRunAndReplayItOnceWithTheStoredReadingsWhenItTakesTheSpace() {
        RuleEngine engine = RuleEngine.owningNothing(site(), RuleSettings.defaults(), LAG, EVENING);
        List<Reading> stored = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Reading r = minute(EVENING.plus(Duration.ofMinutes(i)), 75);
            stored.add(r);
            if (i >= 4) {
                assertTrue(engine.accept(List.of(r)).isEmpty(), "not run here: parked, nothing decided");
            }
        }

        RuleEvents replayed = engine.take(RuleEngine.spaceScope("plaza-east"), RuleState.empty(), EVENING, stored);

        List<EpisodeStarted> started = all(List.of(replayed), EpisodeStarted.class);
        assertEquals(1, started.size(), "the parked minutes and the stored ones are the same minutes: one episode");
        assertEquals(EVENING, started.get(0).start(), "the stored minutes before the parked ones count");
        assertEquals(java.util.Set.of("space:plaza-east"), engine.owned());
    }
}
