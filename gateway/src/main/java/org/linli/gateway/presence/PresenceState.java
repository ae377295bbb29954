package org.linli.gateway.presence;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The reported state of one occupancy sensor (pir, beam, door, presence, parking): its change events,
 * a hold time, and the periodic state reading.
 *
 * <ul>
 *   <li><b>Change events.</b> {@link #observe} takes the sensor's (already debounced) input and returns
 *       the new reported state when it changes; the same state twice is no event.</li>
 *   <li><b>Hold.</b> With a hold time, an input that drops from occupied does not report vacant at
 *       once: if it comes back within the hold time nothing is reported; otherwise {@link #tick}
 *       reports vacant when the hold time has run out, stamped then. A PIR misses a person who sits
 *       still; the hold bridges that without touching the pin's debounce.</li>
 *   <li><b>Periodic state.</b> {@link #tick} also repeats the reported state once {@code stateInterval}
 *       has passed since the last reading of the sensor, so the cloud always holds a state at most that
 *       old and can compute dwell without the raw chatter.</li>
 * </ul>
 *
 * <p>Pure and not thread-safe: a driver owns one per sensor and uses it on its own context.
 */
public final class PresenceState {
    private final Duration holdTime;
    private final Duration stateInterval;
    private final Clock clock;
    private Boolean reported;
    private long lastReportMs;
    private long vacantAtMs = -1;

    /**
     * @param holdTime      how long occupied is held after the input drops; zero for none
     * @param stateInterval the reported state is repeated when no reading was made for this long
     * @param clock         the time {@link #tick} runs at
     */
    public PresenceState(Duration holdTime, Duration stateInterval, Clock clock) {
        this.holdTime = holdTime;
        this.stateInterval = stateInterval;
        this.clock = clock;
    }

    /**
     * The input was {@code active} at {@code atMs}; returns the new reported state when this changes it
     * (the first input always does).
     */
    public Optional<Boolean> observe(boolean active, long atMs) {
        if (active) {
            vacantAtMs = -1;
            return report(true, atMs);
        }
        if (Boolean.TRUE.equals(reported) && !holdTime.isZero()) {
            if (vacantAtMs < 0) {
                vacantAtMs = atMs + holdTime.toMillis();
            }
            return Optional.empty();
        }
        return report(false, atMs);
    }

    /**
     * What is due now: vacant when a hold has run out, else the reported state when no reading was made
     * for {@code stateInterval}; empty when nothing is due or nothing was observed yet.
     */
    public Optional<Boolean> tick() {
        long now = clock.millis();
        if (vacantAtMs >= 0 && now >= vacantAtMs) {
            vacantAtMs = -1;
            return report(false, now);
        }
        if (reported != null && now - lastReportMs >= stateInterval.toMillis()) {
            lastReportMs = now;
            return Optional.of(reported);
        }
        return Optional.empty();
    }

    /** Notes that a reading of the current state was made at {@code atMs} for another reason: the periodic one restarts. */
    public void reportedAt(long atMs) {
        lastReportMs = atMs;
    }

    /** The reported state; empty before the first input and after {@link #forget}. */
    public Optional<Boolean> state() {
        return Optional.ofNullable(reported);
    }

    /** Whether a drop is being held (reported occupied, input vacant). */
    public boolean holding() {
        return vacantAtMs >= 0;
    }

    /** Forgets the state (the input could not be read): the next input is reported whatever it is, and nothing is periodic until then. */
    public void forget() {
        reported = null;
        vacantAtMs = -1;
    }

    private Optional<Boolean> report(boolean state, long atMs) {
        if (Boolean.valueOf(state).equals(reported)) {
            return Optional.empty();
        }
        reported = state;
        lastReportMs = atMs;
        return Optional.of(state);
    }
}
