package org.linli.cloud.canteen;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.linli.cloud.audit.AuditEntry;
import org.linli.cloud.audit.AuditRepository;
import org.linli.config.Canteen;
import org.linli.config.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The canteen's HTTP API: roster import and view, meal-ingest counters, anomaly review and the
 * settlement CSV. Every access to names or money is written to the audit log with its actor.
 */
@Controller("/api/canteen")
@ExecuteOn(TaskExecutors.BLOCKING)
public class CanteenController {
    private static final Logger LOG = LoggerFactory.getLogger(CanteenController.class);
    static final String NO_ACTOR = "name who is acting in the " + Actors.HEADER + " header (or ?actor=): this access is audited";

    private final RosterStore roster;
    private final MealLedger ledger;
    private final CanteenCounters counters;
    private final CanteenMqtt mqtt;
    private final AuditRepository audit;
    private final Site site;
    private final Clock clock;

    public CanteenController(RosterStore roster, MealLedger ledger, CanteenCounters counters, CanteenMqtt mqtt,
                             AuditRepository audit, Site site, Clock clock) {
        this.roster = roster;
        this.ledger = ledger;
        this.counters = counters;
        this.mqtt = mqtt;
        this.audit = audit;
        this.site = site;
        this.clock = clock;
    }

    /** Imports a roster CSV: all lines or none. 200 with counts, 422 with every bad line. */
    @Post(uri = "/roster", consumes = {"text/csv", MediaType.TEXT_PLAIN}, produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> importRoster(HttpRequest<?> request, @Body byte[] body) {
        Optional<String> actor = Actors.of(request);
        if (actor.isEmpty()) {
            return HttpResponse.badRequest(new CanteenViews.Error(NO_ACTOR));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return HttpResponse.badRequest(new CanteenViews.Error(
                    "the file is not UTF-8 (in Excel: save as \"CSV UTF-8\"; WPS: UTF-8 encoding)"));
        }
        RosterCsv.Result parsed = RosterCsv.parse(text);
        if (!parsed.ok()) {
            LOG.info("canteen: roster import by {} refused: {} problems", actor.get(), parsed.problems().size());
            return HttpResponse.unprocessableEntity().body(new CanteenViews.ImportRefused(
                    "nothing imported: " + parsed.problems().size() + " problems",
                    parsed.problems().stream().map(CanteenViews.Problem::of).toList()));
        }
        String cardColumn = "卡号 (card)";
        RosterStore.ImportResult result = roster.importRows(parsed.rows(), cardColumn, clock.instant());
        if (!result.ok()) {
            return HttpResponse.unprocessableEntity().body(new CanteenViews.ImportRefused(
                    "nothing imported: " + result.problems().size() + " problems",
                    result.problems().stream().map(CanteenViews.Problem::of).toList()));
        }
        audit.save(AuditEntry.of(clock.instant(), actor.get(), "roster.import", null, "version " + result.version()
                + ": " + result.added() + " added, " + result.updated() + " updated, " + result.unchanged() + " unchanged"));
        LOG.info("canteen: roster import by {}: version {}, {} added, {} updated, {} unchanged", actor.get(),
                result.version(), result.added(), result.updated(), result.unchanged());
        if (result.added() + result.updated() > 0) {
            mqtt.rosterChanged();
        }
        return HttpResponse.ok(new CanteenViews.Imported(result.version(), result.added(), result.updated(), result.unchanged()));
    }

    /** The roster with full names; each view is audited. */
    @Get(uri = "/roster", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> viewRoster(HttpRequest<?> request) {
        Optional<String> actor = Actors.of(request);
        if (actor.isEmpty()) {
            return HttpResponse.badRequest(new CanteenViews.Error(NO_ACTOR));
        }
        long version = roster.rosterVersion();
        List<RosterStore.Member> members = roster.members();
        audit.save(AuditEntry.of(clock.instant(), actor.get(), "roster.view", null,
                "version " + version + ", " + members.size() + " members"));
        return HttpResponse.ok(new CanteenViews.Roster(version, members.size(),
                members.stream().map(CanteenViews.Member::of).toList()));
    }

    /** Meal-ingest counters and refusal samples. */
    @Get(uri = "/stats", produces = MediaType.APPLICATION_JSON)
    CanteenViews.Stats stats() {
        return CanteenViews.Stats.of(counters.stats(), mqtt.isUp());
    }

    /** Anomalies, by default the open ones; {@code state=all} for every one. */
    @Get(uri = "/anomalies", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> anomalies(@Nullable @QueryValue String state, @Nullable @QueryValue Integer limit) {
        String s = state == null ? "OPEN" : state.toUpperCase(Locale.ROOT);
        if (!List.of("OPEN", "ACCEPTED", "REJECTED", "ALL").contains(s)) {
            return HttpResponse.badRequest(new CanteenViews.Error("state must be open, accepted, rejected or all"));
        }
        int n = limit == null ? 500 : Math.max(1, Math.min(limit, 10_000));
        return HttpResponse.ok(ledger.anomalies("ALL".equals(s) ? null : s, n).stream()
                .map(CanteenViews.Anomaly::of).toList());
    }

    /** Accept (the meal is settled) or reject (not settled) an open anomaly; audited. */
    @Post(uri = "/anomalies/{id}/resolve", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> resolve(HttpRequest<?> request, @PathVariable long id, @Body CanteenViews.Resolve body) {
        Optional<String> actor = Actors.of(request, body.actor());
        if (actor.isEmpty()) {
            return HttpResponse.badRequest(new CanteenViews.Error("name who decides in the " + Actors.HEADER
                    + " header or the body's actor: this decision is audited"));
        }
        MealLedger.Decision decision;
        if ("accept".equalsIgnoreCase(body.decision())) {
            decision = MealLedger.Decision.ACCEPT;
        } else if ("reject".equalsIgnoreCase(body.decision())) {
            decision = MealLedger.Decision.REJECT;
        } else {
            return HttpResponse.badRequest(new CanteenViews.Error("decision must be accept or reject"));
        }
        MealLedger.Resolution r = ledger.resolve(id, decision, actor.get(), body.note(), clock.instant());
        if (r instanceof MealLedger.NotFound) {
            return HttpResponse.notFound(new CanteenViews.Error("no anomaly " + id));
        }
        if (r instanceof MealLedger.AlreadyResolved ar) {
            return HttpResponse.status(io.micronaut.http.HttpStatus.CONFLICT)
                    .body(new CanteenViews.Error("anomaly " + id + " is already " + ar.state().toLowerCase(Locale.ROOT)));
        }
        MealLedger.Resolved ok = (MealLedger.Resolved) r;
        audit.save(AuditEntry.of(clock.instant(), actor.get(), "anomaly." + decision.name().toLowerCase(Locale.ROOT),
                ok.canteen(), "anomaly " + id + ", event " + ok.eventId() + ", settle " + ok.settle()
                        + (body.note() == null ? "" : ": " + cut(body.note()))));
        mqtt.claimsChanged();
        return HttpResponse.ok(new CanteenViews.Resolved(ok.id(), ok.eventId(), ok.state(), ok.settle()));
    }

    /** {@code GET /api/canteen/settlements/{canteen}/{yyyy-MM}.csv}: the month's settlement; audited. */
    @Get(uri = "/settlements/{canteen}/{file}")
    HttpResponse<?> settlementCsv(HttpRequest<?> request, @PathVariable String canteen, @PathVariable String file) {
        if (!file.endsWith(".csv")) {
            return HttpResponse.notFound(new CanteenViews.Error("ask for <yyyy-MM>.csv"));
        }
        SettlementAccess access = SettlementAccess.check(request, site, canteen, file.substring(0, file.length() - 4));
        if (access.error() != null) {
            return access.error();
        }
        Settlement s = settlement(access.canteen(), access.month());
        audit.save(AuditEntry.of(clock.instant(), access.actor(), "settlement.export", canteen,
                s.month() + " csv: " + s.total().meals() + " meals, subsidy " + Settlement.yuan(s.total().subsidyFen())
                        + " yuan, " + s.pending().size() + " pending"));
        return HttpResponse.ok(SettlementRender.csv(s))
                .contentType(new MediaType("text/csv;charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"settlement-" + canteen + "-" + s.month() + ".csv\"");
    }

    Settlement settlement(Canteen canteen, YearMonth month) {
        MealLedger.MonthLines lines = ledger.month(canteen.id(), month);
        return Settlement.of(canteen.id(), canteen.name(), month, lines.settled(), lines.pending());
    }

    private static String cut(String note) {
        return note.length() > 200 ? note.substring(0, 200) + "…" : note;
    }

    /** A checked settlement request, or the response that refuses it. */
    record SettlementAccess(String actor, Canteen canteen, YearMonth month, HttpResponse<?> error) {
        static SettlementAccess check(HttpRequest<?> request, Site site, String canteenId, String monthText) {
            Optional<String> actor = Actors.of(request);
            if (actor.isEmpty()) {
                return new SettlementAccess(null, null, null, HttpResponse.badRequest(new CanteenViews.Error(NO_ACTOR)));
            }
            Optional<Canteen> canteen = site.canteens().stream().filter(c -> c.id().equals(canteenId)).findFirst();
            if (canteen.isEmpty()) {
                return new SettlementAccess(null, null, null,
                        HttpResponse.notFound(new CanteenViews.Error("no canteen " + canteenId + " on this site")));
            }
            try {
                return new SettlementAccess(actor.get(), canteen.get(), YearMonth.parse(monthText), null);
            } catch (DateTimeParseException e) {
                return new SettlementAccess(null, null, null,
                        HttpResponse.badRequest(new CanteenViews.Error("'" + monthText + "' is not a month such as 2026-11")));
            }
        }
    }
}
