package org.linli.cloud.rules;

import java.time.Instant;

/** What {@link DeadmanRule} decides. */
public sealed interface DeadmanEvent {

    /**
     * A sensor went offline: an OFFLINE status, or no good reading for its kind's heartbeat interval.
     *
     * @param at       the OFFLINE status's time, or last good reading + interval
     * @param lastGood its last good (or suspect) reading
     * @param reason   the status message, or which silence
     */
    record SensorOffline(String sensor, String gateway, Instant at, Instant lastGood, String reason)
            implements DeadmanEvent {
    }

    /**
     * A sensor is back: a good reading recent enough to prove it lives.
     *
     * @param at           that reading's time
     * @param offlineSince when it had gone offline
     */
    record SensorBack(String sensor, String gateway, Instant at, Instant offlineSince) implements DeadmanEvent {
    }

    /**
     * A gateway went offline: its status says so (the broker's last will), or all its sensors fell silent.
     *
     * @param at     the status's time, or when the last of its sensors fell silent
     * @param reason the status, or the silence
     */
    record GatewayOffline(String gateway, Instant at, String reason) implements DeadmanEvent {
    }

    /**
     * A gateway is back.
     *
     * @param at           the latest reading or online status heard from it
     * @param offlineSince when it had gone offline
     */
    record GatewayBack(String gateway, Instant at, Instant offlineSince) implements DeadmanEvent {
    }
}
