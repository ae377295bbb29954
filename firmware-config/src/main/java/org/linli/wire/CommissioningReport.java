package org.linli.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of commissioning one gateway on site: every configured sensor's wiring check and the
 * automatic checks (clock, storage, brokers, one upload). Published by the gateway, retained, on
 * {@link Topics#commissioning}; encoded by {@link CommissioningCodec}.
 *
 * @param site           site id
 * @param gateway        gateway id
 * @param bootId         the gateway's boot id during the run
 * @param startedAt      when the run began, epoch ms
 * @param finishedAt     when it ended, epoch ms
 * @param gatewayVersion the gateway software version
 * @param sensors        one result per configured sensor, in config order
 * @param checks         one result per automatic check
 */
public record CommissioningReport(String site, String gateway, String bootId, long startedAt, long finishedAt,
                                  String gatewayVersion, List<SensorResult> sensors, List<CheckResult> checks) {

    public CommissioningReport {
        sensors = List.copyOf(sensors);
        checks = List.copyOf(checks);
    }

    /** How an item came out. {@link #UNKNOWN} (the gateway could not tell) is not a failure. */
    public enum Outcome {
        PASS, FAIL, UNKNOWN;

        /** The name on the wire: lower case. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One sensor's wiring check.
     *
     * @param sensor  sensor id
     * @param kind    its kind, e.g. {@code pir}
     * @param space   the space it watches, or empty
     * @param wiring  where it is connected, e.g. {@code gpio BCM 17}
     * @param outcome PASS when a reading was seen within the window
     * @param detail  what was seen or why not
     */
    public record SensorResult(String sensor, String kind, String space, String wiring, Outcome outcome, String detail) {
    }

    /**
     * One automatic check.
     *
     * @param name    {@code clock}, {@code storage}, {@code brokers}, {@code upload}
     * @param outcome the result
     * @param figure  the measured figure, e.g. {@code median 3 ms, max 11 ms}
     */
    public record CheckResult(String name, Outcome outcome, String figure) {
    }

    /** True when no sensor and no check failed. */
    public boolean passed() {
        return failedItems().isEmpty();
    }

    /** The sensors and checks that failed, by id or name, sensors first. */
    public List<String> failedItems() {
        List<String> failed = new ArrayList<>();
        sensors.stream().filter(s -> s.outcome() == Outcome.FAIL).forEach(s -> failed.add(s.sensor()));
        checks.stream().filter(c -> c.outcome() == Outcome.FAIL).forEach(c -> failed.add(c.name()));
        return failed;
    }
}
