package org.linli.cloud.app;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.linli.cloud.ingest.MqttIngest;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code mqtt} in {@code /health}: UP while connected to the broker with the readings subscription granted. */
@Singleton
public class MqttHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final MqttIngest ingest;

    public MqttHealthIndicator(MqttIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = ingest.isUp();
        healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("broker", ingest.serverUri());
        details.put("subscription", ingest.topicFilter());
        details.put("connected", up);
        return details;
    }

    @Override
    protected String getName() {
        return "mqtt";
    }
}
