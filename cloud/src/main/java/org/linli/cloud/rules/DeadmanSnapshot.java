package org.linli.cloud.rules;

import java.time.Instant;
import java.util.Map;

/**
 * The whole state of a {@link DeadmanRule}, immutable, to persist and rebuild it with
 * {@link DeadmanRule#restore}.
 *
 * @param now      the latest time the rule knows (tick or reading)
 * @param sensors  per sensor id
 * @param gateways per gateway id
 */
public record DeadmanSnapshot(Instant now, Map<String, SensorLiveness> sensors,
                              Map<String, GatewayLiveness> gateways) {

    public DeadmanSnapshot {
        // Null as empty: JSON writers may leave empty maps out.
        sensors = sensors == null ? Map.of() : Map.copyOf(sensors);
        gateways = gateways == null ? Map.of() : Map.copyOf(gateways);
    }

    /**
     * @param lastAny      latest reading of any quality (proves the gateway lives)
     * @param lastGood     latest GOOD or SUSPECT reading (proves the sensor lives)
     * @param offlineStatus time of an OFFLINE status newer than lastGood, or null
     * @param statusMessage its message, or null
     * @param offline      whether SensorOffline was emitted and no SensorBack since
     * @param offlineSince when it went offline, or null
     */
    public record SensorLiveness(Instant lastAny, Instant lastGood, Instant offlineStatus, String statusMessage,
                                 boolean offline, Instant offlineSince) {
    }

    /**
     * @param statusAt     time of the latest status message (or the rule's start)
     * @param online       what it said
     * @param offline      whether GatewayOffline was emitted and no GatewayBack since
     * @param offlineSince when it went offline, or null
     */
    public record GatewayLiveness(Instant statusAt, boolean online, boolean offline, Instant offlineSince) {
    }
}
