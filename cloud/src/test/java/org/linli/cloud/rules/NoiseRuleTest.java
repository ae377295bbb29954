package org.linli.cloud.rules;

import org.junit.jupiter.api.Test;
import org.linli.cloud.rules.NoiseEvent.EpisodeEnded;
import org.linli.cloud.rules.NoiseEvent.EpisodeStarted;
import org.linli.cloud.rules.NoiseEvent.EpisodeUpdated;
import org.linli.cloud.rules.NoiseEvent.NightImpulse;
import org.linli.cloud.rules.NoiseEvent.Reason;
import org.linli.config.NoiseZone;
import org.linli.config.Space;
import org.linli.config.SpaceKind;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseRuleTest {
    static final ZoneId TZ = ZoneId.of("Asia/Shanghai");
    static final LocalDate DAY = LocalDate.of(2026, 6, 10);
    static final Space PLAZA = new Space("plaza-east", "东广场", SpaceKind.PLAZA, "g1-1", NoiseZone.CLASS_1, List.of());
    static final double DB = 0.05;

    static Instant at(int hour, int minute) {
        return DAY.atTime(hour, minute).atZone(TZ).toInstant();
    }

    static Instant nextDay(int hour, int minute) {
        return DAY.plusDays(1).atTime(hour, minute).atZone(TZ).toInstant();
    }

    /** Minutes [from, to) of one sensor at one level. */
    static List<NoiseMinute> minutes(String sensor, Instant from, Instant to, double laeq, double lmax, double l90) {
        List<NoiseMinute> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(NoiseMinute.LENGTH)) {
            out.add(new NoiseMinute(sensor, t, laeq, lmax, l90));
        }
        return out;
    }

    /**
     * An evening on a class-1 space (day limit 55, so loud is over 58): background 45 dB(A) from 19:00,
     * dancing at 75 from 19:30 to 21:30 (120 minutes), background again until 22:00.
     */
    static List<NoiseMinute> evening() {
        List<NoiseMinute> m = new ArrayList<>(minutes("noise-1", at(19, 0), at(19, 30), 45, 55, 42));
        m.addAll(minutes("noise-1", at(19, 30), at(21, 30), 75, 82, 70));
        m.addAll(minutes("noise-1", at(21, 30), at(22, 0), 45, 55, 42));
        return m;
    }

    static List<NoiseEvent> run(NoiseRule rule, List<NoiseMinute> minutes) {
        List<NoiseEvent> out = new ArrayList<>();
        minutes.forEach(m -> out.addAll(rule.accept(m)));
        return out;
    }

    static <T> List<T> only(List<NoiseEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static NoiseRule rule(RuleSettings.Noise settings) {
        return new NoiseRule(PLAZA, TZ, settings);
    }

    @Test
    void shouldOpenExactlyOneEpisodeForAnEveningOfDancingAndEndItTenMinutesAfterTheMusicStops() {
        List<NoiseEvent> events = run(rule(RuleSettings.Noise.defaults()), evening());

        List<EpisodeStarted> started = only(events, EpisodeStarted.class);
        assertEquals(1, started.size());
        EpisodeStarted s = started.get(0);
        assertEquals(at(19, 30), s.start());
        // Five sustained loud minutes 19:30..19:34: confirmed at the end of 19:34.
        assertEquals(at(19, 35), s.confirmedAt());
        assertEquals(Reason.OVER_LIMIT, s.reason());
        assertEquals(55.0, s.limitDb(), DB);
        // Rolling 10 min at 19:34: 5 min at 75 and 5 at 45: 10·log10((5·10^7.5 + 5·10^4.5)/10) = 71.99.
        assertEquals(72.0, s.peakDb(), DB);

        List<EpisodeEnded> ended = only(events, EpisodeEnded.class);
        assertEquals(1, ended.size());
        EpisodeEnded e = ended.get(0);
        assertEquals(at(19, 30), e.start());
        assertEquals(at(21, 30), e.end());
        assertEquals(at(21, 40), e.confirmedAt());
        assertEquals(75.0, e.peakDb(), DB);
        assertEquals(75.0, e.laeqDb(), DB);
        assertEquals(120, e.minutesAbove());
        assertTrue(only(events, NightImpulse.class).isEmpty());
    }

    @Test
    void shouldReportEachNewPeakWhileTheWindowFillsWithMusic() {
        List<EpisodeUpdated> updates = only(run(rule(RuleSettings.Noise.defaults()), evening()), EpisodeUpdated.class);

        // k of 10 window minutes at 75, the rest at 45: 10·log10((k·10^7.5 + (10-k)·10^4.5)/10)
        // k = 6: 72.78, 7: 73.45, 8: 74.03, 9: 74.54, 10: 75.00; then the peak no longer rises.
        assertEquals(List.of(72.8, 73.5, 74.0, 74.5, 75.0), updates.stream().map(EpisodeUpdated::peakDb).toList());
        assertEquals(at(19, 40), updates.get(4).at());
    }

    @Test
    void shouldKeepAPauseBetweenSongsInsideTheEpisodeAndAverageItAsEnergy() {
        List<NoiseMinute> m = new ArrayList<>(minutes("noise-1", at(19, 0), at(19, 30), 45, 55, 42));
        m.addAll(minutes("noise-1", at(19, 30), at(20, 30), 75, 82, 70));
        m.addAll(minutes("noise-1", at(20, 30), at(20, 32), 50, 60, 44));
        m.addAll(minutes("noise-1", at(20, 32), at(21, 30), 75, 82, 70));
        m.addAll(minutes("noise-1", at(21, 30), at(22, 0), 45, 55, 42));

        List<NoiseEvent> events = run(rule(RuleSettings.Noise.defaults()), m);

        assertEquals(1, only(events, EpisodeStarted.class).size());
        EpisodeEnded e = only(events, EpisodeEnded.class).get(0);
        assertEquals(118, e.minutesAbove());
        // 10·log10((118·10^7.5 + 2·10^5)/120) = 74.93; an arithmetic mean would say 74.58.
        assertEquals(74.93, e.laeqDb(), 0.005);
        assertEquals(at(21, 30), e.end());
    }

    @Test
    void shouldNotOpenAnEpisodeForThreeLoudMinutesInTheAfternoon() {
        List<NoiseMinute> m = new ArrayList<>(minutes("noise-1", at(15, 0), at(15, 10), 45, 55, 42));
        m.addAll(minutes("noise-1", at(15, 10), at(15, 13), 90, 96, 80));
        m.addAll(minutes("noise-1", at(15, 13), at(15, 40), 45, 55, 42));

        NoiseRule rule = rule(RuleSettings.Noise.defaults());
        assertEquals(List.of(), run(rule, m));
        assertFalse(rule.inEpisode());
    }

    @Test
    void shouldAverageEnergyNotDecibels() {
        // 10·log10((10^8 + 10^6)/2) = 10·log10(5.05·10^7) = 77.03
        assertEquals(77.0, Decibels.energyAverage(List.of(80.0, 60.0)), DB);

        NoiseRule rule = rule(RuleSettings.Noise.defaults().withWindow(java.time.Duration.ofMinutes(2)));
        rule.accept(new NoiseMinute("noise-1", at(14, 0), 80, 85, 50));
        rule.accept(new NoiseMinute("noise-1", at(14, 1), 60, 65, 50));
        rule.accept(new NoiseMinute("noise-1", at(14, 2), 60, 65, 50)); // judges 14:01
        assertEquals(77.0, rule.rollingLaeq().orElseThrow(), DB);
    }

    @Test
    void shouldReportANightImpulseOverTheNightLimitPlusFifteen() {
        // Class 1 night limit 45: impulse over 60. LAeq 44 stays under 45 + 3, so no episode.
        List<NoiseMinute> m = new ArrayList<>(minutes("noise-1", at(23, 0), at(23, 10), 40, 50, 36));
        m.add(new NoiseMinute("noise-1", at(23, 10), 44, 63, 37));
        m.add(new NoiseMinute("noise-1", at(23, 11), 43, 59.9, 37));
        m.addAll(minutes("noise-1", at(23, 12), at(23, 20), 40, 50, 36));

        List<NoiseEvent> events = run(rule(RuleSettings.Noise.defaults()), m);

        assertEquals(List.of(new NightImpulse("plaza-east", at(23, 10), 63, 60)), events);
    }

    @Test
    void shouldNotTakeADaytimeLmaxForANightImpulse() {
        List<NoiseMinute> m = minutes("noise-1", at(21, 50), at(21, 55), 50, 70, 44);
        assertEquals(List.of(), run(rule(RuleSettings.Noise.defaults()), m));
    }

    @Test
    void shouldCountMusicThatEmergesOverTheBackgroundAfterTheLocalEndTime() {
        // 55 dB(A) is under the class-1 day limit 55 + 3, but 15 dB over the 40 dB background after 21:00.
        List<NoiseMinute> m = new ArrayList<>(minutes("noise-1", at(20, 50), at(21, 5), 42, 50, 40));
        m.addAll(minutes("noise-1", at(21, 5), at(21, 30), 55, 62, 52));
        m.addAll(minutes("noise-1", at(21, 30), at(21, 45), 42, 50, 40));

        assertEquals(List.of(), run(rule(RuleSettings.Noise.defaults()), m));

        List<NoiseEvent> events = run(rule(RuleSettings.Noise.defaults().withLocalRules(LocalTime.of(21, 0), null)), m);
        EpisodeStarted s = only(events, EpisodeStarted.class).get(0);
        assertEquals(at(21, 5), s.start());
        assertEquals(at(21, 10), s.confirmedAt());
        assertEquals(Reason.AFTER_END_TIME, s.reason());
        assertEquals(at(21, 30), only(events, EpisodeEnded.class).get(0).end());
    }

    @Test
    void shouldJudgeAgainstTheBoundaryCapWhereItIsBelowTheZoneLimit() {
        Space road = new Space("square", "路边广场", SpaceKind.PLAZA, "g1-1", NoiseZone.CLASS_4A, List.of());
        // Class 4a day limit 70; with a 65 dB cap, 69 dB(A) is over 65 + 3.
        List<NoiseMinute> m = minutes("noise-1", at(19, 0), at(19, 7), 69, 75, 60);

        assertEquals(List.of(), run(new NoiseRule(road, TZ, RuleSettings.Noise.defaults()), m));
        List<NoiseEvent> events = run(new NoiseRule(road, TZ,
                RuleSettings.Noise.defaults().withLocalRules(null, 65.0)), m);
        EpisodeStarted s = only(events, EpisodeStarted.class).get(0);
        assertEquals(Reason.OVER_CAP, s.reason());
        assertEquals(65.0, s.limitDb(), DB);
    }

    @Test
    void shouldCombineTheSpacesSensorsByTheLoudest() {
        List<NoiseMinute> m = new ArrayList<>();
        for (Instant t = at(19, 30); t.isBefore(at(19, 40)); t = t.plus(NoiseMinute.LENGTH)) {
            m.add(new NoiseMinute("noise-far", t, 50, 56, 44));
            m.add(new NoiseMinute("noise-near", t, 75, 82, 70));
        }
        EpisodeStarted s = only(run(rule(RuleSettings.Noise.defaults()), m), EpisodeStarted.class).get(0);
        assertEquals(at(19, 30), s.start());
    }

    @Test
    void shouldIgnoreAMinuteThatArrivesAfterItWasJudged() {
        NoiseRule rule = rule(RuleSettings.Noise.defaults());
        run(rule, minutes("noise-1", at(19, 0), at(19, 10), 45, 55, 42));
        NoiseSnapshot before = rule.snapshot();
        assertEquals(List.of(), rule.accept(new NoiseMinute("noise-2", at(19, 3), 90, 95, 80)));
        assertEquals(before, rule.snapshot());
    }

    @Test
    void shouldEndAnEpisodeOnAdvanceWhenTheSensorFellSilent() {
        NoiseRule rule = rule(RuleSettings.Noise.defaults());
        List<NoiseEvent> events = run(rule, minutes("noise-1", at(19, 30), at(20, 0), 75, 82, 70));
        assertEquals(1, only(events, EpisodeStarted.class).size());

        // 19:59 is still pending (settle); nothing more arrives.
        assertEquals(List.of(), rule.advanceTo(at(20, 9)));
        List<NoiseEvent> end = rule.advanceTo(at(20, 10));
        EpisodeEnded e = only(end, EpisodeEnded.class).get(0);
        assertEquals(at(20, 0), e.end());
        assertEquals(at(20, 10), e.confirmedAt());
        assertEquals(30, e.minutesAbove());
    }

    @Test
    void shouldReadPerMinuteNoiseReadingsAndSkipLevelsAndStatus() {
        long ts = at(19, 30).toEpochMilli();
        Reading minute = new Reading("noise-1", ts, Map.of("laeq", 75.0, "lmax", 82.0, "lmin", 60.0, "l10", 77.0,
                "l90", 70.0, "samples", 60.0), "dBA", Quality.GOOD, null);
        assertEquals(new NoiseMinute("noise-1", at(19, 30), 75, 82, 70), NoiseMinute.of(minute).orElseThrow());
        assertTrue(NoiseMinute.of(Reading.of("noise-1", ts, "la", 75, "dBA")).isEmpty());
        assertTrue(NoiseMinute.of(Reading.status("noise-1", ts, Quality.OFFLINE, "silent")).isEmpty());
    }

    @Test
    void shouldContinueFromASnapshotMidEpisodeWithoutLosingOrDuplicatingIt() {
        List<NoiseMinute> evening = evening();
        List<NoiseEvent> uninterrupted = run(rule(RuleSettings.Noise.defaults()), evening);

        for (int cut : new int[] {33, 34, 35, 60, 150, 155}) {
            NoiseRule first = rule(RuleSettings.Noise.defaults());
            List<NoiseEvent> events = new ArrayList<>(run(first, evening.subList(0, cut)));
            NoiseSnapshot snapshot = first.snapshot();
            NoiseRule restarted = NoiseRule.restore(PLAZA, TZ, RuleSettings.Noise.defaults(), snapshot);
            events.addAll(run(restarted, evening.subList(cut, evening.size())));
            assertEquals(uninterrupted, events, "cut after minute " + cut);
        }
    }
}
