package org.linli.config;

import java.time.Duration;

/**
 * How the gateway batches readings to the cloud.
 *
 * @param maxBatchReadings a batch is sent when it holds this many readings
 * @param maxBatchDelay    ... or when its oldest reading has waited this long
 * @param maxBuffered      readings kept while the cloud is unreachable
 */
public record UplinkSettings(int maxBatchReadings, Duration maxBatchDelay, int maxBuffered) {

    /** Defaults: 200 readings or 1 s per batch, 100,000 buffered readings. */
    public static UplinkSettings defaults() {
        return new UplinkSettings(200, Duration.ofSeconds(1), 100_000);
    }
}
