package org.linli.gateway.testing;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import javax.net.SocketFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain Paho v5 client for tests: publishes like a LAN sensor, or subscribes like the cloud and
 * collects what arrives. Its calls block the calling thread: use it from the test thread.
 */
public final class MqttTestClient implements AutoCloseable {

    /** One message as it arrived. */
    public record Received(String topic, byte[] payload, boolean retained) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private MqttTestClient(MqttClient client) {
        this.client = client;
    }

    /**
     * Connects. With {@code persistentSession} the broker keeps the subscriptions and queues QoS 1
     * messages while this client is away (also across a broker restart, the test brokers persist),
     * and the client reconnects by itself.
     */
    public static MqttTestClient connect(String uri, String clientId, boolean persistentSession) throws MqttException {
        return connect(uri, clientId, persistentSession, null);
    }

    /** As {@link #connect(String, String, boolean)}, over TLS with {@code tls} (e.g. from {@code PemTls}) unless null. */
    public static MqttTestClient connect(String uri, String clientId, boolean persistentSession, SocketFactory tls)
            throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttTestClient test = new MqttTestClient(client);
        client.setCallback(test.new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(!persistentSession);
        if (tls != null) {
            options.setSocketFactory(tls);
        }
        if (persistentSession) {
            options.setSessionExpiryInterval(600L);
            options.setAutomaticReconnect(true);
            options.setAutomaticReconnectDelay(1, 1);
        }
        client.connect(options);
        return test;
    }

    /** Subscribes at QoS 1. */
    public MqttTestClient subscribe(String topic) throws MqttException {
        IMqttToken token = client.subscribe(topic, 1);
        token.waitForCompletion(5_000);
        return this;
    }

    /** Publishes at QoS 1 and waits for the PUBACK. */
    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload, false);
    }

    /**
     * Publishes at QoS 1, retained or not, and waits for the PUBACK. Paho's synchronous publish
     * returns before it has freed the in-flight slot, so back-to-back publishes now and then fail
     * with "too many publishes in progress" (32202) without being sent; that one is sent again.
     */
    public void publish(String topic, String payload, boolean retained) throws MqttException {
        while (true) {
            try {
                client.publish(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained, new MqttProperties()));
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
    }

    /** Everything received so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000);
            }
        } finally {
            client.close(true);
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Received(topic, message.getPayload(), message.isRetained()));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
