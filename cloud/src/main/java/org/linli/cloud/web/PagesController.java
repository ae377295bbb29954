package org.linli.cloud.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.linli.cloud.auth.Access;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.CsrfTokens;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.SessionCookies;
import org.linli.cloud.auth.StaffUser;
import org.linli.cloud.auth.UserAccounts;
import org.linli.cloud.ingest.CommissioningReports;
import org.linli.cloud.ingest.Intake;
import org.linli.cloud.ingest.LatestReadings;
import org.linli.config.Site;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The dashboard pages. {@code /} sends each user to the first page their role has. Devices are rendered
 * here, the spaces' map and space pages in {@link SpacePagesController}; the alert feed, the ticket board, a
 * ticket and the KPIs are frames ({@link TicketPages}) that {@code /assets/tickets.js} fills from the tickets'
 * APIs and the live stream; the canteen page ({@link CanteenPages}) by {@code /assets/canteen.js} from the
 * canteen API. A page that only shows a JSON API as it is goes into {@link #API_PAGES}.
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PagesController {
    /** The pages that show a JSON API as it is (until they get a page of their own): none left. */
    static final Map<Shell.Nav, String> API_PAGES = Map.of();
    private static final String HTML = MediaType.TEXT_HTML + ";charset=utf-8";

    private final Site site;
    private final Access access;
    private final CurrentUser currentUser;
    private final DeviceViews views;
    private final LatestReadings latest;
    private final CommissioningReports reports;
    private final Intake intake;
    private final SessionCookies cookies;
    private final CsrfTokens csrf;
    private final Clock clock;
    private final UserAccounts accounts;

    public PagesController(Site site, CurrentUser currentUser, LatestReadings latest, CommissioningReports reports,
                           Intake intake, SessionCookies cookies, CsrfTokens csrf, Clock clock, UserAccounts accounts) {
        this.accounts = accounts;
        this.site = site;
        this.access = currentUser.access();
        this.currentUser = currentUser;
        this.views = new DeviceViews(site, access);
        this.latest = latest;
        this.reports = reports;
        this.intake = intake;
        this.cookies = cookies;
        this.csrf = csrf;
        this.clock = clock;
    }

    @Get("/")
    public HttpResponse<?> home(StaffUser user) {
        List<Shell.Nav> nav = Shell.Nav.visible(user, access);
        Shell.Nav first = nav.contains(Shell.Nav.DEVICES) ? Shell.Nav.DEVICES : nav.isEmpty() ? null : nav.get(0);
        return first == null ? HttpResponse.ok(Messages.t(Lang.ZH, "forbidden")) : HttpResponse.seeOther(URI.create(first.path()));
    }

    @Get(uri = "/devices", produces = HTML)
    public String devices(StaffUser user, HttpRequest<?> request) {
        currentUser.require(user, Action.VIEW_DEVICES);
        Lang lang = Lang.of(request);
        String body = Pages.devices(lang, views.gateways(user, latest.snapshot(), reports.snapshot(), clock.instant()),
                access.may(user, Action.VIEW_INGEST_STATS) ? intake.stats() : null);
        return page(request, user, lang, Shell.Nav.DEVICES, body);
    }

    /** The live alert feed of the user's grids. */
    @Get(uri = "/alerts", produces = HTML)
    public String alerts(StaffUser user, HttpRequest<?> request) {
        currentUser.require(user, Action.VIEW_TICKETS);
        Lang lang = Lang.of(request);
        return page(request, user, lang, Shell.Nav.ALERTS, TicketPages.alerts(lang, TicketPages.zone(site)));
    }

    /** The ticket board of the user's grids, with the actions of their role. */
    @Get(uri = "/tickets", produces = HTML)
    public String tickets(StaffUser user, HttpRequest<?> request) {
        currentUser.require(user, Action.VIEW_TICKETS);
        Lang lang = Lang.of(request);
        return page(request, user, lang, Shell.Nav.TICKETS, TicketPages.board(lang, TicketPages.zone(site),
                TicketPages.grids(site, user, access), TicketPages.allowedActions(user, access), TicketPages.transitions()));
    }

    /** One ticket: its API answers 403 for another grid's, which the page shows. */
    @Get(uri = "/tickets/{id}", produces = HTML)
    public String ticket(StaffUser user, HttpRequest<?> request, long id) {
        currentUser.require(user, Action.VIEW_TICKETS);
        Lang lang = Lang.of(request);
        return page(request, user, lang, Shell.Nav.TICKETS, TicketPages.ticket(lang, TicketPages.zone(site), id,
                TicketPages.allowedActions(user, access), TicketPages.transitions()));
    }

    /** Today's meals and subsidies per canteen, the anomalies to review, the settlement download ({@link CanteenPages}). */
    @Get(uri = "/canteen", produces = HTML)
    public String canteen(StaffUser user, HttpRequest<?> request) {
        if (!Shell.Nav.CANTEEN.visibleTo(user, access)) {
            throw currentUser.forbidden(user.role() + " has no canteen page");
        }
        Lang lang = Lang.of(request);
        return page(request, user, lang, Shell.Nav.CANTEEN, CanteenPages.canteen(lang, site, user, access,
                java.time.YearMonth.now(clock.withZone(site.zone()))));
    }

    /** KPIs of the user's grids by week (last 8) and by month (last 6), periods in the site's zone. */
    @Get(uri = "/kpis", produces = HTML)
    public String kpis(StaffUser user, HttpRequest<?> request) {
        currentUser.require(user, Action.VIEW_KPIS);
        Lang lang = Lang.of(request);
        return page(request, user, lang, Shell.Nav.KPIS, TicketPages.kpis(lang, TicketPages.zone(site),
                TicketPages.grids(site, user, access)));
    }

    @Get(uri = "/users", produces = HTML)
    public String users(StaffUser user, HttpRequest<?> request) {
        currentUser.require(user, Action.MANAGE_USERS);
        Lang lang = Lang.of(request);
        return page(request, user, lang, Shell.Nav.USERS, Pages.users(lang, accounts.list()));
    }

    /** Switches the page language (a preference cookie, not server state) and goes back to a local page. */
    @Get("/lang/{to}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> lang(String to, @Nullable @QueryValue String back) {
        String target = back != null && back.startsWith("/") && !back.startsWith("//") && !back.contains("\\") ? back : "/";
        Cookie cookie = Cookie.of(Lang.COOKIE, Lang.parse(to) == Lang.EN ? "en" : "zh").path("/").sameSite(SameSite.Lax)
                .maxAge(Duration.ofDays(365));
        return HttpResponse.seeOther(URI.create(target)).cookie(cookie);
    }

    private String apiPage(StaffUser user, HttpRequest<?> request, Shell.Nav nav) {
        if (!nav.visibleTo(user, access)) {
            throw currentUser.forbidden(user.role() + " has no " + nav.path() + " page");
        }
        Lang lang = Lang.of(request);
        return page(request, user, lang, nav, Pages.fromApi(lang, API_PAGES.get(nav)));
    }

    private String page(HttpRequest<?> request, StaffUser user, Lang lang, Shell.Nav nav, String body) {
        String token = cookies.value(request).map(csrf::tokenFor).orElse("");
        return Shell.page(lang, user, access, nav, Messages.t(lang, nav.label()), token, request.getPath(),
                site.name() == null ? site.id() : site.name(), body);
    }
}
