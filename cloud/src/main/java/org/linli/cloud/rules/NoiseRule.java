package org.linli.cloud.rules;

import org.linli.cloud.rules.NoiseEvent.EpisodeEnded;
import org.linli.cloud.rules.NoiseEvent.EpisodeStarted;
import org.linli.cloud.rules.NoiseEvent.EpisodeUpdated;
import org.linli.cloud.rules.NoiseEvent.NightImpulse;
import org.linli.cloud.rules.NoiseEvent.Reason;
import org.linli.cloud.rules.NoiseSnapshot.Level;
import org.linli.cloud.rules.NoiseSnapshot.Run;
import org.linli.config.NoiseZone;
import org.linli.config.Space;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Square-dance noise on one space, in event time: per-minute noise readings in, episodes out.
 *
 * <p>The minutes of the space's sensors are combined by the loudest (max LAeq, max Lmax, max L90), so
 * one sensor near the speaker is enough and a quiet corner does not hide it. A minute is judged once a
 * minute {@code settle} later has arrived (or {@link #advanceTo} says so); a reading for a judged minute
 * is late and ignored.
 *
 * <p>A judged minute is <b>loud</b> when its LAeq is over the limit + margin, the limit being the
 * zone's day or night limit in local time (or the boundary cap where that is lower), or, after the
 * local end time, when its LAeq emerges over the background by the emergence threshold. The background
 * is the L90 of the last quiet minute, so it does not rise with the music. {@code startAfter}
 * consecutive loud minutes open an episode starting at the first of them; a minute without data breaks
 * the run. An episode ends when no loud minute came for {@code endAfter} (a minute without data is not
 * loud); pauses between songs stay inside it. Its peak is the highest rolling LAeq over {@code window}
 * (an energy average over the minutes with data, to 0.1 dB; {@link EpisodeUpdated} when it rises), its
 * LAeq the energy average from start to end.
 *
 * <p>Not thread-safe: one thread (or one actor) per instance. {@link #snapshot} and {@code restore} give
 * the same events afterwards as an uninterrupted run.
 */
public final class NoiseRule {
    private final String space;
    private final NoiseZone zone;
    private final ZoneId tz;
    private final RuleSettings.Noise s;

    private final TreeMap<Instant, Level> pending = new TreeMap<>();
    private final Deque<Level> window = new ArrayDeque<>();
    private Instant watermark;
    private Instant nextMinute;
    private Double backgroundDb;
    private Run run;

    /**
     * @param space    the space watched; its noise zone sets the limits
     * @param tz       the site's time zone: day and night are local time
     * @param settings the rule's settings
     */
    public NoiseRule(Space space, ZoneId tz, RuleSettings.Noise settings) {
        this.space = space.id();
        this.zone = Objects.requireNonNull(space.noiseZone(), "noise zone of " + space.id());
        this.tz = Objects.requireNonNull(tz, "tz");
        this.s = Objects.requireNonNull(settings, "settings");
    }

    /** A rule in the state of {@code snapshot}, taken from a rule for the same space. */
    public static NoiseRule restore(Space space, ZoneId tz, RuleSettings.Noise settings, NoiseSnapshot snapshot) {
        if (!snapshot.space().equals(space.id())) {
            throw new IllegalArgumentException("snapshot of " + snapshot.space() + " for space " + space.id());
        }
        NoiseRule rule = new NoiseRule(space, tz, settings);
        snapshot.pending().forEach(l -> rule.pending.put(l.start(), l));
        rule.window.addAll(snapshot.window());
        rule.watermark = snapshot.watermark();
        rule.nextMinute = snapshot.nextMinute();
        rule.backgroundDb = snapshot.backgroundDb();
        rule.run = snapshot.run();
        return rule;
    }

    /** The rule's state now. */
    public NoiseSnapshot snapshot() {
        return new NoiseSnapshot(space, new ArrayList<>(pending.values()), watermark, nextMinute,
                new ArrayList<>(window), backgroundDb, run);
    }

    /** Takes one sensor's minute (of this space: the caller routes by the site's sensor → space). */
    public List<NoiseEvent> accept(NoiseMinute m) {
        if (nextMinute != null && m.start().isBefore(nextMinute)) {
            return List.of();
        }
        pending.merge(m.start(), new Level(m.start(), m.laeq(), m.lmax(), m.l90()),
                (a, b) -> new Level(a.start(), Math.max(a.laeq(), b.laeq()), Math.max(a.lmax(), b.lmax()),
                        Math.max(a.l90(), b.l90())));
        if (watermark == null || m.start().isAfter(watermark)) {
            watermark = m.start();
        }
        return judgeUpTo(watermark.minus(s.settle()).plus(NoiseMinute.LENGTH), false);
    }

    /**
     * Tells the rule that event time has reached {@code t} and nothing earlier will arrive: judges every
     * pending minute that ended by then and ends an episode whose quiet time has run out. For a space
     * whose sensors went silent; the caller passes its watermark (e.g. now minus the upload lag).
     */
    public List<NoiseEvent> advanceTo(Instant t) {
        return judgeUpTo(t, true);
    }

    /** The current rolling LAeq over the window, if a minute has been judged. */
    public OptionalDouble rollingLaeq() {
        return window.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(rolling());
    }

    /** Whether an episode is open. */
    public boolean inEpisode() {
        return run != null && run.confirmed();
    }

    private List<NoiseEvent> judgeUpTo(Instant t, boolean closeIdle) {
        List<NoiseEvent> out = new ArrayList<>();
        while (!pending.isEmpty() && !pending.firstKey().plus(NoiseMinute.LENGTH).isAfter(t)) {
            Map.Entry<Instant, Level> e = pending.pollFirstEntry();
            judge(e.getValue(), out);
            nextMinute = e.getKey().plus(NoiseMinute.LENGTH);
        }
        if (closeIdle) {
            if (run != null && !run.confirmed()) {
                if (!t.isBefore(run.lastLoudEnd().plus(NoiseMinute.LENGTH))) {
                    run = null;
                }
            } else {
                endIfQuietBy(t, out);
            }
            Instant judged = t.truncatedTo(ChronoUnit.MINUTES);
            if (nextMinute == null || nextMinute.isBefore(judged)) {
                nextMinute = judged;
            }
        }
        return out;
    }

    private void judge(Level m, List<NoiseEvent> out) {
        Instant end = m.start().plus(NoiseMinute.LENGTH);
        endIfQuietBy(m.start(), out);

        window.addLast(m);
        Instant windowStart = end.minus(s.window());
        while (window.peekFirst().start().isBefore(windowStart)) {
            window.removeFirst();
        }
        // Peaks are kept to 0.1 dB, the gateways' resolution, so equal windows do not re-report a peak.
        double rolling = Math.round(rolling() * 10.0) / 10.0;

        LocalTime local = m.start().atZone(tz).toLocalTime();
        boolean day = !local.isBefore(s.dayStart()) && local.isBefore(s.nightStart());
        int zoneLimit = day ? zone.dayLimitDb() : zone.nightLimitDb();
        boolean capped = s.boundaryCapDb() != null && s.boundaryCapDb() < zoneLimit;
        double limit = capped ? s.boundaryCapDb() : zoneLimit;
        double background = backgroundDb != null ? backgroundDb : m.l90();
        Reason reason = null;
        if (m.laeq() > limit + s.marginDb()) {
            reason = capped ? Reason.OVER_CAP : Reason.OVER_LIMIT;
        } else if (afterEndTime(local) && m.laeq() - background >= s.emergenceDb()) {
            reason = Reason.AFTER_END_TIME;
        }

        if (!day && m.lmax() > zone.nightLimitDb() + s.impulseDb()) {
            out.add(new NightImpulse(space, m.start(), m.lmax(), zone.nightLimitDb() + s.impulseDb()));
        }

        double energy = Decibels.energy(m.laeq());
        if (reason == null) {
            backgroundDb = m.l90();
            if (run != null && !run.confirmed()) {
                run = null;
            } else if (run != null) {
                run = new Run(run.start(), run.lastLoudEnd(), true, run.energy(), run.minutes(), run.peakDb(),
                        run.pendingEnergy() + energy, run.pendingMinutes() + 1,
                        Math.max(run.pendingPeakDb(), rolling), run.minutesAbove());
            }
            endIfQuietBy(end, out);
            return;
        }
        if (run == null || (!run.confirmed() && !run.lastLoudEnd().equals(m.start()))) {
            run = new Run(m.start(), end, false, energy, 1, rolling, 0, 0, 0.0, 1);
        } else {
            double peak = Math.max(Math.max(run.peakDb(), run.pendingPeakDb()), rolling);
            boolean newPeak = run.confirmed() && peak > run.peakDb();
            run = new Run(run.start(), end, run.confirmed(), run.energy() + run.pendingEnergy() + energy,
                    run.minutes() + run.pendingMinutes() + 1, peak, 0, 0, 0.0,
                    run.minutesAbove() + 1);
            if (newPeak) {
                out.add(new EpisodeUpdated(space, run.start(), end, run.peakDb(), run.laeqDb()));
            }
        }
        if (!run.confirmed() && run.minutesAbove() >= s.startAfter().toMinutes()) {
            run = new Run(run.start(), run.lastLoudEnd(), true, run.energy(), run.minutes(), run.peakDb(),
                    0, 0, 0.0, run.minutesAbove());
            out.add(new EpisodeStarted(space, run.start(), end, reason, limit, run.peakDb()));
        }
    }

    private void endIfQuietBy(Instant t, List<NoiseEvent> out) {
        if (run == null) {
            return;
        }
        Instant quietEnd = run.lastLoudEnd().plus(s.endAfter());
        if (!run.confirmed()) {
            if (t.isAfter(run.lastLoudEnd())) {
                run = null;
            }
            return;
        }
        if (!t.isBefore(quietEnd)) {
            out.add(new EpisodeEnded(space, run.start(), run.lastLoudEnd(), quietEnd, run.peakDb(), run.laeqDb(),
                    run.minutesAbove()));
            run = null;
        }
    }

    private boolean afterEndTime(LocalTime local) {
        LocalTime from = s.endTime();
        if (from == null) {
            return false;
        }
        if (from.isBefore(s.dayStart())) {
            return !local.isBefore(from) && local.isBefore(s.dayStart());
        }
        return !local.isBefore(from) || local.isBefore(s.dayStart());
    }

    private double rolling() {
        double sum = 0;
        for (Level l : window) {
            sum += Decibels.energy(l.laeq());
        }
        return Decibels.level(sum / window.size());
    }
}
