package org.linli.cloud.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;
import org.linli.cloud.app.SpoolSettings;
import org.linli.cloud.auth.LoginThrottle;
import org.linli.cloud.auth.WebCounters;
import org.linli.cloud.canteen.CanteenCounters;
import org.linli.cloud.ingest.IngestCounters;
import org.linli.cloud.ingest.IngestStats;
import org.linli.wire.RejectReason;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The cloud's own counters as Prometheus meters ({@code linli_*}): the counts stay where they are
 * (ingest, canteen, login, web guard) and are read at scrape time, so nothing is counted twice.
 * Names and tags: cloud/README.md, "Metrics".
 */
@Singleton
public class CloudMeters implements MeterBinder {
    /**
     * Reasons counted in {@link WebCounters} (WebGuardFilter, CurrentUser, PhotoController, MetricsTokenFilter);
     * a reason added there needs adding here to be scraped.
     */
    static final List<String> WEB_REFUSALS = List.of("csrf", "cross-origin", "oversize", "logged-out", "forbidden",
            "unknown-grid", "photo-too-large", "photo-not-image", "metrics-token");

    private final IngestCounters ingest;
    private final CanteenCounters canteen;
    private final LoginThrottle logins;
    private final WebCounters web;
    private final long spoolCapBytes;

    public CloudMeters(IngestCounters ingest, CanteenCounters canteen, LoginThrottle logins, WebCounters web,
                       SpoolSettings spool) {
        this.ingest = ingest;
        this.canteen = canteen;
        this.logins = logins;
        this.web = web;
        this.spoolCapBytes = spool.capMegabytes() * 1024 * 1024;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bindIngest(registry);
        bindCanteen(registry);
        FunctionCounter.builder("linli.login.failures", logins, l -> l.counts().failures())
                .description("failed logins").register(registry);
        FunctionCounter.builder("linli.login.lockouts", logins, l -> l.counts().lockouts())
                .description("user name and address pairs locked after too many failures").register(registry);
        FunctionCounter.builder("linli.login.refused.while.locked", logins, l -> l.counts().refusedWhileLocked())
                .description("logins refused because the pair was locked").register(registry);
        for (String reason : WEB_REFUSALS) {
            FunctionCounter.builder("linli.web.refused", web, w -> w.snapshot().getOrDefault(reason, 0L))
                    .tag("reason", reason).description("requests refused by the web guard, by reason").register(registry);
        }
    }

    private void bindIngest(MeterRegistry registry) {
        counter(registry, "linli.ingest.batches.accepted", "batches durably spooled and acknowledged", IngestStats::acceptedBatches);
        counter(registry, "linli.ingest.readings.accepted", "readings durably spooled and acknowledged", IngestStats::acceptedReadings);
        counter(registry, "linli.ingest.duplicates", "batches dropped as already stored", IngestStats::duplicates);
        counter(registry, "linli.ingest.late.batches", "stored batches that came after a higher number of their run", IngestStats::lateBatches);
        counter(registry, "linli.ingest.gaps", "gaps in a gateway's batch numbers", IngestStats::gaps);
        counter(registry, "linli.ingest.skipped.batches", "batch numbers the gaps skipped", IngestStats::skippedBatches);
        counter(registry, "linli.ingest.store.refusals", "batches whose points InfluxDB refused as invalid", IngestStats::storeRefusals);
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("linli.ingest.rejects", ingest, c -> c.rejects(reason))
                    .tag("reason", reason.code()).description("messages or readings refused, by reason").register(registry);
        }
        gauge(registry, "linli.spool.batches", "batches accepted and not yet in InfluxDB", s -> s.storage().spoolBatches());
        gauge(registry, "linli.spool.points", "points accepted and not yet in InfluxDB", s -> s.storage().spoolPoints());
        gauge(registry, "linli.spool.bytes", "bytes of the spool", s -> s.storage().spoolBytes());
        Gauge.builder("linli.spool.cap.bytes", () -> spoolCapBytes).description("most bytes the spool holds (linli.spool.cap-megabytes)")
                .register(registry);
        counter(registry, "linli.spool.full.waits", "times acknowledgements stopped for a full spool", s -> s.storage().spoolFullWaits());
        counter(registry, "linli.influx.write.requests", "InfluxDB write requests that succeeded", s -> s.storage().writeBatches());
        counter(registry, "linli.influx.written.batches", "spooled batches written to InfluxDB", s -> s.storage().writtenBatches());
        counter(registry, "linli.influx.written.points", "points written to InfluxDB", s -> s.storage().writtenPoints());
        counter(registry, "linli.influx.write.failures", "InfluxDB write requests that failed (tried again)", s -> s.storage().writeFailures());
        gauge(registry, "linli.ingest.last.accepted.seconds", "when the last batch was accepted, epoch seconds (0: none yet)",
                s -> s.lastAcceptedAt() == null ? 0 : s.lastAcceptedAt().toEpochMilli() / 1000.0);
    }

    private void bindCanteen(MeterRegistry registry) {
        canteenCounter(registry, "linli.canteen.batches", "meal batches stored", CanteenCounters.Stats::batches);
        canteenCounter(registry, "linli.canteen.meals.recorded", "meal records stored", CanteenCounters.Stats::records);
        canteenCounter(registry, "linli.canteen.replays", "meal records that came again (already stored)", CanteenCounters.Stats::replays);
        canteenCounter(registry, "linli.canteen.double.claims", "second subsidised meals of a diner on a day", CanteenCounters.Stats::doubleClaims);
        canteenCounter(registry, "linli.canteen.anomalies", "meal records flagged as anomalies", CanteenCounters.Stats::anomalies);
        canteenCounter(registry, "linli.canteen.store.retries", "meal batches the database could not take yet", CanteenCounters.Stats::storeRetries);
        for (String reason : canteenReasons()) {
            FunctionCounter.builder("linli.canteen.refusals", canteen, c -> c.stats().refusals().getOrDefault(reason, 0L))
                    .tag("reason", reason).description("meal messages refused, by reason").register(registry);
        }
    }

    /** Every reason the meal intake refuses with: the wire's and its own. */
    static Set<String> canteenReasons() {
        Set<String> out = new TreeSet<>();
        for (RejectReason r : RejectReason.values()) {
            out.add(r.code());
        }
        out.add("unknown-canteen");
        return out;
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<IngestStats> f) {
        FunctionCounter.builder(name, ingest, c -> f.applyAsDouble(c.snapshot(List.of()))).description(description).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<IngestStats> f) {
        Gauge.builder(name, ingest, c -> f.applyAsDouble(c.snapshot(List.of()))).description(description).register(registry);
    }

    private void canteenCounter(MeterRegistry registry, String name, String description,
                                ToDoubleFunction<CanteenCounters.Stats> f) {
        FunctionCounter.builder(name, canteen, c -> f.applyAsDouble(c.stats())).description(description).register(registry);
    }
}
