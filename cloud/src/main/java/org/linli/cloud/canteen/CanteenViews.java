package org.linli.cloud.canteen;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/** The JSON shapes of the canteen API. */
final class CanteenViews {

    private CanteenViews() {
    }

    @Serdeable
    record Member(String member, String fullName, String displayName, String birth, @Nullable String hardship,
                  boolean resident, boolean active, @Nullable String card, String updatedAt) {
        static Member of(RosterStore.Member m) {
            return new Member(m.member(), m.fullName(), m.displayName(), m.birth().toString(), m.hardship(), m.resident(),
                    m.active(), m.card(), m.updatedAt().toString());
        }
    }

    @Serdeable
    record Roster(long version, int count, List<Member> members) {
    }

    @Serdeable
    record Problem(int line, String column, String message) {
        static Problem of(RosterCsv.Problem p) {
            return new Problem(p.line(), p.column(), p.message());
        }
    }

    @Serdeable
    record ImportRefused(String error, List<Problem> problems) {
    }

    @Serdeable
    record Imported(long version, int added, int updated, int unchanged) {
    }

    @Serdeable
    record Error(String error) {
    }

    @Serdeable
    record Sample(String at, String topic, String detail, @Nullable String payload) {
    }

    /** One canteen's day for the dashboard's canteen page (a row of its table). */
    @Serdeable
    record Today(String canteen, String name, String date, long served, long subsidised, String subsidyYuan,
                 long pending, long refused, long openAnomalies) {
    }

    @Serdeable
    record Stats(long batches, long records, long replays, long doubleClaims, long anomalies, long storeRetries,
                 long refusedTotal,
                 Map<String, Long> refusals, Map<String, List<Sample>> samples, @Nullable String lastStoredAt,
                 boolean mqttUp) {
        static Stats of(CanteenCounters.Stats s, boolean up) {
            Map<String, List<Sample>> samples = new java.util.TreeMap<>();
            s.samples().forEach((k, v) -> samples.put(k, v.stream()
                    .map(x -> new Sample(x.at().toString(), x.topic(), x.detail(), x.payload())).toList()));
            return new Stats(s.batches(), s.records(), s.replays(), s.doubleClaims(), s.anomalies(), s.storeRetries(),
                    s.refusedTotal(),
                    s.refusals(), samples, s.lastStoredAt() == null ? null : s.lastStoredAt().toString(), up);
        }
    }

    @Serdeable
    record Anomaly(long id, String kind, String detail, String createdAt, String state, @Nullable String resolvedBy,
                   @Nullable String resolvedAt, @Nullable String note, String eventId, String canteen,
                   @Nullable String member, String date, @Nullable String window, String decidedAt, long subsidyFen,
                   String method, boolean offline, String settle, @Nullable String displayName) {
        static Anomaly of(MealLedger.Anomaly a) {
            return new Anomaly(a.id(), a.kind(), a.detail(), a.createdAt().toString(), a.state(), a.resolvedBy(),
                    a.resolvedAt() == null ? null : a.resolvedAt().toString(), a.note(), a.eventId(), a.canteen(),
                    a.member(), a.date().toString(), a.window(), a.decidedAt().toString(), a.subsidyFen(), a.method(),
                    a.offline(), a.settle(), a.displayName());
        }
    }

    /** The body of a resolution: {@code decision} accept or reject, and a note; who is the logged-in user. */
    @Serdeable
    record Resolve(@Nullable String decision, @Nullable String note) {
    }

    @Serdeable
    record Resolved(long id, String eventId, String state, String settle) {
    }
}
