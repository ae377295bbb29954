package org.linli.cloud.app;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.linli.cloud.ingest.MqttIngest;
import org.linli.config.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says, once, that the service is up and where. */
@Singleton
public class ReadyLog {
    private static final Logger LOG = LoggerFactory.getLogger(ReadyLog.class);

    private final Site site;
    private final MqttIngest ingest;
    private final InfluxSettings influx;

    public ReadyLog(Site site, MqttIngest ingest, InfluxSettings influx) {
        this.site = site;
        this.ingest = ingest;
        this.influx = influx;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        LOG.info("Linli cloud ready on http://localhost:{}/ (site {}, MQTT {} {}, InfluxDB {} database {})",
                event.getSource().getPort(), site.id(), ingest.serverUri(), ingest.topicFilter(), influx.url(),
                influx.database());
    }
}
