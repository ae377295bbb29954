package org.linli.gateway.status;

import org.linli.config.SensorSpec;
import org.linli.wire.CommissioningReport;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The walk through every configured sensor during commissioning: one {@link WiringCheck} window per
 * sensor, in config order; a sensor seen, not seen in time or skipped is recorded and the next one's
 * window opens. After the last sensor the run waits for the automatic checks ({@link #finish}).
 *
 * <p>Pure: no Vert.x, time from the injected clock. Not thread-safe: one context calls it.
 */
public final class CommissioningRun {

    /** Where the run stands. */
    public enum Phase { IDLE, SENSORS, CHECKS, DONE }

    private final List<SensorSpec> sensors;
    private final WiringCheck wiring;
    private final Clock clock;
    private final List<CommissioningReport.SensorResult> results = new ArrayList<>();
    private Phase phase = Phase.IDLE;
    private int index;
    private long startedAt;
    private CommissioningReport report;

    public CommissioningRun(List<SensorSpec> sensors, WiringCheck wiring, Clock clock) {
        this.sensors = List.copyOf(sensors);
        this.wiring = wiring;
        this.clock = clock;
    }

    /** Starts (or restarts) the run at the first sensor. */
    public void start() {
        results.clear();
        report = null;
        index = 0;
        startedAt = clock.millis();
        phase = Phase.SENSORS;
        openWindow();
    }

    /**
     * Records the current sensor if its check has been decided and moves on; call after every reading
     * and on a timer. Returns true when the run moved.
     */
    public boolean update() {
        if (phase != Phase.SENSORS) {
            return false;
        }
        SensorSpec current = sensors.get(index);
        WiringCheck.Status s = wiring.status(current.id());
        if (s.state() == WiringCheck.State.SEEN) {
            record(current, CommissioningReport.Outcome.PASS,
                    "seen after " + Math.max(0, (s.seenAt() - s.startedAt()) / 1000) + " s");
            return true;
        }
        if (s.state() == WiringCheck.State.NOT_SEEN) {
            record(current, CommissioningReport.Outcome.FAIL,
                    "not seen within " + wiring.window().toSeconds() + " s");
            return true;
        }
        return false;
    }

    /** The installer skips the current sensor: it is recorded as failed. */
    public boolean skip() {
        if (phase != Phase.SENSORS) {
            return false;
        }
        record(sensors.get(index), CommissioningReport.Outcome.FAIL, "skipped by the installer");
        return true;
    }

    /** Ends the run with the automatic checks' results; returns the report. */
    public CommissioningReport finish(String site, String gateway, String bootId, String version,
                                      List<CommissioningReport.CheckResult> checks) {
        if (phase != Phase.CHECKS) {
            throw new IllegalStateException("the sensors are not done: " + phase);
        }
        report = new CommissioningReport(site, gateway, bootId, startedAt, Math.max(startedAt, clock.millis()),
                version, results, checks);
        phase = Phase.DONE;
        return report;
    }

    public Phase phase() {
        return phase;
    }

    /** The sensor being checked now, while in {@link Phase#SENSORS}. */
    public Optional<SensorSpec> current() {
        return phase == Phase.SENSORS ? Optional.of(sensors.get(index)) : Optional.empty();
    }

    /** The sensors recorded so far, in config order. */
    public List<CommissioningReport.SensorResult> results() {
        return List.copyOf(results);
    }

    /** The report of the last finished run. */
    public Optional<CommissioningReport> report() {
        return Optional.ofNullable(report);
    }

    public long startedAt() {
        return startedAt;
    }

    private void record(SensorSpec s, CommissioningReport.Outcome outcome, String detail) {
        results.add(new CommissioningReport.SensorResult(s.id(), Wiring.kind(s), s.space() == null ? "" : s.space(),
                Wiring.describe(s), outcome, detail));
        index++;
        if (index < sensors.size()) {
            openWindow();
        } else {
            phase = Phase.CHECKS;
        }
    }

    private void openWindow() {
        if (sensors.isEmpty()) {
            phase = Phase.CHECKS;
            return;
        }
        SensorSpec s = sensors.get(index);
        wiring.start(s.id(), Wiring.reportsByItself(s));
    }
}
