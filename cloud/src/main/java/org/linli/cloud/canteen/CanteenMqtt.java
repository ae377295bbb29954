package org.linli.cloud.canteen;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.linli.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The canteen's own MQTT connection (Paho v5, client id {@code <linli.mqtt.client-id>-canteen}):
 * takes every counter's meal records (QoS 1, manual acks, a persistent session: a record is
 * acknowledged only after its transaction committed) and publishes roster, policy and claims
 * retained to every counter gateway: at each (re)connection, after a roster change, and for claims
 * at most once per debounce interval after new meals and when the local day changes.
 */
public final class CanteenMqtt implements MqttCallback, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CanteenMqtt.class);
    private static final int QOS = 1;
    /** Unacknowledged meal messages the broker may hand over at once. */
    static final int RECEIVE_MAXIMUM = 50;

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final MealWorker worker;
    private final CanteenOutbox outbox;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration debounce;
    private final ExecutorService meals;
    private final ScheduledExecutorService push;
    private final AtomicInteger connectFailures = new AtomicInteger();
    private final AtomicLong connection = new AtomicLong();
    private final AtomicBoolean claimsDirty = new AtomicBoolean(true);
    private volatile LocalDate claimsDate;
    private volatile boolean subscribed;
    private volatile boolean closed;

    public CanteenMqtt(String uri, String clientId, String username, byte[] password, Duration sessionExpiry,
                       MealWorker worker, CanteenOutbox outbox, Clock clock, ZoneId zone, Duration debounce)
            throws MqttException {
        this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        this.worker = worker;
        this.outbox = outbox;
        this.clock = clock;
        this.zone = zone;
        this.debounce = debounce;
        this.options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(sessionExpiry.toSeconds());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setReceiveMaximum(RECEIVE_MAXIMUM);
        if (username != null && !username.isBlank()) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password);
        }
        this.meals = Executors.newSingleThreadExecutor(r -> thread(r, "linli-canteen-meals"));
        this.push = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "linli-canteen-push"));
        client.setManualAcks(true);
        client.setCallback(this);
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts connecting and the claims tick; returns without waiting for the broker. */
    public void start() {
        push.execute(this::connect);
        long period = Math.max(100, debounce.toMillis());
        push.scheduleWithFixedDelay(this::claimsTick, period, period, TimeUnit.MILLISECONDS);
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connectFailures.set(0);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    retryConnect(e);
                }
            });
        } catch (MqttException e) {
            retryConnect(e);
        }
    }

    private void retryConnect(Throwable e) {
        if (closed) {
            return;
        }
        int failures = connectFailures.incrementAndGet();
        long wait = Math.min(30_000L, 1_000L << Math.min(failures - 1, 5));
        if (failures == 1 || Integer.bitCount(failures) == 1) {
            LOG.warn("canteen: cannot connect to MQTT broker {} (attempt {}), retrying in {} s: {}",
                    client.getServerURI(), failures, wait / 1000, e.toString());
        }
        push.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        String filter = Topics.allCanteenMeals();
        LOG.info("canteen: {} MQTT broker {} as {}; subscribing to {}", reconnect ? "reconnected to" : "connected to",
                serverURI, client.getClientId(), filter);
        try {
            client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, QOS)}, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    subscribed = codes != null && codes.length == 1 && codes[0] < 0x80;
                    if (!subscribed) {
                        LOG.error("canteen: the broker refused the subscription to {} (reason codes {}); no meal record will arrive",
                                filter, codes == null ? "none" : java.util.Arrays.toString(codes));
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    subscribed = false;
                    LOG.error("canteen: cannot subscribe to {}: {}", filter, e.toString());
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            LOG.error("canteen: cannot subscribe to {}: {}", filter, e.toString());
        }
        push.execute(this::publishAll);
    }

    /** Roster, policies and claims, e.g. after a (re)connection: the broker may have lost its retained copies. */
    private void publishAll() {
        try {
            publish(outbox.roster(clock.instant()));
            publish(outbox.policies());
            claimsDirty.set(true);
            claimsTick();
        } catch (RuntimeException e) {
            LOG.warn("canteen: cannot publish roster and policy: {}", e.toString());
        }
    }

    /** Call after the roster changed: publishes it to every counter without waiting. */
    public void rosterChanged() {
        push.execute(() -> {
            try {
                publish(outbox.roster(clock.instant()));
            } catch (RuntimeException e) {
                LOG.warn("canteen: cannot publish the roster: {}", e.toString());
            }
        });
    }

    /** Call after new subsidised meals: the claims go out at the next tick. */
    public void claimsChanged() {
        claimsDirty.set(true);
    }

    private void claimsTick() {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (!client.isConnected() || (!claimsDirty.get() && today.equals(claimsDate))) {
            return;
        }
        claimsDirty.set(false);
        try {
            publish(outbox.claims(today, clock.instant()));
            claimsDate = today;
        } catch (RuntimeException e) {
            claimsDirty.set(true);
            LOG.warn("canteen: cannot publish the claims of {}: {}", today, e.toString());
        }
    }

    private void publish(List<CanteenOutbox.Outbound> messages) {
        for (CanteenOutbox.Outbound m : messages) {
            if (!client.isConnected()) {
                throw new IllegalStateException("not connected; everything is published again on reconnection");
            }
            try {
                MqttMessage message = new MqttMessage(m.payload(), QOS, true, new MqttProperties());
                client.publish(m.topic(), message);
                LOG.debug("canteen: published {} ({} bytes)", m.topic(), m.payload().length);
            } catch (MqttException e) {
                throw new IllegalStateException("cannot publish " + m.topic() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        int id = message.getId();
        int qos = message.getQos();
        long arrivedOn = connection.get();
        byte[] payload = message.getPayload();
        meals.execute(() -> {
            MealWorker.Outcome outcome = worker.process(topic, payload);
            if (outcome == MealWorker.Outcome.STOPPED || qos == 0) {
                return;
            }
            if (outcome == MealWorker.Outcome.DONE_NEW_CLAIMS) {
                claimsDirty.set(true);
            }
            if (connection.get() != arrivedOn) {
                // The broker delivers it again on the resumed session; that copy is a replay, acknowledged then.
                return;
            }
            try {
                client.messageArrivedComplete(id, qos);
            } catch (MqttException e) {
                LOG.debug("canteen: cannot acknowledge message {}", id, e);
            }
        });
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        connection.incrementAndGet();
        subscribed = false;
        if (!closed) {
            LOG.warn("canteen: lost the MQTT broker: {}; reconnecting", response);
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
        LOG.warn("canteen: MQTT error: {}", e.toString());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // Retained publications need no follow-up: all of them go out again at the next connection.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // No enhanced authentication.
    }

    /** Connected with the meal subscription granted. */
    public boolean isUp() {
        return client.isConnected() && subscribed;
    }

    @Override
    public void close() {
        closed = true;
        connection.incrementAndGet();
        push.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(6_000);
            }
        } catch (MqttException e) {
            LOG.debug("canteen: MQTT disconnect", e);
            try {
                client.disconnectForcibly(0, 1_000, false);
            } catch (MqttException ignored) {
                LOG.debug("canteen: MQTT forced disconnect", ignored);
            }
        }
        worker.stop();
        meals.shutdownNow();
        try {
            meals.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("canteen: MQTT close", e);
        }
    }
}
