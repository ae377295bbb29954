package org.linli.gateway.lan;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A dead man's switch for a device that promises to publish at least every {@code heartbeat}: silent
 * for {@code factor} heartbeats (2.5 by default: one lost message and some jitter are no outage) it
 * is offline, once, until it is heard again. The time runs from construction, so a device that never
 * reports goes offline too.
 *
 * <p>Pure and not thread-safe.
 */
public final class Silence {
    private final Clock clock;
    private final long limitMs;
    private final Duration heartbeat;
    private long lastHeardMs;
    private boolean silent;

    /**
     * @param heartbeat the device's promised interval
     * @param factor    how many intervals of silence make it offline
     * @param clock     the time
     */
    public Silence(Duration heartbeat, double factor, Clock clock) {
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.limitMs = Math.round(heartbeat.toMillis() * factor);
        this.lastHeardMs = clock.millis();
    }

    /** The device was heard now; true when it was offline until now. */
    public boolean heard() {
        lastHeardMs = clock.millis();
        boolean was = silent;
        silent = false;
        return was;
    }

    /** Why the device is offline, the first time this is asked after it went silent; empty otherwise. */
    public Optional<String> check() {
        long quietMs = clock.millis() - lastHeardMs;
        if (silent || quietMs < limitMs) {
            return Optional.empty();
        }
        silent = true;
        return Optional.of("no message for " + Durations.human(quietMs) + " (heartbeat " + Durations.human(heartbeat.toMillis()) + ")");
    }

    /** Whether the device is offline. */
    public boolean silent() {
        return silent;
    }
}
