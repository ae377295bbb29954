package org.linli.cloud.app;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import io.micronaut.core.annotation.Nullable;
import org.linli.cloud.ingest.MqttIngest;
import org.linli.cloud.ingest.RulesFeed;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code mqtt} in {@code /health}: UP while connected to the broker with the readings subscription granted;
 * with several instances {@code rulesFeed} says whether the rules' own subscription is up.
 */
@Singleton
public class MqttHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final MqttIngest ingest;
    private final RulesFeed rulesFeed;

    public MqttHealthIndicator(MqttIngest ingest, @Nullable RulesFeed rulesFeed) {
        this.ingest = ingest;
        this.rulesFeed = rulesFeed;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = ingest.isUp();
        healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("broker", ingest.serverUri());
        details.put("subscription", ingest.topicFilter());
        details.put("connected", up);
        if (rulesFeed != null) {
            // The rules' own subscription (several instances): the readings are stored without it, so it
            // does not turn the health DOWN; the rules of this instance miss nothing while the broker queues.
            details.put("rulesFeed", rulesFeed.isUp());
        }
        return details;
    }

    @Override
    protected String getName() {
        return "mqtt";
    }
}
