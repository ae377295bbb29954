package org.linli.cloud.rules;

import org.linli.cloud.rules.EncroachmentEvent.EncroachmentEnded;
import org.linli.cloud.rules.EncroachmentEvent.EncroachmentStarted;
import org.linli.cloud.rules.EncroachmentSnapshot.Phase;
import org.linli.cloud.rules.EncroachmentSnapshot.SensorState;
import org.linli.config.Schedule;
import org.linli.config.Space;
import org.linli.wire.Reading;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Encroachment on one space that must stay clear, always or outside its allowed windows, in event time:
 * occupancy readings in, encroachments out.
 *
 * <p>The space's sensors are combined: OCCUPIED when any sensor says so, VACANT when all do, otherwise
 * UNKNOWN. A sensor is UNKNOWN before its first reading, after an OFFLINE or ERROR status, and once its
 * last reading is older than {@code staleAfter}; UNKNOWN is never read as vacant or occupied. Occupancy
 * inside a window of the space's schedules ({@code allowedActivities}) is ALLOWED and does not count.
 *
 * <p>Occupancy that counts without a break for {@code confirm} is an entry; after the space kind's
 * {@code dwell} more of counted occupancy, {@link EncroachmentStarted}; after {@code cooldown} of
 * vacancy, {@link EncroachmentEnded} (for an entry that never became an encroachment, nothing). While
 * the sensors are UNKNOWN the dwell clock and the cooldown <b>pause</b>: an outage neither ends an
 * encroachment nor adds to its occupied time; the time is reported as {@code unknown}, which marks the
 * ended episode uncertain. UNKNOWN or ALLOWED before confirmation cancels the entry (continuity is not
 * shown). A reading older than the rule's clock takes effect at the clock, not in the past.
 *
 * <p>Not thread-safe: one thread (or one actor) per instance. {@link #snapshot} and {@code restore} give
 * the same events afterwards as an uninterrupted run.
 */
public final class EncroachmentRule {
    private enum Effective { COUNTING, ALLOWED, VACANT, UNKNOWN }

    private final String space;
    private final Set<String> sensorIds;
    private final ZoneId tz;
    private final RuleSettings.Encroachment s;
    private final Duration dwell;
    private final List<Schedule> allowing;

    private final Map<String, SensorState> sensors = new TreeMap<>();
    private Instant clock;
    private Phase phase = Phase.CLEAR;
    private Instant since;
    private Duration counted = Duration.ZERO;
    private Instant vacantSince;
    private Duration vacant = Duration.ZERO;
    private Duration unknown = Duration.ZERO;
    private Instant startedAt;

    /**
     * @param space    the space; its kind picks the dwell time, its schedules the allowed windows
     * @param sensors  ids of the occupancy sensors watching it (from the site)
     * @param tz       the site's time zone: schedules are local time
     * @param settings the rule's settings
     * @throws IllegalArgumentException when the space's kind has no dwell time or there are no sensors
     */
    public EncroachmentRule(Space space, Set<String> sensors, ZoneId tz, RuleSettings.Encroachment settings) {
        this.space = space.id();
        this.s = Objects.requireNonNull(settings, "settings");
        this.dwell = settings.dwell().get(space.kind());
        if (dwell == null) {
            throw new IllegalArgumentException("space " + space.id() + ": no dwell time for kind " + space.kind());
        }
        if (sensors.isEmpty()) {
            throw new IllegalArgumentException("space " + space.id() + ": no occupancy sensors");
        }
        this.sensorIds = Set.copyOf(sensors);
        this.tz = Objects.requireNonNull(tz, "tz");
        this.allowing = space.schedules().stream()
                .filter(w -> settings.allowedActivities().isEmpty() || settings.allowedActivities().contains(w.activity()))
                .toList();
    }

    /** Whether the settings watch spaces of this space's kind. */
    public static boolean watches(Space space, RuleSettings.Encroachment settings) {
        return settings.dwell().containsKey(space.kind());
    }

    /** A rule in the state of {@code snapshot}, taken from a rule for the same space. */
    public static EncroachmentRule restore(Space space, Set<String> sensors, ZoneId tz,
                                           RuleSettings.Encroachment settings, EncroachmentSnapshot snapshot) {
        if (!snapshot.space().equals(space.id())) {
            throw new IllegalArgumentException("snapshot of " + snapshot.space() + " for space " + space.id());
        }
        EncroachmentRule r = new EncroachmentRule(space, sensors, tz, settings);
        r.sensors.putAll(snapshot.sensors());
        r.clock = snapshot.clock();
        r.phase = snapshot.phase();
        r.since = snapshot.since();
        r.counted = snapshot.counted();
        r.vacantSince = snapshot.vacantSince();
        r.vacant = snapshot.vacant();
        r.unknown = snapshot.unknown();
        r.startedAt = snapshot.startedAt();
        return r;
    }

    /** The rule's state now. */
    public EncroachmentSnapshot snapshot() {
        return new EncroachmentSnapshot(space, clock, sensors, phase, since, counted, vacantSince, vacant, unknown,
                startedAt);
    }

    /** The phase the rule is in. */
    public Phase phase() {
        return phase;
    }

    /**
     * Takes one reading of a sensor of this space (others are ignored): a state reading (heartbeat or
     * change) or an OFFLINE/ERROR status.
     */
    public List<EncroachmentEvent> accept(Reading r) {
        if (!sensorIds.contains(r.sensor())) {
            return List.of();
        }
        Optional<Occupancy> state = Occupancy.of(r);
        if (state.isEmpty()) {
            return List.of();
        }
        Instant at = Instant.ofEpochMilli(r.ts());
        List<EncroachmentEvent> out = advance(at);
        SensorState prev = sensors.get(r.sensor());
        if (prev == null || !at.isBefore(prev.at())) {
            sensors.put(r.sensor(), new SensorState(state.get(), at));
        }
        return out;
    }

    /**
     * Moves event time to {@code t} without a reading (processing-time tick), so a dwell or cooldown that
     * ran out is reported although no reading came; the states hold until they go stale.
     */
    public List<EncroachmentEvent> advanceTo(Instant t) {
        return advance(t);
    }

    private List<EncroachmentEvent> advance(Instant t) {
        List<EncroachmentEvent> out = new ArrayList<>();
        if (clock == null) {
            clock = t;
            return out;
        }
        while (clock.isBefore(t)) {
            Instant next = nextBreak(clock, t);
            segment(clock, next, effective(clock), out);
            clock = next;
        }
        return out;
    }

    /** Runs the machine over [a, b), in which the effective state does not change. */
    private void segment(Instant a, Instant b, Effective e, List<EncroachmentEvent> out) {
        while (a.isBefore(b)) {
            Duration len = Duration.between(a, b);
            switch (phase) {
                case CLEAR -> {
                    if (e != Effective.COUNTING) {
                        return;
                    }
                    phase = Phase.ENTERING;
                    since = a;
                    counted = Duration.ZERO;
                }
                case ENTERING -> {
                    if (e != Effective.COUNTING) {
                        clear();
                        return;
                    }
                    Duration need = atLeastZero(s.confirm().minus(counted));
                    if (len.compareTo(need) < 0) {
                        counted = counted.plus(len);
                        return;
                    }
                    a = a.plus(need);
                    phase = Phase.PRESENT;
                    counted = Duration.ZERO;
                    unknown = Duration.ZERO;
                }
                case PRESENT, ENCROACHING -> {
                    switch (e) {
                        case COUNTING -> {
                            vacantSince = null;
                            vacant = Duration.ZERO;
                            Duration need = atLeastZero(dwell.minus(counted));
                            if (phase == Phase.ENCROACHING || len.compareTo(need) < 0) {
                                counted = counted.plus(len);
                                return;
                            }
                            a = a.plus(need);
                            counted = counted.plus(need);
                            phase = Phase.ENCROACHING;
                            startedAt = a;
                            out.add(new EncroachmentStarted(space, since, startedAt, dwell));
                        }
                        case ALLOWED -> {
                            vacantSince = null;
                            vacant = Duration.ZERO;
                            return;
                        }
                        case UNKNOWN -> {
                            unknown = unknown.plus(len);
                            return;
                        }
                        case VACANT -> {
                            if (vacantSince == null) {
                                vacantSince = a;
                            }
                            Duration need = atLeastZero(s.cooldown().minus(vacant));
                            if (len.compareTo(need) < 0) {
                                vacant = vacant.plus(len);
                                return;
                            }
                            a = a.plus(need);
                            if (phase == Phase.ENCROACHING) {
                                out.add(new EncroachmentEnded(space, since, startedAt, vacantSince, a, counted, unknown));
                            }
                            clear();
                        }
                    }
                }
            }
        }
    }

    /**
     * Zero for a negative remainder: restored under a shorter dwell (confirm, cooldown) than the one its
     * state was counted with, the step happens now, not in the past.
     */
    private static Duration atLeastZero(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private void clear() {
        phase = Phase.CLEAR;
        since = null;
        counted = Duration.ZERO;
        vacantSince = null;
        vacant = Duration.ZERO;
        unknown = Duration.ZERO;
        startedAt = null;
    }

    private Effective effective(Instant at) {
        boolean occupied = false;
        boolean unknownSeen = false;
        for (String id : sensorIds) {
            SensorState st = sensors.get(id);
            if (st == null || st.state() == Occupancy.UNKNOWN || !at.isBefore(st.at().plus(s.staleAfter()))) {
                unknownSeen = true;
            } else if (st.state() == Occupancy.OCCUPIED) {
                occupied = true;
            }
        }
        if (occupied) {
            return allowed(at) ? Effective.ALLOWED : Effective.COUNTING;
        }
        return unknownSeen ? Effective.UNKNOWN : Effective.VACANT;
    }

    private boolean allowed(Instant at) {
        ZonedDateTime local = at.atZone(tz);
        for (Schedule w : allowing) {
            if (w.covers(local.getDayOfWeek(), local.toLocalTime())) {
                return true;
            }
        }
        return false;
    }

    /** The first instant after {@code a}, at most {@code t}, at which the effective state may change. */
    private Instant nextBreak(Instant a, Instant t) {
        Instant dayLater = a.plus(Duration.ofDays(1));
        Instant next = t.isBefore(dayLater) ? t : dayLater;
        for (SensorState st : sensors.values()) {
            Instant stale = st.at().plus(s.staleAfter());
            if (stale.isAfter(a) && stale.isBefore(next)) {
                next = stale;
            }
        }
        LocalDate today = a.atZone(tz).toLocalDate();
        for (Schedule w : allowing) {
            for (LocalTime time : List.of(w.from(), w.to())) {
                for (int d = -1; d <= 1; d++) {
                    Instant edge = ZonedDateTime.of(today.plusDays(d), time, tz).toInstant();
                    if (edge.isAfter(a) && edge.isBefore(next)) {
                        next = edge;
                    }
                }
            }
        }
        return next;
    }
}
