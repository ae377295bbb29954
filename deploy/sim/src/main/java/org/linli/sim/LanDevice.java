package org.linli.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.linli.config.SensorBinding;

/**
 * A Zigbee2MQTT-style device on the LAN broker: publishes {@code {"occupancy":true,"battery":97,...}}
 * with the value at the sensor's configured field path.
 */
final class LanDevice implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttClient client;
    private final SensorBinding.MqttTopic topic;

    LanDevice(String brokerUri, String clientId, SensorBinding.MqttTopic topic) throws MqttException {
        this.topic = topic;
        this.client = new MqttClient(brokerUri, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(true);
        options.setCleanStart(true);
        client.connect(options);
    }

    void publish(boolean occupied) throws MqttException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode node = root;
        String[] path = topic.field().split("\\.");
        for (int i = 0; i < path.length - 1; i++) {
            node = node.putObject(path[i]);
        }
        node.put(path[path.length - 1], occupied);
        root.put("battery", 97);
        root.put("linkquality", 120);
        client.publish(topic.topic(), root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
