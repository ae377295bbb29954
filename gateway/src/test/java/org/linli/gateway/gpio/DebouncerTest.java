package org.linli.gateway.gpio;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DebouncerTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final Duration WINDOW = Duration.ofMillis(50);

    private final Debouncer debouncer = new Debouncer(WINDOW);

    @Test
    void shouldAcceptTheFirstLevelAtOnce() {
        assertEquals(Optional.of(new Debouncer.Change(false, T0)), edge(debouncer, false, 0));
    }

    @Test
    void shouldAcceptACleanEdgeOnceItHeldForTheWindowStampedAtTheEdge() {
        edge(debouncer, false, 0);

        assertEquals(Optional.empty(), edge(debouncer, true, 100));
        assertEquals(OptionalLong.of(nanos(150)), debouncer.dueNanos());
        assertEquals(Optional.empty(), debouncer.poll(nanos(149)));
        assertEquals(Optional.of(new Debouncer.Change(true, T0 + 100)), debouncer.poll(nanos(160)));
        assertEquals(Optional.empty(), debouncer.poll(nanos(300)), "one change, not one per poll");
    }

    @Test
    void shouldGiveOneChangeForABounceStampedAtTheEdgeTheStableLevelStartedWith() {
        edge(debouncer, false, 0);

        edge(debouncer, true, 100);
        edge(debouncer, false, 110);
        edge(debouncer, true, 125);

        assertEquals(Optional.empty(), debouncer.poll(nanos(160)), "the window restarts at the last edge");
        assertEquals(Optional.of(new Debouncer.Change(true, T0 + 125)), debouncer.poll(nanos(175)));
        assertEquals(OptionalLong.empty(), debouncer.dueNanos());
    }

    @Test
    void shouldGiveNothingForAGlitchShorterThanTheWindow() {
        edge(debouncer, false, 0);

        edge(debouncer, true, 100);
        edge(debouncer, false, 110);

        assertEquals(OptionalLong.empty(), debouncer.dueNanos());
        assertEquals(Optional.empty(), debouncer.poll(nanos(1_000)));
        assertEquals(Optional.of(false), debouncer.level());
    }

    @Test
    void shouldKeepTheRunsStartWhenTheLineReportsThePendingLevelAgain() {
        edge(debouncer, false, 0);

        edge(debouncer, true, 100);
        edge(debouncer, true, 140);

        assertEquals(Optional.of(new Debouncer.Change(true, T0 + 100)), debouncer.poll(nanos(150)));
    }

    @Test
    void shouldAcceptEveryChangeAtOnceWithAZeroWindow() {
        Debouncer none = new Debouncer(Duration.ZERO);
        edge(none, false, 0);

        assertEquals(Optional.of(new Debouncer.Change(true, T0 + 1)), edge(none, true, 1));
        assertEquals(Optional.of(new Debouncer.Change(false, T0 + 2)), edge(none, false, 2));
        assertEquals(OptionalLong.empty(), none.dueNanos());
    }

    @Test
    void shouldMeasureTheWindowOnTheMonotonicClockWhateverTheWallClockDoes() {
        debouncer.edge(false, nanos(0), T0);
        // The wall clock steps back an hour (NTP) between the edge and the poll: the window still ends on time.
        debouncer.edge(true, nanos(100), T0 - 3_600_000);

        assertEquals(Optional.of(new Debouncer.Change(true, T0 - 3_600_000)), debouncer.poll(nanos(150)));
    }

    @Test
    void shouldAcceptTheNextLevelAtOnceAfterForgetting() {
        edge(debouncer, false, 0);
        edge(debouncer, true, 100);

        debouncer.forget();

        assertEquals(OptionalLong.empty(), debouncer.dueNanos());
        assertEquals(Optional.of(new Debouncer.Change(true, T0 + 120)), edge(debouncer, true, 120));
    }

    @Test
    void shouldRefuseANegativeWindow() {
        assertThrows(IllegalArgumentException.class, () -> new Debouncer(Duration.ofMillis(-1)));
    }

    /** An edge {@code ms} after T0, on both clocks. */
    private static Optional<Debouncer.Change> edge(Debouncer debouncer, boolean high, long ms) {
        return debouncer.edge(high, nanos(ms), T0 + ms);
    }

    private static long nanos(long ms) {
        return ms * 1_000_000;
    }
}
