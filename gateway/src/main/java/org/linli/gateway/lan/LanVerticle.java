package org.linli.gateway.lan;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.linli.config.BrokerSettings;
import org.linli.config.OccupancySettings;
import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;
import org.linli.gateway.log.LogGate;
import org.linli.gateway.mqtt.Backoff;
import org.linli.gateway.mqtt.BrokerLogin;
import org.linli.gateway.mqtt.MqttLink;
import org.linli.gateway.status.ReadingTap;
import org.linli.gateway.uplink.MessageKey;
import org.linli.gateway.uplink.RecentMessages;
import org.linli.wire.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;

/**
 * Reads the sensors that publish JSON on the gateway's LAN broker: subscribes to each sensor topic at
 * QoS 1 and hands each message to {@link LanReadings}, which turns it into readings by each sensor's
 * mapping; once a second {@link LanReadings#tick} adds offline readings, held drops that ran out and
 * periodic states. A payload that cannot be read is counted per reason in {@link LanStats}, logged at
 * WARN at most once a minute per sensor, and dropped; the driver keeps running.
 *
 * <p>Start completes once connected and subscribed. If the LAN broker is not up yet (it may start
 * after the gateway at boot), connecting is retried for ever and start completes when it succeeds.
 *
 * <p>The session is persistent (clean start false, one hour expiry): while the gateway reconnects or
 * restarts, the broker keeps the subscriptions and queues the sensors' QoS 1 messages for it.
 *
 * <p>Acknowledgements are manual: a message's PUBACK goes to the broker only once the sink has stored
 * every reading made from it (or the message was refused as unusable), so a message the gateway
 * crashed on is delivered again rather than lost. A message whose readings were stored but whose
 * PUBACK never reached the broker (the gateway died, or the connection dropped, in between) comes
 * again at the start of the next connection; it goes to the store with its {@link MessageKey}, and
 * the store acknowledges it without storing its readings a second time.
 */
public final class LanVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(LanVerticle.class);
    private static final long SESSION_EXPIRY_SECONDS = 3600;
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);
    private static final Duration RESUBSCRIBE_DELAY = Duration.ofSeconds(5);
    private static final long TICK_MS = 1000;

    private final BrokerSettings broker;
    private final String clientId;
    private final List<SensorSpec> sensors;
    private final Duration stateInterval;
    private final Clock clock;
    private final ReadingTap sink;
    private final MessageKey.Mqtt keys = new MessageKey.Mqtt();
    /** Messages still to come on this connection that may be the broker's redeliveries. */
    private int mayRepeat;
    private final LanStats stats;
    private LanReadings readings;
    private long tickTimer = -1;
    private LogGate warnings;
    private MqttLink link;

    /**
     * @param broker   the LAN broker
     * @param clientId MQTT client id, stable across restarts so the broker keeps the session
     * @param sensors  the sensors bound to {@link SensorBinding.MqttTopic}s
     * @param clock    timestamps readings on arrival
     * @param sink     receives every reading, called on this verticle's context; its future completes
     *                 once the reading is stored, which is when the message is acknowledged
     * @param stats    counters, written here
     */
    public LanVerticle(BrokerSettings broker, String clientId, List<SensorSpec> sensors, Clock clock,
                       ReadingTap sink, LanStats stats) {
        this(broker, clientId, sensors, clock, sink, stats, OccupancySettings.defaults().stateInterval());
    }

    /**
     * @param broker        the LAN broker
     * @param clientId      MQTT client id, stable across restarts so the broker keeps the session
     * @param sensors       the sensors bound to {@link SensorBinding.MqttTopic}s
     * @param clock         timestamps readings on arrival; runs heartbeats, hold times and state intervals
     * @param sink          receives every reading, called on this verticle's context; its future completes
     *                      once the reading is stored, which is when the message is acknowledged
     * @param stats         counters, written here
     * @param stateInterval occupancy sensors repeat their state when they made no reading for this long
     */
    public LanVerticle(BrokerSettings broker, String clientId, List<SensorSpec> sensors, Clock clock,
                       ReadingTap sink, LanStats stats, Duration stateInterval) {
        this.broker = broker;
        this.clientId = clientId;
        this.sensors = List.copyOf(sensors);
        this.clock = clock;
        this.sink = sink;
        this.stats = stats;
        this.stateInterval = stateInterval;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        readings = new LanReadings(sensors, stateInterval, clock);
        tickTimer = vertx.setPeriodic(TICK_MS, id -> readings.tick().forEach(r -> emit(r)
                .onFailure(e -> LOG.warn("sensor {}: cannot store a periodic reading: {}", r.sensor(), e.getMessage()))));
        warnings = new LogGate(WARN_INTERVAL);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        // Bounds what the broker may have in flight to the gateway, so what it can send again after
        // a crash is among the last keys the store keeps (RecentMessages); and lets one commit carry
        // up to SqliteMessageStore.GROUP_MAX messages whatever the broker's own default (Mosquitto 20).
        options.setReceiveMaximum(RecentMessages.LAN_RECEIVE_MAXIMUM);
        BrokerLogin.apply(vertx, broker, options)
                .compose(opts -> {
                    link = new MqttLink(vertx, context, "LAN broker", broker.uri(), clientId, opts,
                            Backoff.standard(), clock, new Events());
                    return link.connect();
                })
                .compose(v -> subscribe())
                .onSuccess(v -> LOG.info("LAN up: {} sensor topic(s) on {}", readings.topics().size(), broker.uri()))
                .onComplete(startPromise);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        if (tickTimer >= 0) {
            vertx.cancelTimer(tickTimer);
            tickTimer = -1;
        }
        stats.connected(false);
        if (link == null) {
            stopPromise.complete();
            return;
        }
        link.close(Duration.ofSeconds(1)).onComplete(ar -> stopPromise.complete());
    }

    private Future<Void> subscribe() {
        return link.subscribe(List.copyOf(readings.topics()), 1)
                .onSuccess(v -> stats.connected(true))
                .onFailure(e -> LOG.warn("LAN broker: cannot subscribe to {}: {}", readings.topics(), e.toString()));
    }

    private void resubscribe() {
        subscribe().onFailure(e -> vertx.setTimer(RESUBSCRIBE_DELAY.toMillis(), id -> {
            if (link.isConnected()) {
                resubscribe();
            }
        }));
    }

    private void onMessage(String topic, byte[] payload, long receivedAt, int packetId, Runnable ack) {
        boolean maybeRepeat = mayRepeat > 0;
        if (maybeRepeat) {
            mayRepeat--;
        }
        LanReadings.Outcome outcome = readings.message(topic, payload, receivedAt);
        if (outcome == null) {
            LOG.debug("message on unexpected topic {}", topic);
            ack.run();
            return;
        }
        stats.message();
        for (LanReadings.Refusal r : outcome.refusals()) {
            stats.reject(r.reason());
            long suppressed = warnings.admit(r.sensor(), receivedAt);
            if (suppressed != LogGate.SUPPRESS) {
                LOG.warn("sensor {}: refused a message on {} ({}): {}{}", r.sensor(), topic, r.reason().code(),
                        r.detail(), suppressed > 0 ? " (" + suppressed + " more refused since the last warning)" : "");
            }
        }
        if (outcome.readings().isEmpty()) {
            ack.run();
            return;
        }
        for (Reading reading : outcome.readings()) {
            if (reading.quality().carriesValues()) {
                stats.reading();
            }
        }
        // Not acknowledged when the store failed: the broker delivers the message again after a reconnect.
        sink.apply(outcome.readings(), keys.of(topic, packetId, payload, maybeRepeat)).onSuccess(stored -> {
            if (!stored) {
                stats.redelivery();
                long suppressed = warnings.admit("redelivery", receivedAt);
                if (suppressed != LogGate.SUPPRESS) {
                    LOG.info("LAN broker delivered message {} on {} again (its PUBACK was lost in a crash or a dropped"
                            + " connection); its readings are stored already, so it is only acknowledged{}", packetId, topic,
                            suppressed > 0 ? " (" + suppressed + " more since the last such line)" : "");
                }
            }
            ack.run();
        }).onFailure(e -> LOG.warn("message on {} not acknowledged: cannot store its readings ({})", topic, e.getMessage()));
    }

    private Future<Void> emit(Reading reading) {
        if (reading.quality().carriesValues()) {
            stats.reading();
        }
        return sink.apply(reading);
    }

    private final class Events implements MqttLink.Events {
        @Override
        public void connected(boolean reconnect, boolean sessionPresent) {
            // A kept session first brings again what was in flight on the last connection, never
            // more than the receive maximum; any later message is a first delivery.
            mayRepeat = sessionPresent ? RecentMessages.LAN_RECEIVE_MAXIMUM : 0;
            if (!sessionPresent) {
                // The broker has no session for the gateway (first start, broker reset): nothing
                // stored before can come again, and its packet ids start over, so an old key could
                // match a new message. Queued before this connection's first message.
                sink.newSourceSession().onFailure(e -> LOG.warn("cannot forget the LAN message keys: {}", e.toString()));
            }
            if (reconnect) {
                // The broker may have lost the session (restarted without persistence): subscribe again.
                resubscribe();
            }
        }

        @Override
        public void lost(String why) {
            stats.connected(false);
        }

        @Override
        public boolean manualAcks() {
            return true;
        }

        @Override
        public int maxUnacknowledged() {
            // The broker should keep to the Receive Maximum itself; this holds even if it does not,
            // and the redelivery check (RecentMessages) relies on the bound.
            return RecentMessages.LAN_RECEIVE_MAXIMUM;
        }

        @Override
        public void message(String topic, byte[] payload, long receivedAt, int packetId, Runnable ack) {
            onMessage(topic, payload, receivedAt, packetId, ack);
        }
    }
}
