package org.linli.cloud.ingest;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.linli.wire.Topics;

import java.time.Duration;
import java.util.List;

/**
 * Subscribes to every gateway's readings, commissioning reports, status and health (one {@link MqttSession})
 * and hands each message to the {@link IngestWorker}; the worker acknowledges it once it is stored.
 *
 * <p>At least once, end to end: QoS 1, manual acknowledgements, a persistent session, so a message
 * received but not yet stored when the cloud stops is delivered again, to this instance or, with a shared
 * subscription, to another one. The Paho callback thread only queues: it never waits for InfluxDB.
 * {@link #isUp()} tells the health check.
 */
public final class MqttIngest implements AutoCloseable {
    /**
     * Unacknowledged QoS 1 messages the broker may hand over at once: this bounds the worker's queue and
     * so the memory of batches decoded but not yet acknowledged (a 200-reading batch is about 175 KB
     * decoded; 1,000 of them thrashed a 256 MB heap in deploy/bench's drain).
     */
    static final int RECEIVE_MAXIMUM = 100;

    private final MqttSession session;
    private final String topicFilter;
    private final IngestWorker worker;

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
        this.topicFilter = topicFilter(sharedGroup);
        this.worker = worker;
        // Commissioning reports, status and health are plain subscriptions: every instance keeps every
        // gateway's report and knows every gateway's liveness.
        this.session = new MqttSession(uri, clientId, username, password, sessionExpiry, RECEIVE_MAXIMUM,
                List.of(topicFilter, Topics.allCommissioning(), GatewayStatus.STATUS_FILTER, GatewayStatus.HEALTH_FILTER),
                worker::submit);
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
        session.start();
    }

    /** True when connected to the broker with the subscription granted. */
    public boolean isUp() {
        return session.isUp();
    }

    /** The subscription filter in use. */
    public String topicFilter() {
        return topicFilter;
    }

    public String serverUri() {
        return session.serverUri();
    }

    /**
     * Disconnects first, so nothing more arrives, then stops the worker. Messages not yet acknowledged
     * stay with the broker for the next session.
     */
    @Override
    public void close() {
        session.disconnect();
        worker.close();
        session.release();
    }
}
