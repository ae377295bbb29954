package org.linli.gateway.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Paho MQTT v5 client, kept connected, with every Paho callback moved onto a Vert.x context.
 *
 * <p>Paho calls back on its own threads; this class hops onto {@code context} before it touches its
 * state or calls {@link Events}, so a verticle using it never sees another thread. Every operation
 * returns a {@link Future} completed on that context.
 *
 * <p>Connecting is retried for ever with {@link Backoff}, at start and after a lost connection, by
 * this class rather than Paho's automatic reconnect: Paho 1.2.5 keeps its reconnect timer running
 * after {@code close()}, so a stopped gateway would go on dialling. Paho's message store is
 * {@link MemoryPersistence}: what must survive is kept by the caller.
 */
public final class MqttLink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    /** MQTT v5 reason codes from 0x80 up are failures, also inside a PUBACK or SUBACK. */
    private static final int FIRST_FAILURE_CODE = 0x80;

    /** What the owner of a link hears about; all called on the link's context. */
    public interface Events {
        /** A connection is up; {@code reconnect} is false the first time. */
        default void connected(boolean reconnect) {
        }

        /**
         * As {@link #connected(boolean)}, with the CONNACK's session present flag: the broker kept
         * the session, so it sends again first what was in flight on the last connection.
         */
        default void connected(boolean reconnect, boolean sessionPresent) {
            connected(reconnect);
        }

        /** The connection went down; the link is already trying again. */
        default void lost(String why) {
        }

        /** A message arrived, {@code receivedAt} epoch ms taken on arrival. */
        default void message(String topic, byte[] payload, long receivedAt) {
        }

        /**
         * A message arrived on a link with {@linkplain #manualAcks() manual acks}: the broker gets
         * its PUBACK only when {@code ack} runs. Without manual acks Paho acknowledges by itself and
         * this calls {@link #message(String, byte[], long)}.
         */
        default void message(String topic, byte[] payload, long receivedAt, Runnable ack) {
            message(topic, payload, receivedAt);
        }

        /**
         * As {@link #message(String, byte[], long, Runnable)}, with the PUBLISH's packet id. A broker
         * sends a message again with its original packet id (MQTT 5.0 §4.4). Its DUP flag would say
         * so too, but Paho 1.2.5 drops it on the way in ({@code MqttPublish.getMessage()} builds a
         * new message without it), so the packet id is what a receiver can go by.
         */
        default void message(String topic, byte[] payload, long receivedAt, int packetId, Runnable ack) {
            message(topic, payload, receivedAt, ack);
        }

        /** Whether the owner acknowledges QoS 1 messages itself, once it has made them safe. */
        default boolean manualAcks() {
            return false;
        }

        /**
         * With manual acks: at most this many messages handed over and not yet acknowledged; the
         * next one waits on Paho's callback thread, so Paho stops reading from the socket and TCP
         * holds the broker back. 0: no bound.
         */
        default int maxUnacknowledged() {
            return 0;
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final String name;
    private final String uri;
    private final MqttConnectionOptions options;
    private final Backoff backoff;
    private final Clock clock;
    private final Events events;
    private final MqttAsyncClient client;
    private final Promise<Void> firstConnection = Promise.promise();

    private boolean connecting;
    private boolean everConnected;
    private boolean closed;
    private int failures;
    private long retryTimer = -1;
    private volatile boolean connected;
    /** Messages handed over and not acknowledged, bounded: see {@link Events#maxUnacknowledged()}. */
    private final Semaphore unacknowledged;
    private final int maxUnacknowledged;
    /** Counts connections: an acknowledgement frees a slot only on the connection its message came on. */
    private volatile int connection;

    /**
     * @param vertx    for timers and blocking work
     * @param context  the context every callback and future completes on
     * @param name     what to call this link in logs, e.g. {@code cloud broker}
     * @param uri      {@code tcp://host:port} or {@code ssl://host:port}
     * @param clientId the MQTT client id
     * @param options  clean start, will, login; the link turns Paho's automatic reconnect off
     * @param backoff  waits between connection attempts
     * @param clock    timestamps incoming messages
     * @param events   the owner's handlers
     */
    public MqttLink(Vertx vertx, Context context, String name, String uri, String clientId,
                    MqttConnectionOptions options, Backoff backoff, Clock clock, Events events) {
        this.vertx = vertx;
        this.context = context;
        this.name = name;
        this.uri = uri;
        this.options = options;
        this.backoff = backoff;
        this.clock = clock;
        this.events = events;
        options.setAutomaticReconnect(false);
        try {
            client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException(name + ": cannot create an MQTT client for " + uri + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
        client.setManualAcks(events.manualAcks());
        maxUnacknowledged = events.manualAcks() ? events.maxUnacknowledged() : 0;
        unacknowledged = maxUnacknowledged > 0 ? new Semaphore(maxUnacknowledged) : null;
    }

    /**
     * Starts connecting and keeps at it. The future completes when the first connection is up; it
     * fails only if the link is closed before that.
     */
    public Future<Void> connect() {
        context.runOnContext(v -> attempt());
        return firstConnection.future();
    }

    /** Whether a connection is up now; readable from any thread. */
    public boolean isConnected() {
        return connected;
    }

    /** The broker address, for logs. */
    public String uri() {
        return uri;
    }

    /**
     * Publishes. At QoS 1 the future completes on the broker's PUBACK, and fails if the PUBACK
     * carries a failure reason (e.g. 0x87 not authorized) or the connection drops first.
     */
    public Future<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
        Promise<Void> promise = Promise.promise();
        try {
            client.publish(topic, new MqttMessage(payload, qos, retained, new MqttProperties()), null,
                    listener(promise, "publish to " + topic));
        } catch (MqttException | RuntimeException e) {
            promise.fail(e);
        }
        return promise.future();
    }

    /** Subscribes to {@code topics} at {@code qos}; fails if the broker refuses any of them. */
    public Future<Void> subscribe(List<String> topics, int qos) {
        if (topics.isEmpty()) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        int[] qosList = new int[topics.size()];
        java.util.Arrays.fill(qosList, qos);
        try {
            client.subscribe(topics.toArray(String[]::new), qosList, null, listener(promise, "subscribe to " + topics));
        } catch (MqttException | RuntimeException e) {
            promise.fail(e);
        }
        return promise.future();
    }

    /**
     * Stops retrying, disconnects (waiting up to {@code quiesce} for work in flight) and frees the
     * client's threads. Blocking Paho calls run on a worker thread.
     */
    public Future<Void> close(Duration quiesce) {
        closed = true;
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
        firstConnection.tryFail(name + " closed before it connected");
        return vertx.executeBlocking(() -> {
            try {
                if (client.isConnected()) {
                    client.disconnect(quiesce.toMillis()).waitForCompletion(quiesce.toMillis() + 2_000);
                }
            } catch (MqttException e) {
                LOG.debug("{}: disconnect: {}", name, e.toString());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("{}: close: {}", name, e.toString());
            }
            connected = false;
            return null;
        }, false).mapEmpty();
    }

    private void attempt() {
        retryTimer = -1;
        if (closed || connecting || connected) {
            return;
        }
        connecting = true;
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    boolean sessionPresent = token.getSessionPresent();
                    context.runOnContext(v -> onConnected(sessionPresent));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    context.runOnContext(v -> onConnectFailed(e));
                }
            });
        } catch (MqttException | RuntimeException e) {
            onConnectFailed(e);
        }
    }

    private void onConnected(boolean sessionPresent) {
        connecting = false;
        if (closed) {
            return;
        }
        failures = 0;
        freeAllSlots();
        connected = true;
        boolean reconnect = everConnected;
        everConnected = true;
        LOG.info("{}: connected to {}{}", name, uri, sessionPresent ? " (session kept)" : "");
        firstConnection.tryComplete();
        events.connected(reconnect, sessionPresent);
    }

    private void onConnectFailed(Throwable e) {
        connecting = false;
        if (closed) {
            return;
        }
        failures++;
        Duration wait = backoff.delay(failures);
        LOG.warn("{}: cannot connect to {} ({}); attempt {}, next in {} ms", name, uri, reason(e), failures, wait.toMillis());
        retryTimer = vertx.setTimer(wait.toMillis(), id -> attempt());
    }

    private void onLost(String why) {
        if (closed || !connected) {
            return;
        }
        connected = false;
        // The messages not acknowledged on it are the broker's again: it sends them on the next one.
        freeAllSlots();
        LOG.warn("{}: lost the connection to {} ({}); reconnecting", name, uri, why);
        events.lost(why);
        // Jittered too: a broker restart drops every gateway at once, and they must not all redial at once.
        retryTimer = vertx.setTimer(backoff.delay(1).toMillis(), id -> attempt());
    }

    private void freeAllSlots() {
        connection++;
        if (unacknowledged != null) {
            unacknowledged.drainPermits();
            unacknowledged.release(maxUnacknowledged);
        }
    }

    /** Waits, on Paho's callback thread, until a message may be handed over; false if the link closed meanwhile. */
    private boolean takeSlot() {
        if (unacknowledged == null) {
            return true;
        }
        try {
            while (!unacknowledged.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends the PUBACK of a message received with manual acks. If the connection that brought it is
     * gone, there is nothing to acknowledge: the broker sends the message again on the next one.
     */
    private void acknowledge(int id, int qos) {
        if (qos == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: cannot acknowledge message {}: {}", name, id, e.toString());
        }
    }

    private MqttActionListener listener(Promise<Void> promise, String what) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int failure = firstFailure(token.getReasonCodes());
                context.runOnContext(v -> {
                    if (failure < 0) {
                        promise.tryComplete();
                    } else {
                        promise.tryFail(new MqttException(failure));
                    }
                });
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                context.runOnContext(v -> promise.tryFail(e != null ? e : new IllegalStateException(what + " failed")));
            }
        };
    }

    private static int firstFailure(int[] reasonCodes) {
        if (reasonCodes != null) {
            for (int rc : reasonCodes) {
                if (rc >= FIRST_FAILURE_CODE) {
                    return rc;
                }
            }
        }
        return -1;
    }

    /** A short reason for a log line: Paho's messages are terse, its stack traces are not useful here. */
    static String reason(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        String tls = tlsReason(e);
        if (tls != null) {
            return tls;
        }
        Throwable cause = e.getCause();
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return cause != null && cause != e && cause.getMessage() != null ? text + ": " + cause.getMessage() : text;
    }

    /**
     * A TLS failure in the installer's terms, or null if {@code e} is not one. Paho wraps it as
     * "Untranslated MqttException - RC: 0", which says nothing about what to fix.
     */
    static String tlsReason(Throwable e) {
        boolean tls = false;
        boolean untrusted = false;
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            tls |= t instanceof javax.net.ssl.SSLException;
            untrusted |= t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException;
            root = t;
        }
        if (!tls) {
            return null;
        }
        String detail = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        if (untrusted || detail.contains("PKIX")) {
            return "TLS: the broker's certificate is not from a trusted CA (check caFile): " + detail;
        }
        if (detail.startsWith("No name matching") || detail.startsWith("No subject alternative")) {
            return "TLS: the broker's certificate does not name the host of the broker URI: " + detail;
        }
        if (detail.matches(".*(bad_certificate|unknown_ca|certificate_unknown|certificate_required|certificate_expired).*")) {
            return "TLS: the broker refused this gateway's client certificate (check certFile and keyFile): " + detail;
        }
        return "TLS: " + detail;
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String why = response.getException() != null ? reason(response.getException())
                    : "broker sent DISCONNECT, reason " + response.getReturnCode();
            context.runOnContext(v -> onLost(why));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("{}: MQTT error: {}", name, reason(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            long receivedAt = clock.millis();
            byte[] payload = message.getPayload();
            int id = message.getId();
            int qos = message.getQos();
            int on = connection;
            if (qos > 0 && !takeSlot()) {
                return; // closing: not acknowledged, so the broker sends it again
            }
            AtomicBoolean acked = new AtomicBoolean();
            Runnable ack = () -> {
                if (acked.compareAndSet(false, true)) {
                    if (qos > 0 && unacknowledged != null && on == connection) {
                        unacknowledged.release();
                    }
                    acknowledge(id, qos);
                }
            };
            context.runOnContext(v -> {
                if (!closed) {
                    events.message(topic, payload, receivedAt, id, ack);
                }
            });
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Publish futures complete through their own action listeners.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // Connections are reported from the connect action listener, which this link owns.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication is used.
        }
    }
}
