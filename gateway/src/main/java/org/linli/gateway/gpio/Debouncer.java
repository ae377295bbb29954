package org.linli.gateway.gpio;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Software debounce of one digital line: a raw level change counts only once the line has held the
 * new level for the whole window.
 *
 * <ul>
 *   <li>The first level ever seen is accepted at once: there is nothing to debounce it against, and the
 *       gateway reports each pin's level at start without waiting.</li>
 *   <li>An edge away from the accepted level starts a window. An edge back to the accepted level within
 *       the window cancels it: no change at all (a glitch, or a bounce that settles where it was). A
 *       repeat of the pending level (a line can report the same level twice around a bounce) changes
 *       nothing.</li>
 *   <li>{@link #poll} returns the change once the window has elapsed since the first edge of the
 *       pending run, stamped with that edge's time. So a HIGH/LOW/HIGH bounce gives one change, stamped
 *       at the last HIGH, the edge the stable level started with; a zero window accepts every change at
 *       once.</li>
 * </ul>
 *
 * <p><b>Two clocks.</b> The window is measured on a monotonic clock ({@code System.nanoTime()} in the
 * gateway), so a wall clock stepped by NTP (common on a Pi without a real-time clock) can neither hold a
 * change back for hours nor let a bounce through. Each edge also carries its wall-clock time (epoch ms),
 * which is only carried along: the accepted change is stamped with the time the stable level
 * <em>started</em>, not the time the window ran out, so the reading's source timestamp says when the
 * person walked in or the door opened, as it did before debouncing moved into software.
 *
 * <p>Pure and not thread-safe: the GPIO verticle owns one per pin and uses it on its own context.
 */
public final class Debouncer {
    private final long windowNanos;
    private Boolean accepted;
    private boolean pending;
    private boolean pendingHigh;
    private long pendingSinceNanos;
    private long pendingSinceMs;

    /** @param window how long a new level must hold before it counts; zero accepts every change at once */
    public Debouncer(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("debounce window must not be negative: " + window);
        }
        this.windowNanos = window.toNanos();
    }

    /**
     * A level accepted after its window: {@code high} is the line level, {@code sinceMs} the wall-clock
     * time (epoch ms) of the first edge of its stable run.
     */
    public record Change(boolean high, long sinceMs) {
    }

    /**
     * The line was seen at {@code high} at {@code atNanos} (monotonic) / {@code atMs} (epoch ms). Returns
     * a change accepted right away: the first level ever seen, or any change with a zero window; otherwise
     * empty, and {@link #dueNanos()} says when to {@link #poll}.
     */
    public Optional<Change> edge(boolean high, long atNanos, long atMs) {
        if (accepted == null) {
            return accept(high, atMs);
        }
        if (high == accepted) {
            pending = false;
            return Optional.empty();
        }
        if (pending && high == pendingHigh) {
            return Optional.empty();
        }
        if (windowNanos == 0) {
            return accept(high, atMs);
        }
        pending = true;
        pendingHigh = high;
        pendingSinceNanos = atNanos;
        pendingSinceMs = atMs;
        return Optional.empty();
    }

    /** The pending change if its level has held for the window at {@code nowNanos}; empty otherwise. */
    public Optional<Change> poll(long nowNanos) {
        if (!pending || nowNanos - pendingSinceNanos < windowNanos) {
            return Optional.empty();
        }
        return accept(pendingHigh, pendingSinceMs);
    }

    /** When (monotonic nanos) the pending change becomes due; empty when nothing is pending. */
    public OptionalLong dueNanos() {
        return pending ? OptionalLong.of(pendingSinceNanos + windowNanos) : OptionalLong.empty();
    }

    /** The accepted level; empty before the first level and after {@link #forget}. */
    public Optional<Boolean> level() {
        return Optional.ofNullable(accepted);
    }

    /** Forgets the accepted level and any pending change (the line could not be read): the next level is accepted at once. */
    public void forget() {
        accepted = null;
        pending = false;
    }

    private Optional<Change> accept(boolean high, long sinceMs) {
        accepted = high;
        pending = false;
        return Optional.of(new Change(high, sinceMs));
    }
}
