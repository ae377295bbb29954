package org.linli.cloud.tickets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import org.linli.cloud.rules.RuleSettings;
import org.linli.config.Grid;
import org.linli.config.Site;
import org.linli.config.Space;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the tickets API: every field always present, times as ISO-8601 UTC text. */
final class TicketViews {

    private TicketViews() {
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    /** One ticket. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TicketView(long id, String kind, String kindZh, String space, String spaceName, String grid, String gridName,
                      String status, String statusZh, String level, String levelZh, String assignee, String title,
                      @Nullable String subject, @Nullable String reporter, @Nullable String description,
                      String filedAt, @Nullable String dispatchedAt, @Nullable String acceptedAt,
                      @Nullable String resolvedAt, @Nullable String evaluatedAt, @Nullable String closedAt,
                      @Nullable String acceptDue, @Nullable String resolveDue, @Nullable String callbackDue,
                      boolean overdue, @Nullable Boolean satisfied, @Nullable Long seriesId, int seriesCount,
                      String seriesLabel, @Nullable String episodeStart, @Nullable String episodeEnd,
                      @Nullable Double peakDb, @Nullable Double laeqDb, @Nullable Double limitDb,
                      @Nullable String reason, @Nullable String recheckUntil, @Nullable String recheckOutcome,
                      String updatedAt) {

        static TicketView of(Ticket t, Site site, Recurrence recurrence, Instant now) {
            return new TicketView(t.id(), t.kind().name(), t.kind().zh(), t.space(),
                    site.space(t.space()).map(Space::name).orElse(t.space()), t.grid(),
                    site.grid(t.grid()).map(Grid::name).orElse(t.grid()), t.status().name(), t.status().zh(),
                    t.level().name(), t.level().zh(), t.assignee(), t.title(), t.subject(), t.reporter(), t.description(),
                    iso(t.filedAt()), iso(t.dispatchedAt()), iso(t.acceptedAt()), iso(t.resolvedAt()),
                    iso(t.evaluatedAt()), iso(t.closedAt()), iso(t.acceptDue()), iso(t.resolveDue()),
                    iso(t.callbackDue()), t.overdue(now), t.satisfied(), t.seriesId(), t.seriesCount(),
                    recurrence.label(t.seriesCount()), iso(t.episodeStart()), iso(t.episodeEnd()), t.peakDb(),
                    t.laeqDb(), t.limitDb(), t.reason(), iso(t.recheckUntil()), t.recheckOutcome(), iso(t.updatedAt()));
        }
    }

    /** One event of a ticket's history. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record EventView(String at, String actor, String type, String typeZh, @Nullable String from, String to,
                     @Nullable String note) {
        static EventView of(TicketEvent e) {
            return new EventView(iso(e.at()), e.actor(), e.type(), LiveEvents.eventZh(e),
                    e.from() == null ? null : e.from().name(), e.to().name(), e.note());
        }
    }

    /** A ticket with its history. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TicketDetail(TicketView ticket, List<EventView> events) {
    }

    /**
     * The body of an action.
     *
     * @param actor     who (until login exists)
     * @param note      a note; for return and reject the reason (or use {@code reason})
     * @param reason    the same as note, for return and reject
     * @param satisfied the evaluation, for evaluate
     */
    @Serdeable
    record ActionBody(@Nullable String actor, @Nullable String note, @Nullable String reason, @Nullable Boolean satisfied) {
        String text() {
            return note != null && !note.isBlank() ? note : reason;
        }
    }

    /** An error: what was wrong. */
    @Serdeable
    record ErrorView(String error) {
    }

    /** One scope's KPIs; durations in minutes. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FiguresView(String scope, @Nullable String name, int dispatched, int acceptedOnTime, int resolved,
                       int resolvedOnTime, int evaluated, int satisfied, int overdue, @Nullable Double responseRate,
                       @Nullable Double resolutionRate, @Nullable Double satisfactionRate,
                       @Nullable Double medianMinutesToAccept, @Nullable Double medianMinutesToResolve) {
        static FiguresView of(Kpis.Figures f, String name) {
            return new FiguresView(f.scope(), name, f.dispatched(), f.acceptedOnTime(), f.resolved(), f.resolvedOnTime(),
                    f.evaluated(), f.satisfied(), f.overdue(), f.responseRate(), f.resolutionRate(), f.satisfactionRate(),
                    minutes(f.medianToAccept()), minutes(f.medianToResolve()));
        }

        private static Double minutes(Duration d) {
            return d == null ? null : d.toSeconds() / 60.0;
        }
    }

    /** {@code GET /api/kpis}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record KpiView(String from, String to, FiguresView community, List<FiguresView> grids) {
        static KpiView of(Kpis.Report r, Site site) {
            return new KpiView(iso(r.from()), iso(r.to()), FiguresView.of(r.community(), site.name()),
                    r.grids().stream().map(f -> FiguresView.of(f, site.grid(f.scope()).map(Grid::name).orElse(null))).toList());
        }
    }

    /** {@code GET /api/kpis/periods}: one period's figures; {@code last} is its last day. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PeriodView(String from, String to, String last, KpiView kpis) {
    }

    /** {@code GET /api/kpis/periods}: the periods newest first. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PeriodsView(String by, List<PeriodView> periods) {
        static PeriodsView of(Kpis.By by, List<Kpis.PeriodReport> reports, Site site) {
            return new PeriodsView(by.name().toLowerCase(java.util.Locale.ROOT), reports.stream()
                    .map(r -> new PeriodView(r.period().from().toString(), r.period().to().toString(),
                            r.period().last().toString(), KpiView.of(r.report(), site))).toList());
        }
    }

    /**
     * {@code GET /api/spaces}: a space with its grid, holders and sensors, and the local rules its rules
     * apply ({@code rules}: {@code space}, {@code site} or {@code defaults}; end time, boundary cap and
     * encroachment dwell, null where there is none).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SpaceView(String id, String name, String kind, String grid, @Nullable String gridName,
                     @Nullable String worker, @Nullable String head, String noiseZone, int dayLimitDb, int nightLimitDb,
                     List<String> schedules, List<SensorView> sensors, String rules, @Nullable String endTime,
                     @Nullable Double boundaryCapDb, @Nullable Long dwellMinutes) {
        static SpaceView of(Space s, Site site, Routing routing) {
            RuleSettings own = RuleSettings.defaults().forSpace(site.rules(), s);
            Duration dwell = own.encroachment().dwell().get(s.kind());
            return new SpaceView(s.id(), s.name(), s.kind().name(), s.grid(), site.grid(s.grid()).map(Grid::name).orElse(null),
                    routing.assignee(s.grid(), Level.WORKER).assignee(), routing.assignee(s.grid(), Level.GRID_HEAD).assignee(),
                    s.noiseZone().code(), s.noiseZone().dayLimitDb(), s.noiseZone().nightLimitDb(),
                    s.schedules().stream().map(TicketViews::schedule).toList(),
                    site.gateways().stream().flatMap(g -> g.sensors().stream().filter(x -> x.space().equals(s.id()))
                            .map(x -> new SensorView(x.id(), x.kind().name(), g.id(), g.name()))).toList(),
                    RuleSettings.source(site.rules(), s),
                    own.noise().endTime() == null ? null : own.noise().endTime().toString(),
                    own.noise().boundaryCapDb(), dwell == null ? null : dwell.toMinutes());
        }
    }

    static String schedule(org.linli.config.Schedule s) {
        return s.activity() + " " + s.from() + "-" + s.to() + (s.days().isEmpty() ? ""
                : " " + s.days().stream().sorted().map(d -> d.name().substring(0, 3)).toList());
    }

    /** A sensor and the gateway it hangs on. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SensorView(String id, String kind, String gateway, String gatewayName) {
    }
}
