package org.linli.sim.scenario;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.linli.wire.ReadingBatch;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;

import java.util.List;

/**
 * Sends reading batches to the cloud broker on {@link Topics#readings} at QoS 1, one at a time, each
 * acknowledged (PUBACK) before the next: what a gateway does when it drains its buffer after an
 * outage. Not a gateway: no buffer of its own, a failed publish is the caller's error.
 */
public final class BatchPublisher implements AutoCloseable {
    private static final WireCodec CODEC = new WireCodec();

    private final MqttClient client;

    /** Connects to {@code brokerUri} (clean start) as {@code clientId}. */
    public BatchPublisher(String brokerUri, String clientId) throws MqttException {
        client = new MqttClient(brokerUri, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        client.connect(options);
    }

    /** Publishes every batch in order on its site's and gateway's readings topic; returns how many readings. */
    public int publish(List<ReadingBatch> batches) throws MqttException {
        int readings = 0;
        for (ReadingBatch b : batches) {
            client.publish(Topics.readings(b.site(), b.gateway()), CODEC.encode(b), 1, false);
            readings += b.readings().size();
        }
        return readings;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
