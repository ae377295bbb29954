package org.linli.cloud.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.CsrfTokens;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.SessionCookies;
import org.linli.cloud.auth.StaffUser;
import org.linli.cloud.spaces.MapSettings;
import org.linli.cloud.spaces.SpaceMaps;
import org.linli.cloud.spaces.SpaceSeries;
import org.linli.config.Site;
import org.linli.config.Space;

/**
 * The spaces pages: {@code /spaces} (map and list of the user's grids) and {@code /spaces/{id}} (one space's
 * day and week charts: 403 for another grid's space, 404 for none).
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SpacePagesController {
    private static final String HTML = MediaType.TEXT_HTML + ";charset=utf-8";

    private final Site site;
    private final CurrentUser currentUser;
    private final SpaceMaps maps;
    private final MapSettings settings;
    private final SpaceSeries series;
    private final SessionCookies cookies;
    private final CsrfTokens csrf;

    public SpacePagesController(Site site, CurrentUser currentUser, SpaceMaps maps, MapSettings settings, SpaceSeries series,
                                SessionCookies cookies, CsrfTokens csrf) {
        this.site = site;
        this.currentUser = currentUser;
        this.maps = maps;
        this.settings = settings;
        this.series = series;
        this.cookies = cookies;
        this.csrf = csrf;
    }

    @Get(uri = "/spaces", produces = HTML)
    public String spaces(StaffUser user, HttpRequest<?> request) {
        currentUser.require(user, Action.VIEW_SPACES);
        Lang lang = Lang.of(request);
        return page(request, user, lang, Messages.t(lang, Shell.Nav.SPACES.label()),
                SpacePages.map(lang, maps.view(user), Math.max(1, settings.maxPlanBytes() / (1024 * 1024))));
    }

    @Get(uri = "/spaces/{id}", produces = HTML)
    public String space(StaffUser user, HttpRequest<?> request, String id) {
        currentUser.requireSpace(user, id, site.space(id).isPresent());
        Space space = site.space(id).orElseThrow();
        Lang lang = Lang.of(request);
        return page(request, user, lang, space.name(), SpacePages.space(lang, site, space, series.limits(space).settings()));
    }

    private String page(HttpRequest<?> request, StaffUser user, Lang lang, String title, String body) {
        String token = cookies.value(request).map(csrf::tokenFor).orElse("");
        return Shell.page(lang, user, currentUser.access(), Shell.Nav.SPACES, title, token, request.getPath(),
                site.name() == null ? site.id() : site.name(), body);
    }
}
