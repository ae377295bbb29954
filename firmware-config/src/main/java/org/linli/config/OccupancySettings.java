package org.linli.config;

import java.time.Duration;

/**
 * How the gateway reports the state of occupancy sensors (pir, beam, door, presence, parking).
 *
 * @param stateInterval each such sensor's current state is sent at least this often, besides its
 *                      change events, so the cloud can compute dwell without raw PIR chatter
 */
public record OccupancySettings(Duration stateInterval) {

    /** Defaults: a state reading at least every 60 s. */
    public static OccupancySettings defaults() {
        return new OccupancySettings(Duration.ofSeconds(60));
    }
}
