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
import org.linli.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribes to every gateway's readings, commissioning reports, status and health with Paho MQTT v5 and hands each
 * message to the {@link IngestWorker}; the worker acknowledges it once it is stored.
 *
 * <p>At least once, end to end: QoS 1, manual acknowledgements, a persistent session ({@code cleanStart}
 * false with a session expiry), so a message received but not yet stored when the cloud stops is
 * delivered again, to this instance or, with a shared subscription, to another one. The Paho callback
 * thread only queues: it never waits for InfluxDB.
 *
 * <p>When the broker cannot be reached at start-up the first connection is retried with backoff; after
 * that Paho's automatic reconnect takes over. {@link #isUp()} tells the health check.
 */
public final class MqttIngest implements MqttCallback, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttIngest.class);
    /**
     * Unacknowledged QoS 1 messages the broker may hand over at once: this bounds the worker's queue and
     * so the memory of batches decoded but not yet acknowledged (a 200-reading batch is about 175 KB
     * decoded; 1,000 of them thrashed a 256 MB heap in deploy/bench's drain).
     */
    static final int RECEIVE_MAXIMUM = 100;
    private static final int QOS = 1;

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final String topicFilter;
    /** Every gateway's commissioning report: a plain subscription, so every instance keeps all of them. */
    private final String reportFilter = Topics.allCommissioning();
    /** Every gateway's status and health: plain subscriptions too, so every instance knows every gateway's liveness. */
    private final String statusFilter = GatewayStatus.STATUS_FILTER;
    private final String healthFilter = GatewayStatus.HEALTH_FILTER;
    private final IngestWorker worker;
    private final Backoff connectBackoff;
    private final ScheduledExecutorService connector;
    private final AtomicInteger connectFailures = new AtomicInteger();
    /** Counts lost connections; a message is acknowledged only on the connection it came on. */
    private final AtomicLong connection = new AtomicLong();
    private volatile boolean subscribed;
    private volatile boolean closed;

    /**
     * @param uri           broker, e.g. {@code tcp://127.0.0.1:1883}
     * @param clientId      the session's identity: keep it stable across restarts of this instance
     * @param username      null for none
     * @param password      null for none
     * @param sharedGroup   shared subscription group, empty for a plain subscription
     * @param sessionExpiry how long the broker keeps the session (and queues QoS 1 messages) while this client is away
     * @param worker        takes the messages
     */
    public MqttIngest(String uri, String clientId, String username, byte[] password, String sharedGroup,
                      Duration sessionExpiry, IngestWorker worker) throws MqttException {
        this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        this.topicFilter = topicFilter(sharedGroup);
        this.worker = worker;
        this.connectBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        this.options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(sessionExpiry.toSeconds());
        options.setAutomaticReconnect(true);
        // At most 5 s between attempts: after a broker restart every batch the gateways resend waits in the
        // broker until the cloud is back (deploy/bench's drain waited up to 30 s for it). One or two cloud
        // clients retrying every 5 s are no load for a broker; the gateways spread their own retries.
        options.setAutomaticReconnectDelay(1, 5);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setReceiveMaximum(RECEIVE_MAXIMUM);
        options.setUseSubscriptionIdentifiers(false);
        if (username != null && !username.isBlank()) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password);
        }
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "linli-mqtt-connect");
            t.setDaemon(true);
            return t;
        });
        client.setManualAcks(true);
        client.setCallback(this);
    }

    /**
     * The filter for every gateway's readings: {@code $share/<group>/linli/v1/+/+/readings}, so that
     * several cloud instances split the load, or the plain filter when {@code sharedGroup} is empty.
     */
    public static String topicFilter(String sharedGroup) {
        if (sharedGroup == null || sharedGroup.isEmpty()) {
            return Topics.allReadings();
        }
        if (sharedGroup.contains("/") || sharedGroup.contains("+") || sharedGroup.contains("#")) {
            throw new IllegalArgumentException("a shared subscription group may not contain / + #: " + sharedGroup);
        }
        return "$share/" + sharedGroup + "/" + Topics.allReadings();
    }

    /** Starts the worker and the first connection attempt; returns without waiting for the broker. */
    public void start() {
        worker.start();
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
            LOG.warn("cannot connect to MQTT broker {} (attempt {}), retrying in {} s: {}",
                    client.getServerURI(), failures, wait.toSeconds(), e.toString());
        }
        connector.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        LOG.info("{} MQTT broker {} as {}; subscribing to {}, {}, {} and {}", reconnect ? "reconnected to" : "connected to",
                serverURI, client.getClientId(), topicFilter, reportFilter, statusFilter, healthFilter);
        // Subscribe every time: harmless when the broker kept the session, needed when it did not. It
        // also brings every gateway's retained commissioning report back after a restart.
        String[] filters = {topicFilter, reportFilter, statusFilter, healthFilter};
        try {
            client.subscribe(new MqttSubscription[] {new MqttSubscription(topicFilter, QOS), new MqttSubscription(reportFilter, QOS),
                            new MqttSubscription(statusFilter, QOS), new MqttSubscription(healthFilter, QOS)},
                    null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    boolean granted = codes != null && codes.length == filters.length;
                    for (int i = 0; codes != null && i < codes.length && i < filters.length; i++) {
                        if (codes[i] >= 0x80) {
                            granted = false;
                            LOG.error("MQTT broker refused the subscription to {} (reason code 0x{}); nothing will arrive on it",
                                    filters[i], Integer.toHexString(codes[i]));
                        }
                    }
                    subscribed = granted;
                    if (granted) {
                        LOG.info("subscribed to {} (granted {})", Arrays.toString(filters), Arrays.toString(codes));
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    subscribed = false;
                    LOG.error("cannot subscribe to {}: {}", Arrays.toString(filters), e.toString());
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            LOG.error("cannot subscribe to {}: {}", Arrays.toString(filters), e.toString());
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        int id = message.getId();
        int qos = message.getQos();
        long arrivedOn = connection.get();
        worker.submit(topic, message.getPayload(), () -> {
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
            LOG.warn("lost the MQTT broker: {}; reconnecting", response);
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
        LOG.warn("MQTT error: {}", e.toString());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // The cloud publishes nothing here.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // No enhanced authentication.
    }

    /** True when connected to the broker with the subscription granted. */
    public boolean isUp() {
        return client.isConnected() && subscribed;
    }

    /** The subscription filter in use. */
    public String topicFilter() {
        return topicFilter;
    }

    public String serverUri() {
        return client.getServerURI();
    }

    /**
     * Disconnects first, so nothing more arrives, then stops the worker. Messages not yet acknowledged
     * stay with the broker for the next session.
     */
    @Override
    public void close() {
        closed = true;
        connection.incrementAndGet(); // what the worker finishes from now on stays unacknowledged, for the next session
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
        worker.close();
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close", e);
        }
    }
}
