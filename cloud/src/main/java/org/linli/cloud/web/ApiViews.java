package org.linli.cloud.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import org.linli.cloud.ingest.CommissioningReports;
import org.linli.cloud.ingest.Gap;
import org.linli.cloud.ingest.IngestStats;
import org.linli.cloud.ingest.ReadingPoint;
import org.linli.cloud.ingest.RejectSample;
import org.linli.config.Grid;
import org.linli.config.Site;
import org.linli.config.Space;
import org.linli.wire.CommissioningReport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the API: stable names, every field always present (null or empty rather than
 * missing), times as ISO-8601 text and epoch milliseconds.
 */
final class ApiViews {

    private ApiViews() {
    }

    /** {@code GET /api/ingest/stats}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Stats(long acceptedBatches, long acceptedReadings, long duplicates, long lateBatches, long gaps,
                 long skippedBatches, long storeRefusals, long rejectedTotal, Map<String, Long> rejects,
                 Map<String, List<Sample>> samples, List<GapView> recentGaps, @Nullable String lastAcceptedAt,
                 long spoolBatches, long spoolPoints, long spoolBytes, long spoolFullWaits, long writeBatches,
                 long writtenBatches, long writtenPoints, long writeFailures, @Nullable String lastWriteAt) {

        static Stats of(IngestStats s) {
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            s.samples().forEach((code, list) -> samples.put(code, list.stream().map(Sample::of).toList()));
            return new Stats(s.acceptedBatches(), s.acceptedReadings(), s.duplicates(), s.lateBatches(), s.gaps(),
                    s.skippedBatches(), s.storeRefusals(), s.rejectedTotal(), s.rejects(), samples,
                    s.recentGaps().stream().map(GapView::of).toList(),
                    s.lastAcceptedAt() == null ? null : s.lastAcceptedAt().toString(),
                    s.storage().spoolBatches(), s.storage().spoolPoints(), s.storage().spoolBytes(),
                    s.storage().spoolFullWaits(), s.storage().writeBatches(), s.storage().writtenBatches(),
                    s.storage().writtenPoints(), s.storage().writeFailures(),
                    s.storage().lastWriteAt() == null ? null : s.storage().lastWriteAt().toString());
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Sample(String at, String topic, String detail, String payload) {
        static Sample of(RejectSample s) {
            return new Sample(s.at().toString(), s.topic(), s.detail(), s.payload());
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record GapView(String gateway, String bootId, long from, long to, long size, String seenAt) {
        static GapView of(Gap g) {
            return new GapView(g.gateway(), g.bootId(), g.from(), g.to(), g.size(), g.seenAt().toString());
        }
    }

    /** One element of {@code GET /api/readings/latest}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Latest(String site, String gateway, String sensor, String measurement, String space, String spaceName,
                  String grid, String gridName, long ts, String localTime, Map<String, Double> values, String unit,
                  String quality, @Nullable String message, long seq) {

        static Latest of(ReadingPoint p, Site site) {
            return new Latest(p.site(), p.gateway(), p.sensor(), p.measurement(), p.space(),
                    site.space(p.space()).map(Space::name).orElse(p.space()), p.grid(),
                    site.grid(p.grid()).map(Grid::name).orElse(p.grid()), p.time(),
                    Formats.localTime(p.time(), site.zone()), p.values(), p.unit(), p.quality().wireName(),
                    p.message(), p.seq());
        }
    }

    /** One element of {@code GET /api/devices/commissioning}: a gateway's latest commissioning report. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Commissioning(String site, String gateway, String bootId, long startedAt, long finishedAt,
                         String finishedLocalTime, String receivedAt, String gatewayVersion, boolean passed,
                         List<String> failed, List<SensorCheck> sensors, List<Check> checks) {

        static Commissioning of(CommissioningReports.Received received, Site site) {
            CommissioningReport r = received.report();
            return new Commissioning(r.site(), r.gateway(), r.bootId(), r.startedAt(), r.finishedAt(),
                    Formats.localTime(r.finishedAt(), site.zone()), received.receivedAt().toString(), r.gatewayVersion(),
                    r.passed(), r.failedItems(),
                    r.sensors().stream().map(s -> new SensorCheck(s.sensor(), s.kind(), s.space(), s.wiring(),
                            s.outcome().wireName(), s.detail())).toList(),
                    r.checks().stream().map(c -> new Check(c.name(), c.outcome().wireName(), c.figure())).toList());
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SensorCheck(String sensor, String kind, String space, String wiring, String outcome, String detail) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Check(String name, String outcome, String figure) {
    }
}
