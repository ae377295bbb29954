package org.linli.cloud.app;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.linli.cloud.ingest.InfluxWriter;
import org.linli.cloud.ingest.Spool;
import org.linli.cloud.ingest.SpoolDrainer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code influxdb} in {@code /health}: UP while InfluxDB answers and takes writes; DEGRADED (still
 * 200: readings are accepted into the spool) while it does not but the spool has room; DOWN (503)
 * once the spool is full, as the cloud then acknowledges nothing.
 */
@Singleton
public class InfluxHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    /** Operational: the cloud still accepts readings, it just cannot store them in InfluxDB yet. */
    static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
            "InfluxDB cannot be written; readings are kept in the spool", true, 500);

    private final InfluxWriter writer;
    private final InfluxSettings settings;
    private final Spool spool;
    private final SpoolDrainer drainer;

    public InfluxHealthIndicator(InfluxWriter writer, InfluxSettings settings, Spool spool, SpoolDrainer drainer) {
        this.writer = writer;
        this.settings = settings;
        this.spool = spool;
        this.drainer = drainer;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean reachable = writer.ping();
        boolean writing = reachable && !drainer.failing();
        boolean full = spool.full();
        healthStatus = writing ? HealthStatus.UP : full ? HealthStatus.DOWN : DEGRADED;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", settings.url());
        details.put("database", writer.database());
        details.put("reachable", reachable);
        details.put("writing", writing);
        details.put("spoolBatches", spool.size());
        details.put("spoolPoints", spool.points());
        details.put("spoolBytes", spool.bytes());
        details.put("spoolCapBytes", spool.capBytes());
        details.put("spoolFull", full);
        return details;
    }

    @Override
    protected String getName() {
        return "influxdb";
    }
}
