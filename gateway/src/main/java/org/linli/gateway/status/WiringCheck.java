package org.linli.gateway.status;

import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The installer's wiring check, one sensor at a time or several at once: {@link #start} opens a window
 * (30 s by default) in which the installer triggers the sensor; a usable reading from it within the
 * window makes it {@link State#SEEN}, the end of the window without one {@link State#NOT_SEEN}.
 * For sensors that report by themselves (I2C noise modules) only a {@link Quality#GOOD} reading counts;
 * for the others a good or suspect one, never an error or offline report.
 *
 * <p>Pure: no Vert.x, time from the injected clock. Not thread-safe: one context calls it.
 */
public final class WiringCheck {
    /** Default length of the window. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

    /** Where one sensor's check stands. */
    public enum State {
        /** No check started. */
        IDLE,
        /** The window is open: trigger the sensor now. */
        WAITING,
        /** A usable reading arrived within the window. */
        SEEN,
        /** The window closed without one. */
        NOT_SEEN
    }

    /**
     * One sensor's check.
     *
     * @param sensor    sensor id
     * @param state     where it stands
     * @param startedAt when the window opened, epoch ms (0 when idle)
     * @param deadline  when it closes, epoch ms (0 when idle)
     * @param seenAt    when the reading that passed arrived, epoch ms (0 unless seen)
     */
    public record Status(String sensor, State state, long startedAt, long deadline, long seenAt) {
        static Status idle(String sensor) {
            return new Status(sensor, State.IDLE, 0, 0, 0);
        }
    }

    private final Clock clock;
    private final Duration window;
    private final Map<String, Status> checks = new HashMap<>();
    private final Map<String, Boolean> goodOnly = new HashMap<>();

    public WiringCheck(Clock clock, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive: " + window);
        }
        this.clock = clock;
        this.window = window;
    }

    /**
     * Opens (or reopens) the window for {@code sensor}.
     *
     * @param goodOnly true for sensors that report on their own (noise modules): only a good reading counts
     */
    public Status start(String sensor, boolean goodOnly) {
        long now = clock.millis();
        Status s = new Status(sensor, State.WAITING, now, now + window.toMillis(), 0);
        checks.put(sensor, s);
        this.goodOnly.put(sensor, goodOnly);
        return s;
    }

    /** Takes a reading; returns the new status when it decided a check, empty otherwise. */
    public Optional<Status> offer(Reading reading) {
        Status s = checks.get(reading.sensor());
        if (s == null || s.state() != State.WAITING) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (now >= s.deadline()) {
            return Optional.of(close(s));
        }
        boolean usable = goodOnly.getOrDefault(reading.sensor(), false)
                ? reading.quality() == Quality.GOOD
                : reading.quality().carriesValues();
        if (!usable) {
            return Optional.empty();
        }
        Status seen = new Status(s.sensor(), State.SEEN, s.startedAt(), s.deadline(), now);
        checks.put(s.sensor(), seen);
        return Optional.of(seen);
    }

    /** Closes every window that has ended; returns the checks that became {@link State#NOT_SEEN}. */
    public List<Status> expire() {
        long now = clock.millis();
        List<Status> closed = new ArrayList<>();
        for (Status s : List.copyOf(checks.values())) {
            if (s.state() == State.WAITING && now >= s.deadline()) {
                closed.add(close(s));
            }
        }
        return closed;
    }

    /** The status of {@code sensor}'s check, with an ended window closed first. */
    public Status status(String sensor) {
        Status s = checks.get(sensor);
        if (s == null) {
            return Status.idle(sensor);
        }
        if (s.state() == State.WAITING && clock.millis() >= s.deadline()) {
            return close(s);
        }
        return s;
    }

    /** The window length. */
    public Duration window() {
        return window;
    }

    private Status close(Status s) {
        Status closed = new Status(s.sensor(), State.NOT_SEEN, s.startedAt(), s.deadline(), 0);
        checks.put(s.sensor(), closed);
        return closed;
    }
}
