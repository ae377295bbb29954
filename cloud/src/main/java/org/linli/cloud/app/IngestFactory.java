package org.linli.cloud.app;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import okhttp3.OkHttpClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.influxdb.InfluxDB;
import org.linli.cloud.ingest.Backoff;
import org.linli.cloud.ingest.CommissioningReports;
import org.linli.cloud.ingest.BatchMapper;
import org.linli.cloud.ingest.InfluxHistory;
import org.linli.cloud.ingest.InfluxWriter;
import org.linli.cloud.ingest.IngestCounters;
import org.linli.cloud.ingest.IngestListener;
import org.linli.cloud.ingest.Spool;
import org.linli.cloud.ingest.SpoolDrainer;
import org.linli.cloud.ingest.IngestWorker;
import org.linli.cloud.ingest.Intake;
import org.linli.cloud.ingest.LatestReadings;
import org.linli.cloud.ingest.LogThrottle;
import org.linli.cloud.ingest.MqttIngest;
import org.linli.cloud.ingest.SequenceTracker;
import org.linli.cloud.ingest.RulesFeed;
import org.linli.cloud.rules.RuleEventSink;
import org.linli.cloud.rules.RuleLeases;
import org.linli.cloud.rules.RuleOwnership;
import org.linli.cloud.rules.RuleRunner;
import org.linli.cloud.rules.RuleSettings;
import org.linli.cloud.rules.RuleStateStore;
import org.linli.config.ConfigException;
import org.linli.config.Site;
import org.linli.config.SiteLoader;
import org.linli.wire.CommissioningCodec;
import org.linli.wire.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Wires the ingest: the framework-free core and its MQTT and InfluxDB edges. The only place that
 * knows both Micronaut and the core.
 */
@Factory
public class IngestFactory {
    private static final Logger LOG = LoggerFactory.getLogger(IngestFactory.class);
    /** How many recent gaps the tracker remembers for the dashboard. */
    private static final int GAPS_KEPT = 50;

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The site inventory; a file that cannot be used stops start-up with every problem in it. */
    @Singleton
    Site site(LinliSettings settings) {
        Path file = Path.of(settings.siteFile());
        try {
            Site site = SiteLoader.load(file);
            LOG.info("site {} ({}) loaded from {}: {} gateways, {} spaces", site.id(), site.name(), file,
                    site.gateways().size(), site.spaces().size());
            return site;
        } catch (ConfigException e) {
            e.problems().forEach(p -> LOG.error("linli.site-file: {}", p));
            String problems = e.problems().stream().map(Object::toString).collect(Collectors.joining("; "));
            throw new ConfigurationException("linli.site-file: " + file + " is not a usable site inventory ("
                    + e.problems().size() + " problems): " + problems, e);
        }
    }

    @Singleton
    WireCodec wireCodec() {
        return new WireCodec();
    }

    @Singleton
    BatchMapper batchMapper(Site site) {
        return new BatchMapper(site);
    }

    @Singleton
    SequenceTracker sequenceTracker(Clock clock) {
        return new SequenceTracker(clock, GAPS_KEPT);
    }

    @Singleton
    IngestCounters ingestCounters(Clock clock) {
        return new IngestCounters(clock);
    }

    @Singleton
    LatestReadings latestReadings() {
        return new LatestReadings();
    }

    @Singleton
    Intake intake(WireCodec codec, BatchMapper mapper, SequenceTracker sequences, IngestCounters counters,
                  LatestReadings latest) {
        return new Intake(codec, mapper, sequences, counters, latest);
    }

    @Singleton
    CommissioningReports commissioningReports(Site site, IngestCounters counters, Clock clock) {
        return new CommissioningReports(new CommissioningCodec(), site, counters, clock);
    }

    /** The durable spool; a directory that cannot be used stops start-up. */
    @Singleton
    @Bean(preDestroy = "close")
    Spool spool(SpoolSettings settings, IngestCounters counters, SequenceTracker sequences) {
        Path dir = Path.of(settings.path());
        try {
            Spool spool = Spool.open(dir, settings.capBytes(), settings.segmentBytes());
            counters.spoolDepth(spool.size(), spool.points(), spool.bytes());
            // Batches still spooled were acknowledged (or are about to be delivered again, if the cloud
            // stopped between the fsync and the ack): either way a copy that comes again is a duplicate.
            spool.records().forEach(r -> sequences.record(r.gateway(), r.bootId(), r.seq()));
            return spool;
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException("linli.spool.path: cannot use " + dir.toAbsolutePath() + " as the spool: " + e, e);
        }
    }

    /** Writes the spool on to InfluxDB in batches; started with the context. */
    @Context
    @Bean(preDestroy = "close")
    SpoolDrainer spoolDrainer(Spool spool, InfluxWriter writer, SpoolSettings settings, IngestCounters counters, Clock clock) {
        SpoolDrainer drainer = new SpoolDrainer(spool, writer::writeLines, settings.batchPoints(), settings.batchDelay(),
                settings.writers(), new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)), clock, counters,
                new LogThrottle(clock, Duration.ofMinutes(1)));
        drainer.start();
        return drainer;
    }

    @Singleton
    @Bean(preDestroy = "close")
    InfluxWriter influxWriter(InfluxSettings settings) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS);
        InfluxDB influx = settings.connect(http);
        influx.enableGzip();
        InfluxWriter writer = new InfluxWriter(influx, settings.database());
        writer.tryEnsureDatabase();
        return writer;
    }

    /**
     * The rules, fed by the ingest (or nothing when {@code linli.rules.enabled} is false). Loads their
     * saved state; every {@link RuleEventSink} bean gets every event. With a shared subscription the
     * instances share the scopes by leases ({@link RuleOwnership}) and a {@link RulesFeed} feeds them.
     */
    @Singleton
    IngestListener ingestListener(RulesSettings settings, Site site, RuleStateStore store, List<RuleEventSink> sinks,
                                  Clock clock, MqttSettings mqtt, LinliSettings linli, RuleLeases leases,
                                  InfluxWriter influx) {
        if (!settings.enabled()) {
            LOG.info("rules disabled (linli.rules.enabled=false)");
            return IngestListener.NONE;
        }
        RuleOwnership ownership = null;
        if (shared(mqtt)) {
            try {
                ownership = new RuleOwnership(site.id(), instanceId(linli, mqtt), leases, clock, settings.leaseTime(),
                        settings.leaseRenewEvery());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("linli.rules.lease-time / lease-renew-every: " + e.getMessage(), e);
            }
        }
        return new RuleRunner(site, RuleSettings.defaults(), settings.idleLag(), store, sinks, clock, settings.saveEvery(),
                ownership, new InfluxHistory(influx), settings.catchUp());
    }

    /**
     * With a shared subscription the ingest splits the readings between the instances, so the rules get
     * them from a plain subscription of their own ({@code <client id>-rules}); started with the context.
     */
    @Context
    @Bean(preDestroy = "close")
    @Requires(property = "linli.mqtt.shared-group", pattern = ".+")
    @Requires(property = "linli.rules.enabled", notEquals = "false")
    RulesFeed rulesFeed(MqttSettings settings, RulesSettings rules, WireCodec codec, BatchMapper mapper, IngestListener listener,
                        Clock clock, Site site) {
        try {
            RulesFeed feed = new RulesFeed(settings.uri(), clientId(settings) + "-rules", settings.username(),
                    password(settings), rules.sessionExpiry(), codec, mapper, listener, clock, site.id());
            feed.start();
            return feed;
        } catch (MqttException | IllegalArgumentException e) {
            throw new ConfigurationException("linli.mqtt: cannot set up the rules' MQTT client for " + settings.uri() + ": " + e.getMessage(), e);
        }
    }

    /** Started with the context: start-up fails if the site file or a setting is bad. */
    @Context
    @Bean(preDestroy = "close")
    MqttIngest mqttIngest(MqttSettings settings, Intake intake, CommissioningReports reports, Spool spool,
                          SpoolDrainer drainer, IngestListener listener, IngestCounters counters, Site site, Clock clock) {
        // The drainer is a parameter so that it is closed after this bean: the MQTT side stops first.
        // With a shared subscription the rules are fed by the RulesFeed: the ingest sees only a share.
        IngestWorker worker = new IngestWorker(intake, reports, spool, shared(settings) ? IngestListener.NONE : listener, counters,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)),
                new LogThrottle(clock, Duration.ofMinutes(1)), clock, site.id());
        try {
            MqttIngest ingest = new MqttIngest(settings.uri(), clientId(settings), settings.username(), password(settings),
                    settings.sharedGroup(), settings.sessionExpiry(), worker);
            ingest.start();
            return ingest;
        } catch (MqttException | IllegalArgumentException e) {
            throw new ConfigurationException("linli.mqtt: cannot set up the MQTT client for " + settings.uri() + ": " + e.getMessage(), e);
        }
    }

    private static boolean shared(MqttSettings settings) {
        return settings.sharedGroup() != null && !settings.sharedGroup().isBlank();
    }

    /** The configured client id, or the default for this host. */
    static String clientId(MqttSettings settings) {
        return settings.clientId() == null || settings.clientId().isBlank() ? defaultClientId() : settings.clientId();
    }

    /** {@code linli.instance-id}, or the MQTT client id. */
    static String instanceId(LinliSettings linli, MqttSettings mqtt) {
        return linli.instanceId() == null || linli.instanceId().isBlank() ? clientId(mqtt) : linli.instanceId();
    }

    private static byte[] password(MqttSettings settings) {
        return settings.passwordFile() == null || settings.passwordFile().isBlank() ? null : readPassword(settings.passwordFile());
    }

    /**
     * {@code linli-cloud-<host name>}: stable across restarts, which the persistent session needs (a
     * random id would strand the messages queued for the previous process). Random only when the host
     * has no usable name.
     */
    static synchronized String defaultClientId() {
        if (defaultClientId == null) {
            defaultClientId = hostClientId();
        }
        return defaultClientId;
    }

    private static String defaultClientId;

    private static String hostClientId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "-");
        } catch (IOException e) {
            host = "";
        }
        if (host.isBlank() || "localhost".equals(host)) {
            byte[] random = new byte[4];
            ThreadLocalRandom.current().nextBytes(random);
            host = HexFormat.of().formatHex(random);
            LOG.warn("no host name for a stable MQTT client id; using linli-cloud-{}: set linli.mqtt.client-id so queued readings survive a restart", host);
        }
        return "linli-cloud-" + host;
    }

    private static byte[] readPassword(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException("linli.mqtt.password-file: cannot read " + file + ": " + e, e);
        }
    }
}
