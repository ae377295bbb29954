package org.linli.cloud.rules;

import org.junit.jupiter.api.Test;
import org.linli.cloud.rules.EncroachmentEvent.EncroachmentEnded;
import org.linli.cloud.rules.EncroachmentEvent.EncroachmentStarted;
import org.linli.cloud.rules.EncroachmentSnapshot.Phase;
import org.linli.config.NoiseZone;
import org.linli.config.Schedule;
import org.linli.config.Space;
import org.linli.config.SpaceKind;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncroachmentRuleTest {
    static final ZoneId TZ = ZoneId.of("Asia/Shanghai");
    static final LocalDate DAY = LocalDate.of(2026, 6, 10);
    static final Space LAWN = new Space("lawn-1", "中心绿地", SpaceKind.GREEN_SPACE, "g1-1", NoiseZone.CLASS_1, List.of());
    static final Space WALKWAY = new Space("walk-1", "北侧步道", SpaceKind.WALKWAY, "g1-1", NoiseZone.CLASS_1,
            List.of(new Schedule("market", LocalTime.of(6, 0), LocalTime.of(8, 0), Set.of())));
    static final Set<String> SENSORS = Set.of("park-1");

    static Instant at(int hour, int minute) {
        return DAY.atTime(hour, minute).atZone(TZ).toInstant();
    }

    /** One state reading a minute in [from, to), as a gateway's heartbeat sends them. */
    static List<Reading> states(Instant from, Instant to, boolean occupied) {
        List<Reading> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1))) {
            out.add(Reading.of("park-1", t.toEpochMilli(), "occupied", occupied ? 1 : 0, "bool"));
        }
        return out;
    }

    static Reading offline(Instant t) {
        return Reading.status("park-1", t.toEpochMilli(), Quality.OFFLINE, "no answer for 180 s");
    }

    static EncroachmentRule rule(Space space) {
        return new EncroachmentRule(space, SENSORS, TZ, RuleSettings.Encroachment.defaults());
    }

    static List<EncroachmentEvent> run(EncroachmentRule rule, List<Reading> readings) {
        List<EncroachmentEvent> out = new ArrayList<>();
        readings.forEach(r -> out.addAll(rule.accept(r)));
        return out;
    }

    @SafeVarargs
    static List<Reading> script(List<Reading>... parts) {
        List<Reading> all = new ArrayList<>();
        for (List<Reading> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    @Test
    void shouldStartOneEncroachmentThirtyMinutesAfterConfirmingACarOnAGreenSpace() {
        // Car 18:00-18:40: confirmed 18:01, dwell 30 min: started 18:31; vacant from 18:40, cooldown 2 min.
        List<EncroachmentEvent> events = run(rule(LAWN), script(
                states(at(17, 50), at(18, 0), false),
                states(at(18, 0), at(18, 40), true),
                states(at(18, 40), at(18, 50), false)));

        assertEquals(List.of(
                new EncroachmentStarted("lawn-1", at(18, 0), at(18, 31), Duration.ofMinutes(30)),
                new EncroachmentEnded("lawn-1", at(18, 0), at(18, 31), at(18, 40), at(18, 42),
                        Duration.ofMinutes(39), Duration.ZERO)), events);
    }

    @Test
    void shouldNotStartBeforeTheDwellTime() {
        // 29 minutes after confirmation is not yet an encroachment.
        EncroachmentRule rule = rule(LAWN);
        List<EncroachmentEvent> events = run(rule, script(
                states(at(17, 50), at(18, 0), false),
                states(at(18, 0), at(18, 31), true)));
        assertEquals(List.of(), events);
        assertEquals(Phase.PRESENT, rule.phase());
    }

    @Test
    void shouldAllowAMorningMarketInsideItsWindow() {
        List<EncroachmentEvent> events = run(rule(WALKWAY), script(
                states(at(5, 50), at(6, 10), false),
                states(at(6, 10), at(7, 50), true),
                states(at(7, 50), at(8, 30), false)));
        assertEquals(List.of(), events);
    }

    @Test
    void shouldStartForTheSameMarketAtNineOutsideItsWindow() {
        // Walkway dwell 15 min: 09:00 + 1 min confirmation + 15 = 09:16.
        List<EncroachmentEvent> events = run(rule(WALKWAY), script(
                states(at(8, 50), at(9, 0), false),
                states(at(9, 0), at(10, 30), true),
                states(at(10, 30), at(10, 40), false)));

        assertEquals(List.of(
                new EncroachmentStarted("walk-1", at(9, 0), at(9, 16), Duration.ofMinutes(15)),
                new EncroachmentEnded("walk-1", at(9, 0), at(9, 16), at(10, 30), at(10, 32),
                        Duration.ofMinutes(89), Duration.ZERO)), events);
    }

    @Test
    void shouldCountAMarketThatOverrunsItsWindowFromTheWindowsEnd() {
        // Occupied 07:00-09:00: counted from 08:00, confirmed 08:01, started 08:16.
        List<EncroachmentEvent> events = run(rule(WALKWAY), script(
                states(at(6, 50), at(7, 0), false),
                states(at(7, 0), at(9, 0), true)));
        assertEquals(List.of(new EncroachmentStarted("walk-1", at(8, 0), at(8, 16), Duration.ofMinutes(15))), events);
    }

    @Test
    void shouldNotEndAnEncroachmentForAVacancyShorterThanTheCooldown() {
        // The car moves away for 90 s at 18:35 (two vacant readings 18:35:00 and 18:36:00, occupied at 18:36:30).
        List<Reading> readings = script(
                states(at(17, 50), at(18, 0), false),
                states(at(18, 0), at(18, 35), true),
                List.of(Reading.of("park-1", at(18, 35).toEpochMilli(), "occupied", 0, "bool"),
                        Reading.of("park-1", at(18, 36).toEpochMilli(), "occupied", 0, "bool"),
                        Reading.of("park-1", at(18, 36).plusSeconds(30).toEpochMilli(), "occupied", 1, "bool")),
                states(at(18, 37), at(18, 50), true),
                states(at(18, 50), at(19, 0), false));
        List<EncroachmentEvent> events = run(rule(LAWN), readings);

        assertEquals(2, events.size());
        EncroachmentEnded ended = (EncroachmentEnded) events.get(1);
        assertEquals(at(18, 50), ended.end());
        // 18:01-18:35 and 18:36:30-18:50: 34 min + 13.5 min
        assertEquals(Duration.ofSeconds(34 * 60 + 13 * 60 + 30), ended.occupied());
    }

    @Test
    void shouldPauseTheDwellClockWhileTheSensorIsOffline() {
        // Counted 18:01-18:10 (9 min), OFFLINE 18:10-18:30, then 21 more: started 18:51, not 18:31.
        List<EncroachmentEvent> events = run(rule(LAWN), script(
                states(at(17, 50), at(18, 0), false),
                states(at(18, 0), at(18, 10), true),
                List.of(offline(at(18, 10))),
                states(at(18, 30), at(19, 0), true),
                states(at(19, 0), at(19, 10), false)));

        assertEquals(new EncroachmentStarted("lawn-1", at(18, 0), at(18, 51), Duration.ofMinutes(30)), events.get(0));
        EncroachmentEnded ended = (EncroachmentEnded) events.get(1);
        assertEquals(at(19, 0), ended.end());
        assertEquals(Duration.ofMinutes(39), ended.occupied());
        assertEquals(Duration.ofMinutes(20), ended.unknown());
        assertTrue(ended.uncertain());
    }

    @Test
    void shouldNeitherEndNorExtendAnEncroachmentWhileTheSensorIsOffline() {
        EncroachmentRule rule = rule(LAWN);
        List<EncroachmentEvent> events = run(rule, script(
                states(at(17, 50), at(18, 0), false),
                states(at(18, 0), at(18, 40), true),
                List.of(offline(at(18, 40)))));
        assertEquals(1, events.size());

        // Offline for half an hour: never read as vacant, so no end however long it lasts.
        assertEquals(List.of(), rule.advanceTo(at(19, 9)));
        assertEquals(Phase.ENCROACHING, rule.phase());

        // Back at 19:10, vacant: the cooldown runs from then; the 30 offline minutes are not occupied time.
        events = run(rule, states(at(19, 10), at(19, 20), false));
        assertEquals(List.of(new EncroachmentEnded("lawn-1", at(18, 0), at(18, 31), at(19, 10), at(19, 12),
                Duration.ofMinutes(39), Duration.ofMinutes(30))), events);
    }

    @Test
    void shouldReadASilentSensorAsUnknownNotVacant() {
        // The last reading (occupied) is at 18:39; stale from 18:44 (5 min): UNKNOWN, not vacant.
        EncroachmentRule rule = rule(LAWN);
        run(rule, script(states(at(17, 50), at(18, 0), false), states(at(18, 0), at(18, 40), true)));

        assertEquals(List.of(), rule.advanceTo(at(22, 0)));
        assertEquals(Phase.ENCROACHING, rule.phase());
        assertEquals(Duration.ofMinutes(43), rule.snapshot().counted()); // 18:01-18:44
    }

    @Test
    void shouldNotConfirmAnEntryThatTheSensorCouldNotWatchThrough() {
        // Occupied 30 s, then OFFLINE: the entry is not confirmed, so the dwell never starts.
        EncroachmentRule rule = rule(LAWN);
        List<EncroachmentEvent> events = run(rule, List.of(
                Reading.of("park-1", at(18, 0).toEpochMilli(), "occupied", 0, "bool"),
                Reading.of("park-1", at(18, 1).toEpochMilli(), "occupied", 1, "bool"),
                offline(at(18, 1).plusSeconds(30))));
        events.addAll(rule.advanceTo(at(20, 0)));
        assertEquals(List.of(), events);
        assertEquals(Phase.CLEAR, rule.phase());
    }

    @Test
    void shouldCombineSensorsSoOneUnknownSensorKeepsTheSpaceFromReadingVacant() {
        EncroachmentRule rule = new EncroachmentRule(LAWN, Set.of("park-1", "park-2"), TZ,
                RuleSettings.Encroachment.defaults());
        List<Reading> readings = new ArrayList<>();
        for (Instant t = at(18, 0); t.isBefore(at(18, 40)); t = t.plus(Duration.ofMinutes(1))) {
            readings.add(Reading.of("park-1", t.toEpochMilli(), "occupied", 1, "bool"));
            readings.add(Reading.of("park-2", t.toEpochMilli(), "occupied", 0, "bool"));
        }
        readings.add(Reading.of("park-1", at(18, 40).toEpochMilli(), "occupied", 0, "bool"));
        readings.add(Reading.status("park-2", at(18, 40).toEpochMilli(), Quality.ERROR, "i2c timeout"));
        List<EncroachmentEvent> events = run(rule, readings);
        events.addAll(rule.advanceTo(at(19, 0)));

        assertEquals(1, events.size());
        assertEquals(at(18, 31), ((EncroachmentStarted) events.get(0)).startedAt());
        assertEquals(Phase.ENCROACHING, rule.phase());
    }

    @Test
    void shouldRefuseASpaceKindWithoutADwellTime() {
        Space plaza = new Space("plaza", "广场", SpaceKind.PLAZA, "g1-1", NoiseZone.CLASS_1, List.of());
        assertFalse(EncroachmentRule.watches(plaza, RuleSettings.Encroachment.defaults()));
        assertThrows(IllegalArgumentException.class, () -> rule(plaza));
    }

    @Test
    void shouldContinueFromASnapshotMidEncroachmentWithoutLosingOrDuplicatingIt() {
        List<Reading> readings = script(
                states(at(17, 50), at(18, 0), false),
                states(at(18, 0), at(18, 10), true),
                List.of(offline(at(18, 10))),
                states(at(18, 30), at(19, 0), true),
                states(at(19, 0), at(19, 10), false));
        List<EncroachmentEvent> uninterrupted = run(rule(LAWN), readings);
        assertEquals(2, uninterrupted.size());

        for (int cut = 1; cut < readings.size(); cut++) {
            EncroachmentRule first = rule(LAWN);
            List<EncroachmentEvent> events = run(first, readings.subList(0, cut));
            EncroachmentRule restarted = EncroachmentRule.restore(LAWN, SENSORS, TZ,
                    RuleSettings.Encroachment.defaults(), first.snapshot());
            events.addAll(run(restarted, readings.subList(cut, readings.size())));
            assertEquals(uninterrupted, events, "cut after reading " + cut);
        }
    }
}
