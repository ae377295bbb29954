package org.linli.gateway.counter;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.linli.config.BrokerSettings;
import org.linli.config.CanteenSettings;
import org.linli.gateway.mqtt.Backoff;
import org.linli.gateway.mqtt.BrokerLogin;
import org.linli.gateway.mqtt.MqttLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes network terminals' events from the LAN broker: one QoS 1 subscription per terminal topic, a
 * persistent session, and manual acknowledgements. A message is acknowledged once its decision is in
 * the ledger, or once it was refused (a payload that breaks the contract will not get better by being
 * sent again); when the ledger cannot be written it is not acknowledged and the broker delivers it
 * again, which the event id makes harmless.
 */
public final class TerminalLanVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalLanVerticle.class);
    private static final long SESSION_EXPIRY_SECONDS = 3600;

    private final BrokerSettings broker;
    private final String clientId;
    private final Map<String, String> terminalOfTopic = new HashMap<>();
    private final CounterVerticle counter;
    private final Clock clock;
    private MqttLink link;

    public TerminalLanVerticle(BrokerSettings broker, String clientId, List<CanteenSettings.NetworkTerminal> terminals,
                               CounterVerticle counter, Clock clock) {
        this.broker = broker;
        this.clientId = clientId;
        this.counter = counter;
        this.clock = clock;
        terminals.stream().filter(t -> t.topic() != null).forEach(t -> terminalOfTopic.put(t.topic(), t.id()));
    }

    @Override
    public void start(Promise<Void> startPromise) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        BrokerLogin.apply(vertx, broker, options)
                .compose(opts -> {
                    link = new MqttLink(vertx, context, "LAN broker (counter)", broker.uri(), clientId, opts,
                            Backoff.standard(), clock, new Events());
                    return link.connect();
                })
                .compose(v -> link.subscribe(List.copyOf(terminalOfTopic.keySet()), 1))
                .onSuccess(v -> LOG.info("counter terminals on the LAN broker: {}", terminalOfTopic.keySet()))
                .onComplete(startPromise);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        if (link == null) {
            stopPromise.complete();
            return;
        }
        link.close(Duration.ofSeconds(1)).onComplete(ar -> stopPromise.complete());
    }

    private void onMessage(String topic, byte[] payload, Runnable ack) {
        String terminal = terminalOfTopic.get(topic);
        if (terminal == null) {
            ack.run();
            return;
        }
        counter.submitNetwork(payload, terminal).onComplete(ar -> {
            if (ar.succeeded() || ar.cause() instanceof CounterVerticle.Refused) {
                ack.run();
            } else {
                LOG.warn("terminal {}: event not acknowledged, the ledger failed ({}); the broker sends it again",
                        terminal, ar.cause().getMessage());
            }
        });
    }

    private final class Events implements MqttLink.Events {
        @Override
        public void connected(boolean reconnect) {
            if (reconnect) {
                link.subscribe(List.copyOf(terminalOfTopic.keySet()), 1)
                        .onFailure(e -> LOG.warn("LAN broker (counter): cannot subscribe again: {}", e.getMessage()));
            }
        }

        @Override
        public boolean manualAcks() {
            return true;
        }

        @Override
        public void message(String topic, byte[] payload, long receivedAt, Runnable ack) {
            onMessage(topic, payload, ack);
        }
    }
}
