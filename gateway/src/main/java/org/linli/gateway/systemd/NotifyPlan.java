package org.linli.gateway.systemd;

import java.time.Duration;
import java.util.Map;

/**
 * Whether and how to talk to systemd, decided from the environment systemd gives a
 * {@code Type=notify} service. Pure.
 *
 * <ul>
 *   <li>{@code NOTIFY_SOCKET} set: send {@code READY=1}, {@code STOPPING=1}; otherwise nothing at all
 *       (run by hand, in tests, under another supervisor).</li>
 *   <li>{@code WATCHDOG_USEC} set (the unit's {@code WatchdogSec=}): ping {@code WATCHDOG=1} every
 *       half of it, the interval {@code sd_watchdog_enabled(3)} recommends, unless
 *       {@code WATCHDOG_PID} names another process.</li>
 * </ul>
 *
 * @param enabled          whether to notify at all
 * @param watchdogInterval how often to ping, null for no watchdog
 * @param note             why the watchdog is off although asked for, or null
 */
public record NotifyPlan(boolean enabled, Duration watchdogInterval, String note) {
    /** Nothing to do. */
    public static final NotifyPlan OFF = new NotifyPlan(false, null, null);

    /** The plan for {@code env} in the process {@code pid}. */
    public static NotifyPlan from(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) {
            return OFF;
        }
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isBlank()) {
            return new NotifyPlan(true, null, null);
        }
        String watchdogPid = env.get("WATCHDOG_PID");
        if (watchdogPid != null && !watchdogPid.isBlank() && !watchdogPid.trim().equals(Long.toString(pid))) {
            return new NotifyPlan(true, null, "WATCHDOG_PID " + watchdogPid.trim() + " is not this process (" + pid + ")");
        }
        long micros;
        try {
            micros = Long.parseLong(usec.trim());
        } catch (NumberFormatException e) {
            return new NotifyPlan(true, null, "WATCHDOG_USEC '" + usec + "' is not a number");
        }
        if (micros <= 0) {
            return new NotifyPlan(true, null, "WATCHDOG_USEC " + micros + " is not positive");
        }
        return new NotifyPlan(true, Duration.ofMillis(Math.max(1, micros / 2_000)), null);
    }

    /** Whether to ping the watchdog. */
    public boolean watchdog() {
        return watchdogInterval != null;
    }
}
