package org.linli.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Paho MQTT v5 clients of one test, closed together; each keeps what it receives in a queue. */
final class Mqtt implements AutoCloseable {
    static final int NOT_AUTHORIZED = 0x87;
    static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    static final int PACKET_TOO_LARGE = 0x95;

    /** A connected client and the "topic payload" lines it received. */
    record Client(MqttClient paho, BlockingQueue<String> received) {
        /** QoS 1 publish that waits for the PUBACK and returns its reason code (0 = accepted). */
        int publish(String topic, byte[] payload) throws MqttException {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            IMqttToken token = paho.getTopic(topic).publish(message);
            token.waitForCompletion(10_000);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        }

        int publish(String topic, String payload) throws MqttException {
            return publish(topic, payload.getBytes(StandardCharsets.UTF_8));
        }

        /** Subscribes at QoS 1 and returns the SUBACK reason code (0-2 granted, 0x80 and up refused). */
        int subscribe(String filter) throws MqttException {
            IMqttToken token = paho.subscribe(filter, 1);
            return token.getReasonCodes()[0];
        }
    }

    private final List<MqttClient> clients = new ArrayList<>();

    /** Connects with MQTT v5, clean start; throws the broker's refusal as an MqttException. */
    Client connect(String uri, String clientId, String username, String password, SSLContext tls) throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        client.setCallback(new Callback(received));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        options.setAutomaticReconnect(false);
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (tls != null) {
            options.setSocketFactory(tls.getSocketFactory());
            options.setHttpsHostnameVerificationEnabled(true);
        }
        clients.add(client);
        client.connect(options);
        return new Client(client, received);
    }

    @Override
    public void close() {
        for (MqttClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnect(2_000);
                }
                client.close(true);
            } catch (MqttException e) {
                // already dropped by the broker (the point of many of these tests)
            }
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Through the client callback: Paho 1.2.5's {@code subscribe(String, int, IMqttMessageListener)} calls
     * itself until the stack overflows.
     */
    private record Callback(BlockingQueue<String> into) implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            into.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
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
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
