package org.linli.cloud.ingest;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One persistent MQTT v5 session of the cloud (Paho): connects, subscribes to its filters at every
 * connection (QoS 1), hands each message to a {@link Handler} with an acknowledgement to call once the
 * message is safe, and reconnects by itself. The ingest, the rules' feed and the canteen each have one.
 *
 * <p>At least once: manual acknowledgements and a persistent session ({@code cleanStart} false with a
 * session expiry), so a message received but not yet acknowledged when the process stops is delivered
 * again. A message that came on a connection since lost is not acknowledged on the new one (its packet id
 * may have been reused); the broker delivers it again on the resumed session.
 *
 * <p>Connecting is retried with backoff (1 s doubling to 5 s), by this class rather than Paho's automatic
 * reconnect, whose delay doubled past its maximum (1, 2, 4 … 128 s): after a long broker outage the cloud
 * came back minutes after the broker (found by deploy/bench's drain).
 */
public final class MqttSession implements MqttCallback, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);
    private static final int QOS = 1;

    /** Takes each message on Paho's thread: must only queue it. */
    @FunctionalInterface
    public interface Handler {
        void arrived(String topic, byte[] payload, IngestWorker.Acknowledgement ack);
    }

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final List<String> filters;
    private final Handler handler;
    private final Backoff connectBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
    private final ScheduledExecutorService connector;
    private final AtomicInteger connectFailures = new AtomicInteger();
    /** Counts lost connections; a message is acknowledged only on the connection it came on. */
    private final AtomicLong connection = new AtomicLong();
    private volatile boolean subscribed;
    private volatile boolean closed;
    private volatile Runnable onConnected = () -> { };

    /**
     * @param uri            broker, e.g. {@code tcp://127.0.0.1:1883}
     * @param clientId       the session's identity: keep it stable across restarts
     * @param username       null for none
     * @param password       null for none
     * @param sessionExpiry  how long the broker keeps the session (and queues QoS 1 messages) while away
     * @param receiveMaximum unacknowledged messages the broker may hand over at once
     * @param filters        subscribed at every connection, QoS 1
     * @param handler        takes the messages
     */
    public MqttSession(String uri, String clientId, String username, byte[] password, Duration sessionExpiry,
                       int receiveMaximum, List<String> filters, Handler handler) throws MqttException {
        this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        this.filters = List.copyOf(filters);
        this.handler = handler;
        this.options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(sessionExpiry.toSeconds());
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setReceiveMaximum(receiveMaximum);
        options.setUseSubscriptionIdentifiers(false);
        if (username != null && !username.isBlank()) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password);
        }
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "linli-mqtt-connect-" + clientId);
            t.setDaemon(true);
            return t;
        });
        client.setManualAcks(true);
        client.setCallback(this);
    }

    /**
     * Runs {@code action} after every (re)connection, once the subscriptions are asked for, on Paho's
     * thread (hand slow work to an executor). Set before {@link #start()}.
     */
    public void onConnected(Runnable action) {
        this.onConnected = action;
    }

    /** Publishes at QoS 1 on this session; throws when not connected. */
    public void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publish(topic, new MqttMessage(payload, QOS, retained, new MqttProperties()));
    }

    /** Starts the first connection attempt; returns without waiting for the broker. */
    public void start() {
        connector.execute(this::connect);
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
        Duration wait = connectBackoff.delay(failures);
        if (failures == 1 || Integer.bitCount(failures) == 1) {
            LOG.warn("{}: cannot connect to MQTT broker {} (attempt {}), retrying in {} s: {}",
                    client.getClientId(), client.getServerURI(), failures, wait.toSeconds(), e.toString());
        }
        try {
            connector.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            LOG.debug("not reconnecting: closing");
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        LOG.info("{} MQTT broker {} as {}; subscribing to {}", reconnect ? "reconnected to" : "connected to",
                serverURI, client.getClientId(), filters);
        // Subscribe every time: harmless when the broker kept the session, needed when it did not. It
        // also brings retained messages (status, commissioning reports) back after a restart.
        MqttSubscription[] subscriptions = filters.stream().map(f -> new MqttSubscription(f, QOS)).toArray(MqttSubscription[]::new);
        try {
            client.subscribe(subscriptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    boolean granted = codes != null && codes.length == filters.size();
                    for (int i = 0; codes != null && i < codes.length && i < filters.size(); i++) {
                        if (codes[i] >= 0x80) {
                            granted = false;
                            LOG.error("MQTT broker refused the subscription to {} (reason code 0x{}); nothing will arrive on it",
                                    filters.get(i), Integer.toHexString(codes[i]));
                        }
                    }
                    subscribed = granted;
                    if (granted) {
                        LOG.info("{} subscribed to {} (granted {})", client.getClientId(), filters, Arrays.toString(codes));
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    subscribed = false;
                    LOG.error("cannot subscribe to {}: {}", filters, e.toString());
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            LOG.error("cannot subscribe to {}: {}", filters, e.toString());
        }
        try {
            onConnected.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: the action after connecting failed: {}", client.getClientId(), e.toString());
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        int id = message.getId();
        int qos = message.getQos();
        long arrivedOn = connection.get();
        handler.arrived(topic, message.getPayload(), () -> {
            if (qos == 0) {
                return;
            }
            if (connection.get() != arrivedOn) {
                // The broker delivers it again on the resumed session, and the copy is acknowledged then.
                // Acknowledging this packet id now could instead acknowledge a newer message that reuses it.
                LOG.debug("not acknowledging message {} on {}: it came on an earlier connection", id, topic);
                return;
            }
            client.messageArrivedComplete(id, qos);
        });
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        connection.incrementAndGet();
        subscribed = false;
        if (!closed) {
            LOG.warn("{} lost the MQTT broker: {}; reconnecting", client.getClientId(), response);
            try {
                connector.execute(this::connect);
            } catch (RejectedExecutionException e) {
                LOG.debug("not reconnecting: closing");
            }
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
        LOG.warn("MQTT error: {}", e.toString());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // What is published here (retained) goes out again at the next connection: nothing to follow up.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // No enhanced authentication.
    }

    /** True when connected to the broker (the subscriptions may not be granted yet). */
    public boolean isConnected() {
        return client.isConnected();
    }

    /** True when connected to the broker with every subscription granted. */
    public boolean isUp() {
        return client.isConnected() && subscribed;
    }

    public String serverUri() {
        return client.getServerURI();
    }

    public String clientId() {
        return client.getClientId();
    }

    /**
     * Disconnects, so nothing more arrives; what is acknowledged from now on is not (it stays with the
     * broker for the next session). Then {@link #release()} frees the client.
     */
    public void disconnect() {
        closed = true;
        connection.incrementAndGet();
        connector.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(6_000);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect", e);
            try {
                client.disconnectForcibly(0, 1_000, false);
            } catch (MqttException ignored) {
                LOG.debug("MQTT forced disconnect", ignored);
            }
        }
    }

    /** Frees the client's resources; after {@link #disconnect()}. */
    public void release() {
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close", e);
        }
    }

    /** {@link #disconnect()} then {@link #release()}. */
    @Override
    public void close() {
        disconnect();
        release();
    }
}
