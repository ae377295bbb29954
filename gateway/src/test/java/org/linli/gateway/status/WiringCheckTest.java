package org.linli.gateway.status;

import org.junit.jupiter.api.Test;
import org.linli.gateway.testing.MutableClock;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WiringCheckTest {
    private static final long T0 = 1_763_800_000_000L;
    private final MutableClock clock = new MutableClock(T0);
    private final WiringCheck check = new WiringCheck(clock, Duration.ofSeconds(30));

    @Test
    void shouldBeIdleBeforeAnyCheck() {
        assertEquals(WiringCheck.State.IDLE, check.status("pir-1").state());
    }

    @Test
    void shouldWaitForTheSensorOnceStarted() {
        WiringCheck.Status s = check.start("pir-1", false);

        assertEquals(WiringCheck.State.WAITING, s.state());
        assertEquals(T0 + 30_000, s.deadline());
    }

    @Test
    void shouldSeeAReadingThatArrivesWithinTheWindow() {
        check.start("pir-1", false);
        clock.advance(4_000);

        WiringCheck.Status s = check.offer(Reading.of("pir-1", clock.millis(), "occupied", 1, "bool")).orElseThrow();

        assertEquals(WiringCheck.State.SEEN, s.state());
        assertEquals(T0 + 4_000, s.seenAt());
        assertEquals(WiringCheck.State.SEEN, check.status("pir-1").state());
    }

    @Test
    void shouldReportNotSeenWhenTheWindowEndsWithoutAReading() {
        check.start("pir-1", false);
        clock.advance(30_000);

        List<WiringCheck.Status> expired = check.expire();

        assertEquals(1, expired.size());
        assertEquals(WiringCheck.State.NOT_SEEN, check.status("pir-1").state());
    }

    @Test
    void shouldNotCountAReadingThatArrivesAfterTheWindow() {
        check.start("pir-1", false);
        clock.advance(31_000);

        check.offer(Reading.of("pir-1", clock.millis(), "occupied", 1, "bool"));

        assertEquals(WiringCheck.State.NOT_SEEN, check.status("pir-1").state());
    }

    @Test
    void shouldIgnoreOtherSensorsAndErrorReports() {
        check.start("pir-1", false);

        assertTrue(check.offer(Reading.of("park-3", T0, "occupied", 1, "bool")).isEmpty());
        assertTrue(check.offer(Reading.status("pir-1", T0, Quality.ERROR, "pin level unknown")).isEmpty());
        assertEquals(WiringCheck.State.WAITING, check.status("pir-1").state());
    }

    @Test
    void shouldNeedAGoodReadingFromANoiseModule() {
        check.start("noise-1", true);
        clock.advance(1_000);

        check.offer(new Reading("noise-1", clock.millis(), java.util.Map.of("laeq", 50.0), "dBA", Quality.SUSPECT, "partial"));
        assertEquals(WiringCheck.State.WAITING, check.status("noise-1").state());

        check.offer(Reading.of("noise-1", clock.millis(), "la", 48, "dBA"));
        assertEquals(WiringCheck.State.SEEN, check.status("noise-1").state());
    }

    @Test
    void shouldOpenANewWindowWhenStartedAgain() {
        check.start("pir-1", false);
        clock.advance(30_000);
        check.expire();

        check.start("pir-1", false);

        assertEquals(WiringCheck.State.WAITING, check.status("pir-1").state());
        assertEquals(clock.millis() + 30_000, check.status("pir-1").deadline());
    }
}
