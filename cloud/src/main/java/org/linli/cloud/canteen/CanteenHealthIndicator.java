package org.linli.cloud.canteen;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.linli.wire.Topics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code canteen} in {@code /health}: UP while the canteen's own MQTT connection is up with the meal
 * subscription granted, and no batch is waiting for the database.
 */
@Singleton
public class CanteenHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final CanteenMqtt mqtt;
    private final CanteenCounters counters;

    public CanteenHealthIndicator(CanteenMqtt mqtt, CanteenCounters counters) {
        this.mqtt = mqtt;
        this.counters = counters;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = mqtt.isUp();
        boolean storing = !counters.waitingForDatabase();
        healthStatus = up && storing ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("subscription", Topics.allCanteenMeals());
        details.put("connected", up);
        details.put("storing", storing);
        return details;
    }

    @Override
    protected String getName() {
        return "canteen";
    }
}
