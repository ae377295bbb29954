package org.linli.gateway.status;

import org.linli.wire.CommissioningReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether the gateway's clock can be trusted: later than 2024-01-01 (a Pi has no real-time clock and
 * starts in the past until NTP syncs) and, where systemd can tell, synchronized by NTP. When
 * {@code timedatectl} is missing or cannot answer, synchronization is unknown, which is no failure.
 */
public final class ClockCheck {
    /** Any earlier time is a clock that was never set. */
    public static final Instant PLAUSIBLE_AFTER = Instant.parse("2024-01-01T00:00:00Z");

    private ClockCheck() {
    }

    /** Asks {@code timedatectl show -p NTPSynchronized}; empty when it is not there or fails. Blocks up to 5 s. */
    public static Optional<Boolean> ntpSynchronized() {
        try {
            Process p = new ProcessBuilder("timedatectl", "show", "-p", "NTPSynchronized").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? parse(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Reads {@code NTPSynchronized=yes|no}; empty for anything else. */
    static Optional<Boolean> parse(String output) {
        for (String line : output.split("\n")) {
            String l = line.trim().toLowerCase(Locale.ROOT);
            if (l.equals("ntpsynchronized=yes")) {
                return Optional.of(true);
            }
            if (l.equals("ntpsynchronized=no")) {
                return Optional.of(false);
            }
        }
        return Optional.empty();
    }

    /** The check's result for the clock reading {@code now} and what NTP said. */
    public static CommissioningReport.CheckResult judge(Instant now, Optional<Boolean> ntp) {
        String sync = ntp.map(s -> s ? "NTP synchronized" : "NTP not synchronized").orElse("NTP unknown");
        String figure = now + ", " + sync;
        CommissioningReport.Outcome outcome;
        if (now.isBefore(PLAUSIBLE_AFTER) || ntp.equals(Optional.of(false))) {
            outcome = CommissioningReport.Outcome.FAIL;
        } else {
            outcome = ntp.isPresent() ? CommissioningReport.Outcome.PASS : CommissioningReport.Outcome.UNKNOWN;
        }
        return new CommissioningReport.CheckResult("clock", outcome, figure);
    }
}
