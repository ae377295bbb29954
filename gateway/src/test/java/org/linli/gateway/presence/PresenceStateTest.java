package org.linli.gateway.presence;

import org.junit.jupiter.api.Test;
import org.linli.gateway.testing.MutableClock;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresenceStateTest {
    private static final long T0 = 1_795_000_000_000L;
    private final MutableClock clock = new MutableClock(T0);

    private PresenceState state(Duration hold) {
        return new PresenceState(hold, Duration.ofSeconds(60), clock);
    }

    private Optional<Boolean> observeAfter(PresenceState s, long ms, boolean active) {
        clock.advance(ms);
        return s.observe(active, clock.millis());
    }

    @Test
    void shouldReportTheFirstInputWhateverItIs() {
        assertEquals(Optional.of(false), state(Duration.ZERO).observe(false, T0));
    }

    @Test
    void shouldReportOnlyChanges() {
        PresenceState s = state(Duration.ZERO);
        s.observe(true, T0);

        assertEquals(Optional.empty(), observeAfter(s, 100, true));
        assertEquals(Optional.of(false), observeAfter(s, 100, false));
    }

    @Test
    void shouldNotReportVacantForADropShorterThanTheHoldTime() {
        PresenceState s = state(Duration.ofSeconds(30));
        s.observe(true, T0);

        assertEquals(Optional.empty(), observeAfter(s, 1_000, false));
        assertEquals(Optional.empty(), observeAfter(s, 29_000, true), "back within the hold: no event at all");
        clock.advance(20_000);
        assertEquals(Optional.empty(), s.tick(), "nothing held any more, and the state interval not yet over");
        assertEquals(Optional.of(true), s.state());
    }

    @Test
    void shouldReportVacantWhenTheHoldRunsOut() {
        PresenceState s = state(Duration.ofSeconds(30));
        s.observe(true, T0);
        observeAfter(s, 1_000, false);

        clock.advance(29_999);
        assertEquals(Optional.empty(), s.tick());
        assertTrue(s.holding());
        clock.advance(1);
        assertEquals(Optional.of(false), s.tick());
        assertEquals(Optional.of(false), s.state());
    }

    @Test
    void shouldHoldFromTheFirstDropNotTheLast() {
        PresenceState s = state(Duration.ofSeconds(30));
        s.observe(true, T0);
        observeAfter(s, 1_000, false);
        observeAfter(s, 20_000, false);

        clock.advance(10_000);
        assertEquals(Optional.of(false), s.tick());
    }

    @Test
    void shouldReportVacantAtOnceWithoutHoldTime() {
        PresenceState s = state(Duration.ZERO);
        s.observe(true, T0);

        assertEquals(Optional.of(false), observeAfter(s, 10, false));
    }

    @Test
    void shouldRepeatTheStateOncePerStateInterval() {
        PresenceState s = state(Duration.ZERO);
        s.observe(true, T0);

        clock.advance(59_999);
        assertEquals(Optional.empty(), s.tick());
        clock.advance(1);
        assertEquals(Optional.of(true), s.tick());
        assertEquals(Optional.empty(), s.tick(), "once");
        clock.advance(60_000);
        assertEquals(Optional.of(true), s.tick());
    }

    @Test
    void shouldRestartTheStateIntervalOnAChange() {
        PresenceState s = state(Duration.ZERO);
        s.observe(true, T0);
        observeAfter(s, 50_000, false);

        clock.advance(59_000);
        assertEquals(Optional.empty(), s.tick());
        clock.advance(1_000);
        assertEquals(Optional.of(false), s.tick());
    }

    @Test
    void shouldRepeatOccupiedWhileHolding() {
        PresenceState s = new PresenceState(Duration.ofSeconds(90), Duration.ofSeconds(60), clock);
        s.observe(true, T0);
        observeAfter(s, 10_000, false);

        clock.advance(50_000);
        assertEquals(Optional.of(true), s.tick(), "still occupied as far as anyone is told");
        clock.advance(50_000);
        assertEquals(Optional.of(false), s.tick(), "the hold ran out");
    }

    @Test
    void shouldRepeatNothingBeforeTheFirstInputOrAfterForgetting() {
        PresenceState s = state(Duration.ZERO);
        clock.advance(120_000);
        assertEquals(Optional.empty(), s.tick());

        s.observe(true, clock.millis());
        s.forget();
        clock.advance(120_000);
        assertEquals(Optional.empty(), s.tick());
        assertEquals(Optional.of(true), s.observe(true, clock.millis()), "reported again after forgetting");
    }
}
