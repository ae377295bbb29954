package org.linli.cloud.canteen;

import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.linli.cloud.audit.AuditEntry;
import org.linli.cloud.audit.AuditRepository;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.StaffUser;
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
import java.util.Set;

/**
 * The canteen's HTTP API: roster import and view, meal-ingest counters, anomaly review and the
 * settlement CSV. Every access to names or money is written to the audit log with the logged-in user.
 * The roster is the site's (an elder may eat at any canteen): anyone who may operate a canteen manages
 * it; anomalies and settlements are per canteen.
 */
@Controller("/api/canteen")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
public class CanteenController {
    private static final Logger LOG = LoggerFactory.getLogger(CanteenController.class);

    private final RosterStore roster;
    private final MealLedger ledger;
    private final CanteenCounters counters;
    private final CanteenMqtt mqtt;
    private final AuditRepository audit;
    private final Site site;
    private final Clock clock;
    private final CurrentUser currentUser;

    public CanteenController(RosterStore roster, MealLedger ledger, CanteenCounters counters, CanteenMqtt mqtt,
                             AuditRepository audit, Site site, Clock clock, CurrentUser currentUser) {
        this.currentUser = currentUser;
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
    HttpResponse<?> importRoster(StaffUser user, @Body byte[] body) {
        Optional<String> actor = Optional.of(currentUser.require(user, Action.OPERATE_CANTEEN).username());
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
    HttpResponse<?> viewRoster(StaffUser user) {
        Optional<String> actor = Optional.of(currentUser.require(user, Action.OPERATE_CANTEEN).username());
        long version = roster.rosterVersion();
        List<RosterStore.Member> members = roster.members();
        audit.save(AuditEntry.of(clock.instant(), actor.get(), "roster.view", null,
                "version " + version + ", " + members.size() + " members"));
        return HttpResponse.ok(new CanteenViews.Roster(version, members.size(),
                members.stream().map(CanteenViews.Member::of).toList()));
    }

    /**
     * Today at each canteen the user may see (the dashboard's canteen page): served, subsidised and settled,
     * subsidy, pending review, refused, open anomalies. Canteens without a meal today show zeros.
     */
    @Get(uri = "/today", produces = MediaType.APPLICATION_JSON)
    List<CanteenViews.Today> today(StaffUser user) {
        currentUser.require(user, Action.VIEW_CANTEEN);
        Set<String> canteens = currentUser.access().canteens(user, Action.VIEW_CANTEEN);
        java.time.LocalDate date = java.time.LocalDate.now(clock.withZone(site.zone()));
        java.util.Map<String, MealLedger.DaySummary> byCanteen = new java.util.HashMap<>();
        ledger.day(canteens, date).forEach(d -> byCanteen.put(d.canteen(), d));
        return site.canteens().stream().filter(c -> canteens.contains(c.id())).map(c -> {
            MealLedger.DaySummary d = byCanteen.getOrDefault(c.id(), new MealLedger.DaySummary(c.id(), 0, 0, 0, 0, 0, 0));
            return new CanteenViews.Today(c.id(), c.name(), date.toString(), d.served(), d.subsidised(),
                    Settlement.yuan(d.subsidyFen()), d.pending(), d.refused(), d.openAnomalies());
        }).toList();
    }

    /** Meal-ingest counters and refusal samples. */
    @Get(uri = "/stats", produces = MediaType.APPLICATION_JSON)
    CanteenViews.Stats stats(StaffUser user) {
        currentUser.require(user, Action.VIEW_INGEST_STATS);
        return CanteenViews.Stats.of(counters.stats(), mqtt.isUp());
    }

    /** Anomalies, by default the open ones, oldest first; {@code state=all} for every one; {@code order=newest}. */
    @Get(uri = "/anomalies", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> anomalies(StaffUser user, @Nullable @QueryValue String state, @Nullable @QueryValue Integer limit,
                              @Nullable @QueryValue String order) {
        currentUser.require(user, Action.VIEW_CANTEEN);
        Set<String> canteens = currentUser.access().canteens(user, Action.VIEW_CANTEEN);
        String s = state == null ? "OPEN" : state.toUpperCase(Locale.ROOT);
        if (!List.of("OPEN", "ACCEPTED", "REJECTED", "ALL").contains(s)) {
            return HttpResponse.badRequest(new CanteenViews.Error("state must be open, accepted, rejected or all"));
        }
        if (order != null && !List.of("oldest", "newest").contains(order)) {
            return HttpResponse.badRequest(new CanteenViews.Error("order must be oldest or newest"));
        }
        int n = limit == null ? 500 : Math.max(1, Math.min(limit, 10_000));
        return HttpResponse.ok(ledger.anomalies("ALL".equals(s) ? null : s, canteens, n, "newest".equals(order)).stream()
                .map(CanteenViews.Anomaly::of).toList());
    }

    /** Accept (the meal is settled) or reject (not settled) an open anomaly; audited. */
    @Post(uri = "/anomalies/{id}/resolve", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> resolve(StaffUser user, @PathVariable long id, @Body CanteenViews.Resolve body) {
        currentUser.require(user, Action.OPERATE_CANTEEN);
        Optional<String> canteen = ledger.canteenOfAnomaly(id);
        if (canteen.isEmpty()) {
            return HttpResponse.notFound(new CanteenViews.Error("no anomaly " + id));
        }
        currentUser.requireCanteen(user, Action.OPERATE_CANTEEN, canteen.get());
        Optional<String> actor = Optional.of(user.username());
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
    @Get(uri = "/settlements/{canteen}/{file}", produces = {"text/csv;charset=utf-8", MediaType.APPLICATION_JSON})
    HttpResponse<?> settlementCsv(StaffUser user, @PathVariable String canteen, @PathVariable String file) {
        if (!file.endsWith(".csv")) {
            return HttpResponse.notFound(new CanteenViews.Error("ask for <yyyy-MM>.csv"));
        }
        SettlementAccess access = SettlementAccess.check(user, currentUser, site, canteen, file.substring(0, file.length() - 4));
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
        /** 404 for a canteen the site does not have, 403 for one that is not the user's, 400 for a bad month. */
        static SettlementAccess check(StaffUser user, CurrentUser currentUser, Site site, String canteenId, String monthText) {
            currentUser.require(user, Action.VIEW_SETTLEMENTS);
            Optional<String> actor = Optional.of(user.username());
            Optional<Canteen> canteen = site.canteens().stream().filter(c -> c.id().equals(canteenId)).findFirst();
            if (canteen.isEmpty()) {
                return new SettlementAccess(null, null, null,
                        HttpResponse.notFound(new CanteenViews.Error("no canteen " + canteenId + " on this site")));
            }
            currentUser.requireCanteen(user, Action.VIEW_SETTLEMENTS, canteenId);
            try {
                return new SettlementAccess(actor.get(), canteen.get(), YearMonth.parse(monthText), null);
            } catch (DateTimeParseException e) {
                return new SettlementAccess(null, null, null,
                        HttpResponse.badRequest(new CanteenViews.Error("'" + monthText + "' is not a month such as 2026-11")));
            }
        }
    }
}
