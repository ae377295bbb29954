package org.linli.gateway.counter.wiegand;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of a Wiegand line pair. Readers send pulses of 50-100 µs about 1-2 ms apart, so a frame of
 * 34 bits takes at most about 70 ms and a silence of {@code frameTimeout} ends it.
 *
 * @param frameTimeout   silence after the last bit that ends a frame (default 25 ms)
 * @param minBitSpacing  two bits closer than this are noise, not data (default 200 µs); also catches a
 *                       pulse seen on D0 and D1 at once
 */
public record WiegandSettings(Duration frameTimeout, Duration minBitSpacing) {

    public static final WiegandSettings DEFAULTS = new WiegandSettings(Duration.ofMillis(25), Duration.ofNanos(200_000));

    public WiegandSettings {
        Objects.requireNonNull(frameTimeout, "frameTimeout");
        Objects.requireNonNull(minBitSpacing, "minBitSpacing");
        if (minBitSpacing.isNegative() || frameTimeout.compareTo(minBitSpacing) <= 0) {
            throw new IllegalArgumentException("need 0 <= minBitSpacing < frameTimeout, got " + minBitSpacing
                    + " and " + frameTimeout);
        }
    }

    long frameTimeoutMicros() {
        return frameTimeout.toNanos() / 1_000;
    }

    long minBitSpacingMicros() {
        return minBitSpacing.toNanos() / 1_000;
    }
}
