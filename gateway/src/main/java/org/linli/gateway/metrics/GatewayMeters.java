package org.linli.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.linli.config.GatewayConfig;
import org.linli.config.SensorSpec;
import org.linli.gateway.counter.CounterStats;
import org.linli.gateway.counter.ReasonCode;
import org.linli.gateway.lan.LanStats;
import org.linli.gateway.uplink.UplinkStats;
import org.linli.wire.Reading;
import org.linli.wire.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's counters as Prometheus meters ({@code linli_gateway_*}, tags {@code site} and
 * {@code gateway}): read from {@link UplinkStats}, {@link LanStats} and {@link CounterStats} at scrape
 * time, so nothing is counted twice; only the readings per sensor kind are counted here, from the
 * reading tap. The registry is made on the first scrape, so a gateway nobody scrapes loads none of
 * Micrometer. JVM meters are the light ones (heap and non-heap pools, CPU, uptime, and the RSS from
 * {@code /proc}); no GC listeners, no thread or class-loader meters. Names: gateway/README.md, "Metrics".
 */
public final class GatewayMeters implements Consumer<Reading> {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMeters.class);
    private static final Path STATUS = Path.of("/proc/self/status");

    private final Map<String, LongAdder> bySensor = new HashMap<>();
    private final Map<String, LongAdder> byKind = new HashMap<>();
    private final LongAdder unknownSensor = new LongAdder();
    private final GatewayConfig config;
    private final UplinkStats uplink;
    private final LanStats lan;
    private final CounterStats counter;
    private final Set<String> counterReasons = new HashSet<>();
    /** Made on the first scrape: a gateway nobody scrapes loads none of Micrometer's classes. */
    private PrometheusMeterRegistry registry;

    public GatewayMeters(GatewayConfig config, UplinkStats uplink, LanStats lan, CounterStats counter) {
        this.config = config;
        this.uplink = uplink;
        this.lan = lan;
        this.counter = counter;
        for (SensorSpec s : config.sensors()) {
            LongAdder kind = byKind.computeIfAbsent(s.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), k -> new LongAdder());
            bySensor.put(s.id(), kind);
        }
    }

    private PrometheusMeterRegistry build() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(Tags.of("site", config.site(), "gateway", config.gateway()));
        byKind.forEach((kind, n) -> FunctionCounter.builder("linli.gateway.readings.in", n, LongAdder::sum)
                .tag("kind", kind).description("readings the drivers handed on, by sensor kind").register(registry));
        FunctionCounter.builder("linli.gateway.readings.in", unknownSensor, LongAdder::sum)
                .tag("kind", "unknown").description("readings the drivers handed on, by sensor kind").register(registry);
        bindUplink(uplink);
        bindLan(lan);
        bindCounter(counter);
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (Files.isReadable(STATUS)) {
            Gauge.builder("linli.gateway.process.rss.bytes", GatewayMeters::residentBytes)
                    .description("resident set size of the gateway process (VmRSS)").register(registry);
        }
        return registry;
    }

    private void bindUplink(UplinkStats u) {
        counter("linli.gateway.uplink.readings.in", "readings handed to the uplink", u, UplinkStats::readingsIn);
        counter("linli.gateway.uplink.batches.sealed", "batches formed", u, UplinkStats::batchesSealed);
        counter("linli.gateway.uplink.batches.published", "PUBLISH packets sent for batches, resends included", u, UplinkStats::batchesPublished);
        counter("linli.gateway.uplink.batches.resent", "batches sent again on a new connection", u, UplinkStats::batchesResent);
        counter("linli.gateway.uplink.batches.acked", "batches the cloud broker acknowledged", u, UplinkStats::batchesAcked);
        counter("linli.gateway.uplink.readings.acked", "readings in acknowledged batches", u, UplinkStats::readingsAcked);
        counter("linli.gateway.uplink.publish.failures", "publishes that failed", u, UplinkStats::publishFailures);
        counter("linli.gateway.uplink.reconnects", "connections to the cloud broker after the first", u, UplinkStats::reconnects);
        counter("linli.gateway.uplink.redeliveries.skipped", "LAN messages delivered again and not stored twice", u, UplinkStats::redeliveriesSkipped);
        gauge("linli.gateway.uplink.connected", "1 while the cloud broker connection is up", u, s -> s.connected() ? 1 : 0);
        gauge("linli.gateway.uplink.last.ack.seconds", "when the cloud broker last acknowledged a batch, epoch seconds (0: never)",
                u, s -> s.lastUploadAt() / 1000.0);
        gauge("linli.gateway.buffer.readings", "readings waiting in the buffer for a PUBACK", u, UplinkStats::bufferedReadings);
        gauge("linli.gateway.buffer.pending.readings", "buffered readings not yet in a batch", u, UplinkStats::pendingReadings);
        gauge("linli.gateway.buffer.batches", "sealed batches waiting for a PUBACK", u, UplinkStats::bufferedBatches);
        gauge("linli.gateway.buffer.bytes", "bytes the buffer holds, as its cap counts them", u, UplinkStats::bufferedBytes);
        counter("linli.gateway.buffer.dropped.readings", "readings the full buffer dropped", u, UplinkStats::readingsDropped);
        counter("linli.gateway.buffer.refused.readings", "new readings the full buffer refused", u, UplinkStats::readingsRefused);
        counter("linli.gateway.buffer.gap.markers", "gap markers written for dropped and refused readings", u, UplinkStats::gapMarkers);
    }

    private void bindLan(LanStats lan) {
        counter("linli.gateway.lan.messages", "messages from the LAN broker", lan, LanStats::messages);
        counter("linli.gateway.lan.readings", "readings made from LAN messages", lan, LanStats::readings);
        gauge("linli.gateway.lan.connected", "1 while the LAN broker connection is up", lan, l -> l.connected() ? 1 : 0);
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("linli.gateway.lan.rejects", lan, l -> l.rejected(reason)).tag("reason", reason.code())
                    .description("LAN sensor values refused, by reason").register(registry);
        }
    }

    private void bindCounter(CounterStats c) {
        for (ReasonCode reason : ReasonCode.values()) {
            FunctionCounter.builder("linli.gateway.counter.decisions", c, s -> s.decisions(reason))
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .description("canteen counter decisions, by reason (ok = subsidised)").register(registry);
        }
        counter("linli.gateway.counter.repeats", "terminal events that came again", c, CounterStats::repeats);
        counter("linli.gateway.counter.served", "meals served", c, CounterStats::served);
        counter("linli.gateway.counter.cancelled", "meals cancelled", c, CounterStats::cancelled);
        counter("linli.gateway.counter.records.sent", "meal records the cloud acknowledged", c, CounterStats::recordsSent);
        gauge("linli.gateway.counter.records.waiting", "meal records not yet sent", c, CounterStats::recordsWaiting);
    }

    /** Counts a reading by its sensor's kind (called on the driver's thread). */
    @Override
    public void accept(Reading reading) {
        bySensor.getOrDefault(reading.sensor(), unknownSensor).increment();
    }

    /** The text exposition (Prometheus 0.0.4 format), with the counter's refusal reasons seen so far. */
    public synchronized String scrape() {
        if (registry == null) {
            build();
        }
        registerNewReasons();
        return registry.scrape();
    }

    /** Refusal reasons are free text ({@code face-data}, …): a meter for each one seen so far. */
    private void registerNewReasons() {
        for (String reason : counter.refusedByReason().keySet()) {
            if (counterReasons.add(reason)) {
                FunctionCounter.builder("linli.gateway.counter.refused", counter, s -> s.refused(reason)).tag("reason", reason)
                        .description("terminal events refused before a decision, by reason").register(registry);
            }
        }
    }

    private <T> void counter(String name, String description, T obj, ToDoubleFunction<T> f) {
        FunctionCounter.builder(name, obj, f).description(description).register(registry);
    }

    private <T> void gauge(String name, String description, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).description(description).register(registry);
    }

    private static double residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read {}: {}", STATUS, e.toString());
        }
        return Double.NaN;
    }
}
