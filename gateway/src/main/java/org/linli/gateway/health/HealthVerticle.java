package org.linli.gateway.health;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import org.linli.gateway.uplink.UplinkStats;
import org.linli.gateway.uplink.UplinkVerticle;
import org.linli.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Publishes the retained {@link HealthReport} on {@code linli/v1/{site}/{gateway}/health} on every
 * connect to the cloud broker and every {@code interval} while connected. A report that cannot be
 * sent is not buffered: the next one says the same, newer.
 */
public final class HealthVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(HealthVerticle.class);

    private final String site;
    private final String gateway;
    private final String bootId;
    private final long configVersion;
    private final List<String> configured;
    private final UplinkVerticle uplink;
    private final UplinkStats stats;
    private final Duration interval;
    private final Clock clock;
    private final Versions versions = Versions.current();
    private final String topic;
    private final long startedAt;
    private long timer = -1;

    /**
     * @param configured    the configured sensor ids
     * @param configVersion the running config's version
     * @param uplink        the deployed uplink, whose cloud connection the report goes out on
     * @param stats         the uplink's counters
     * @param interval      {@code uplink.healthInterval}
     */
    public HealthVerticle(String site, String gateway, String bootId, long configVersion, List<String> configured,
                          UplinkVerticle uplink, UplinkStats stats, Duration interval, Clock clock) {
        this.site = site;
        this.gateway = gateway;
        this.bootId = bootId;
        this.configVersion = configVersion;
        this.configured = List.copyOf(configured);
        this.uplink = uplink;
        this.stats = stats;
        this.interval = interval;
        this.clock = clock;
        this.topic = Topics.health(site, gateway);
        this.startedAt = clock.millis();
    }

    @Override
    public void start(Promise<Void> startPromise) {
        uplink.onConnected(() -> context.runOnContext(v -> publish()));
        timer = vertx.setPeriodic(interval.toMillis(), id -> publish());
        if (stats.connected()) {
            publish();
        }
        startPromise.complete();
    }

    @Override
    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The report as of now. */
    public HealthReport report() {
        return new HealthReport(site, gateway, bootId, clock.millis(), startedAt, configVersion,
                stats.bufferedReadings(), stats.bufferedBatches(), stats.bufferedBytes(), stats.lastUploadAt(),
                configured, stats.sensors().snapshot(), versions);
    }

    private void publish() {
        if (!stats.connected()) {
            return;
        }
        uplink.publish(topic, report().toJson(), true)
                .onFailure(e -> LOG.debug("health report not sent: {}", e.getMessage()));
    }
}
