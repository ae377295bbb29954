package org.linli.cloud.app;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.linli.cloud.ingest.InfluxWriter;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code influxdb} in {@code /health}: UP while InfluxDB answers its ping. */
@Singleton
public class InfluxHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final InfluxWriter writer;
    private final InfluxSettings settings;

    public InfluxHealthIndicator(InfluxWriter writer, InfluxSettings settings) {
        this.writer = writer;
        this.settings = settings;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = writer.ping();
        healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", settings.url());
        details.put("database", writer.database());
        details.put("reachable", up);
        return details;
    }

    @Override
    protected String getName() {
        return "influxdb";
    }
}
