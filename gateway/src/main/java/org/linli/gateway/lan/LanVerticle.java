package org.linli.gateway.lan;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.linli.config.BrokerSettings;
import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;
import org.linli.gateway.log.LogGate;
import org.linli.gateway.mqtt.Backoff;
import org.linli.gateway.mqtt.BrokerLogin;
import org.linli.gateway.mqtt.MqttLink;
import org.linli.gateway.readings.ReadingTimes;
import org.linli.wire.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the sensors that publish JSON on the gateway's LAN broker: subscribes to each sensor topic at
 * QoS 1 and turns each message into one reading per sensor reading that topic, by the sensor's
 * {@code field}. A payload that cannot be read is counted per reason in {@link LanStats}, logged at
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
 * crashed on is delivered again rather than lost. The price is a duplicate reading, with a new
 * arrival timestamp, when the gateway dies between storing and acknowledging.
 */
public final class LanVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(LanVerticle.class);
    private static final long SESSION_EXPIRY_SECONDS = 3600;
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);
    private static final Duration RESUBSCRIBE_DELAY = Duration.ofSeconds(5);

    private final BrokerSettings broker;
    private final String clientId;
    private final Map<String, List<SensorSpec>> sensorsByTopic;
    private final Clock clock;
    private final Function<Reading, Future<Void>> sink;
    private final LanStats stats;
    private final LanPayloads payloads = new LanPayloads();
    private ReadingTimes times;
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
                       Function<Reading, Future<Void>> sink, LanStats stats) {
        this.broker = broker;
        this.clientId = clientId;
        this.clock = clock;
        this.sink = sink;
        this.stats = stats;
        Map<String, List<SensorSpec>> byTopic = new LinkedHashMap<>();
        for (SensorSpec s : sensors) {
            byTopic.computeIfAbsent(((SensorBinding.MqttTopic) s.binding()).topic(), t -> new ArrayList<>()).add(s);
        }
        this.sensorsByTopic = byTopic;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        times = new ReadingTimes(clock);
        warnings = new LogGate(WARN_INTERVAL);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        BrokerLogin.apply(vertx, broker, options)
                .compose(opts -> {
                    link = new MqttLink(vertx, context, "LAN broker", broker.uri(), clientId, opts,
                            Backoff.standard(), clock, new Events());
                    return link.connect();
                })
                .compose(v -> subscribe())
                .onSuccess(v -> LOG.info("LAN up: {} sensor topic(s) on {}", sensorsByTopic.size(), broker.uri()))
                .onComplete(startPromise);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        stats.connected(false);
        if (link == null) {
            stopPromise.complete();
            return;
        }
        link.close(Duration.ofSeconds(1)).onComplete(ar -> stopPromise.complete());
    }

    private Future<Void> subscribe() {
        return link.subscribe(List.copyOf(sensorsByTopic.keySet()), 1)
                .onSuccess(v -> stats.connected(true))
                .onFailure(e -> LOG.warn("LAN broker: cannot subscribe to {}: {}", sensorsByTopic.keySet(), e.toString()));
    }

    private void resubscribe() {
        subscribe().onFailure(e -> vertx.setTimer(RESUBSCRIBE_DELAY.toMillis(), id -> {
            if (link.isConnected()) {
                resubscribe();
            }
        }));
    }

    private void onMessage(String topic, byte[] payload, long receivedAt, Runnable ack) {
        List<SensorSpec> sensors = sensorsByTopic.get(topic);
        if (sensors == null) {
            LOG.debug("message on unexpected topic {}", topic);
            ack.run();
            return;
        }
        stats.message();
        List<Future<Void>> stored = new ArrayList<>(sensors.size());
        for (SensorSpec sensor : sensors) {
            SensorBinding.MqttTopic binding = (SensorBinding.MqttTopic) sensor.binding();
            LanValue value = payloads.map(payload, binding.field(), sensor.kind().unit());
            if (value instanceof LanValue.Value v) {
                stats.reading();
                stored.add(sink.apply(Reading.of(sensor.id(), times.stamp(sensor.id(), receivedAt),
                        sensor.kind().valueName(), v.value(), sensor.kind().unit())));
            } else if (value instanceof LanValue.Rejected r) {
                stats.reject(r.reason());
                long suppressed = warnings.admit(sensor.id(), receivedAt);
                if (suppressed != LogGate.SUPPRESS) {
                    LOG.warn("sensor {}: refused a message on {} ({}): {}{}", sensor.id(), topic, r.reason().code(),
                            r.detail(), suppressed > 0 ? " (" + suppressed + " more refused since the last warning)" : "");
                }
            }
        }
        // Not acknowledged when the store failed: the broker delivers the message again after a reconnect.
        Future.all(stored).onSuccess(v -> ack.run())
                .onFailure(e -> LOG.warn("message on {} not acknowledged: cannot store its readings ({})", topic, e.getMessage()));
    }

    private final class Events implements MqttLink.Events {
        @Override
        public void connected(boolean reconnect) {
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
        public void message(String topic, byte[] payload, long receivedAt, Runnable ack) {
            onMessage(topic, payload, receivedAt, ack);
        }
    }
}
