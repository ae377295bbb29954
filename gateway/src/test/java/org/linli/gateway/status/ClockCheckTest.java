package org.linli.gateway.status;

import org.junit.jupiter.api.Test;
import org.linli.wire.CommissioningReport;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClockCheckTest {
    private static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

    @Test
    void shouldPassASynchronizedPlausibleClock() {
        assertEquals(CommissioningReport.Outcome.PASS, ClockCheck.judge(NOW, Optional.of(true)).outcome());
    }

    @Test
    void shouldFailAClockBefore2024() {
        assertEquals(CommissioningReport.Outcome.FAIL,
                ClockCheck.judge(Instant.parse("1970-01-01T00:01:00Z"), Optional.empty()).outcome());
    }

    @Test
    void shouldFailAnUnsynchronizedClock() {
        assertEquals(CommissioningReport.Outcome.FAIL, ClockCheck.judge(NOW, Optional.of(false)).outcome());
    }

    @Test
    void shouldCallItUnknownWhenNtpCannotBeAsked() {
        assertEquals(CommissioningReport.Outcome.UNKNOWN, ClockCheck.judge(NOW, Optional.empty()).outcome());
    }

    @Test
    void shouldReadTimedatectlsAnswer() {
        assertEquals(Optional.of(true), ClockCheck.parse("NTPSynchronized=yes\n"));
        assertEquals(Optional.of(false), ClockCheck.parse("NTPSynchronized=no"));
        assertEquals(Optional.empty(), ClockCheck.parse("Failed to connect to bus"));
    }
}
