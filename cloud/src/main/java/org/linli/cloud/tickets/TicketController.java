package org.linli.cloud.tickets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.StaffUser;
import org.linli.config.Site;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tickets' REST API: list, detail with history, evidence, the loop's actions, KPIs and spaces. Every
 * answer is for the logged-in user: lists and KPIs hold only the grids they may see, a ticket of another
 * grid is 403, and an action needs the role's permission for it ({@link Action#permission()}).
 */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class TicketController {
    private static final int MAX_LIST = 500;

    private final TicketService service;
    private final EvidenceBuilder evidence;
    private final Actors actors;
    private final Site site;
    private final Recurrence recurrence;
    private final Routing routing;
    private final CurrentUser currentUser;

    public TicketController(TicketService service, EvidenceBuilder evidence, Actors actors, Site site,
                            Recurrence recurrence, Routing routing, CurrentUser currentUser) {
        this.currentUser = currentUser;
        this.service = service;
        this.evidence = evidence;
        this.actors = actors;
        this.site = site;
        this.recurrence = recurrence;
        this.routing = routing;
    }

    /** Tickets, overdue first, then newest first; filters by status, grid and kind (any may be left out). */
    @Get(uri = "/tickets{?status,grid,kind,limit}", produces = MediaType.APPLICATION_JSON)
    List<TicketViews.TicketView> list(StaffUser user, @Nullable @QueryValue String status, @Nullable @QueryValue String grid,
                                      @Nullable @QueryValue String kind, @Nullable @QueryValue Integer limit) {
        Set<String> grids = currentUser.gridFilter(user, org.linli.cloud.auth.Action.VIEW_TICKETS, blankToNull(grid));
        Instant now = service.now();
        int max = limit == null ? MAX_LIST : Math.max(1, Math.min(limit, MAX_LIST));
        List<Ticket> found = service.store().searchGrids(parse(TicketStatus.class, status, "status"), grids,
                parse(TicketKind.class, kind, "kind"), max);
        return found.stream()
                .sorted(Comparator.comparing((Ticket t) -> !t.overdue(now)))
                .map(t -> TicketViews.TicketView.of(t, site, recurrence, now))
                .toList();
    }

    /** One ticket with its history. */
    @Get(uri = "/tickets/{id}", produces = MediaType.APPLICATION_JSON)
    TicketViews.TicketDetail get(StaffUser user, @PathVariable long id) {
        return detail(visible(user, id));
    }

    /** The evidence pack, built now. */
    @Get(uri = "/tickets/{id}/evidence", produces = MediaType.APPLICATION_JSON)
    Evidence evidence(StaffUser user, @PathVariable long id) {
        return evidence.build(visible(user, id));
    }

    /** An action of the loop: dispatch, accept, start, resolve, evaluate, close, return, reject, note, escalate. */
    @Post(uri = "/tickets/{id}/{action}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> act(StaffUser user, @PathVariable long id, @PathVariable String action,
                        @Nullable @Body TicketViews.ActionBody body) {
        Action a = Action.ofPath(action).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND,
                "no action " + action + " (dispatch, accept, start, resolve, evaluate, close, return, reject, note, escalate)"));
        Ticket t = visible(user, id);
        currentUser.requireGrid(user, a.permission(), t.grid());
        TicketViews.ActionBody b = body == null ? new TicketViews.ActionBody(null, null, null, null) : body;
        String actor = actors.actor(user);
        Lifecycle.Decision d = service.act(id, new Lifecycle.Command(a, actor, b.text(), b.satisfied()))
                .orElseThrow(() -> notFound(id));
        if (d instanceof Lifecycle.Refused r) {
            return HttpResponse.status(HttpStatus.CONFLICT).body(new TicketViews.ErrorView(r.reason()));
        }
        return HttpResponse.ok(detail(((Lifecycle.Changed) d).ticket()));
    }

    /**
     * KPIs per grid and for the community over tickets first dispatched in [from, to): dates
     * ({@code 2026-11-01}, local midnight) or instants; default the last 30 days. Only the grids the user may
     * see (or {@code ?grid=}, one of them) count, the "community" figures included.
     */
    @Get(uri = "/kpis{?from,to,grid}", produces = MediaType.APPLICATION_JSON)
    TicketViews.KpiView kpis(StaffUser user, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                             @Nullable @QueryValue String grid) {
        Set<String> grids = currentUser.gridFilter(user, org.linli.cloud.auth.Action.VIEW_KPIS, blankToNull(grid));
        Instant now = service.now();
        Instant end = to == null ? now : instant(to, "to");
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : instant(from, "from");
        if (!start.isBefore(end)) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "from must be before to");
        }
        List<Ticket> mine = service.store().dispatchedBetween(start, end).stream().filter(t -> grids.contains(t.grid())).toList();
        Kpis.Report r = Kpis.report(mine, start, end, now, site.name());
        return TicketViews.KpiView.of(r, site);
    }

    /**
     * KPIs per period, newest first, in one answer: {@code by=week} (default, the last {@code count} = 8 calendar
     * weeks, Monday to Sunday) or {@code by=month} (default 6 calendar months), in the site's zone, the current
     * period included. Only the user's grids count (or {@code ?grid=}, one of them).
     */
    @Get(uri = "/kpis/periods{?by,count,grid}", produces = MediaType.APPLICATION_JSON)
    TicketViews.PeriodsView kpiPeriods(StaffUser user, @Nullable @QueryValue String by, @Nullable @QueryValue Integer count,
                                       @Nullable @QueryValue String grid) {
        Set<String> grids = currentUser.gridFilter(user, org.linli.cloud.auth.Action.VIEW_KPIS, blankToNull(grid));
        Kpis.By cut = by == null || by.isBlank() ? Kpis.By.WEEK : parse(Kpis.By.class, by, "by");
        int max = cut == Kpis.By.WEEK ? 26 : 24;
        int n = count == null ? (cut == Kpis.By.WEEK ? 8 : 6) : count;
        if (n < 1 || n > max) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "count must be 1 to " + max + " for by=" + cut.name().toLowerCase(Locale.ROOT));
        }
        Instant now = service.now();
        List<Kpis.Period> periods = Kpis.periods(cut, now.atZone(site.zone()).toLocalDate(), n);
        Instant start = periods.get(periods.size() - 1).start(site.zone());
        Instant end = periods.get(0).end(site.zone());
        List<Ticket> mine = service.store().dispatchedBetween(start, end).stream().filter(t -> grids.contains(t.grid())).toList();
        return TicketViews.PeriodsView.of(cut, Kpis.byPeriod(mine, periods, site.zone(), now, site.name()), site);
    }

    /** The site's spaces with grid, holders, noise limits and sensors. */
    @Get(uri = "/spaces", produces = MediaType.APPLICATION_JSON)
    List<TicketViews.SpaceView> spaces(StaffUser user) {
        Set<String> grids = currentUser.gridFilter(user, org.linli.cloud.auth.Action.VIEW_SPACES, null);
        return site.spaces().stream().filter(s -> grids.contains(s.grid()))
                .map(s -> TicketViews.SpaceView.of(s, site, routing)).toList();
    }

    /** The ticket if the user may see its grid: 404 when there is none, 403 when it is another grid's. */
    private Ticket visible(StaffUser user, long id) {
        Ticket t = service.find(id).orElseThrow(() -> notFound(id));
        currentUser.requireGrid(user, org.linli.cloud.auth.Action.VIEW_TICKETS, t.grid());
        return t;
    }

    private TicketViews.TicketDetail detail(Ticket t) {
        return new TicketViews.TicketDetail(TicketViews.TicketView.of(t, site, recurrence, service.now()),
                service.history(t.id()).stream().map(TicketViews.EventView::of).toList());
    }

    private Instant instant(String text, String name) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(site.zone()).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, name + " must be a date (2026-11-01) or an instant (2026-11-01T00:00:00Z): " + text);
        }
    }

    private static HttpStatusException notFound(long id) {
        return new HttpStatusException(HttpStatus.NOT_FOUND, "no ticket " + id);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "unknown " + name + " " + text + "; one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
