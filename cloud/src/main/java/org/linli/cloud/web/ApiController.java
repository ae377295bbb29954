package org.linli.cloud.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.linli.cloud.auth.Access;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.StaffUser;
import org.linli.cloud.ingest.CommissioningReports;
import org.linli.cloud.ingest.Intake;
import org.linli.cloud.ingest.LatestReadings;
import org.linli.config.Site;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The JSON API behind the dashboard. Every answer holds only what the logged-in user may see: the grids
 * of their role ({@link Access}); {@code ?grid=} narrows to one of them (400 unknown, 403 not theirs).
 */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ApiController {
    private final Intake intake;
    private final LatestReadings latest;
    private final Site site;
    private final CommissioningReports reports;
    private final CurrentUser currentUser;
    private final DeviceViews views;
    private final Clock clock;

    public ApiController(Intake intake, LatestReadings latest, Site site, CommissioningReports reports,
                         CurrentUser currentUser, Clock clock) {
        this.intake = intake;
        this.latest = latest;
        this.site = site;
        this.reports = reports;
        this.currentUser = currentUser;
        this.views = new DeviceViews(site, currentUser.access());
        this.clock = clock;
    }

    /** The latest commissioning report of each gateway the user may see, by gateway id. */
    @Get(uri = "/devices/commissioning", produces = MediaType.APPLICATION_JSON)
    List<ApiViews.Commissioning> commissioning(StaffUser user) {
        currentUser.require(user, Action.VIEW_DEVICES);
        return reports.snapshot().stream().filter(r -> views.canSeeGateway(user, r.report().gateway()))
                .map(r -> ApiViews.Commissioning.of(r, site)).toList();
    }

    /** Gateways with their sensors, status and last seen. */
    @Get(uri = "/devices{?grid}", produces = MediaType.APPLICATION_JSON)
    List<DeviceViews.GatewayRow> devices(StaffUser user, @Nullable @QueryValue String grid) {
        Set<String> grids = currentUser.gridFilter(user, Action.VIEW_DEVICES, grid);
        return views.gateways(user, latest.snapshot(), reports.snapshot(), clock.instant()).stream()
                .map(g -> new DeviceViews.GatewayRow(g.gateway(), g.name(), g.status(), g.lastSeen(), g.lastSeenLocal(),
                        g.version(), g.commissioningPassed(), g.commissioningFailed(),
                        g.sensors().stream().filter(s -> grids.contains(s.grid())).toList()))
                .filter(g -> !g.sensors().isEmpty()).toList();
    }

    /** Ingest counters: accepted, duplicates, gaps, refusals by reason code, with samples. Admins only. */
    @Get(uri = "/ingest/stats", produces = MediaType.APPLICATION_JSON)
    ApiViews.Stats stats(StaffUser user) {
        currentUser.require(user, Action.VIEW_INGEST_STATS);
        return ApiViews.Stats.of(intake.stats());
    }

    /** The latest reading of each sensor in the user's grids (or in {@code ?grid=}). */
    @Get(uri = "/readings/latest{?grid}", produces = MediaType.APPLICATION_JSON)
    List<ApiViews.Latest> latest(StaffUser user, @Nullable @QueryValue String grid) {
        Set<String> grids = currentUser.gridFilter(user, Action.VIEW_DEVICES, grid);
        return latest.snapshot().stream().filter(p -> grids.contains(p.grid())).map(p -> ApiViews.Latest.of(p, site)).toList();
    }

    /**
     * The spaces of the user's grids (or of {@code ?grid=}) with current noise and occupancy. ({@code /live}:
     * the tickets' {@code GET /api/spaces} lists every space's holders and limits.)
     */
    @Get(uri = "/spaces/live{?grid}", produces = MediaType.APPLICATION_JSON)
    List<DeviceViews.SpaceRow> spaces(StaffUser user, @Nullable @QueryValue String grid) {
        Set<String> grids = currentUser.gridFilter(user, Action.VIEW_SPACES, grid);
        return views.spaces(grids, latest.snapshot(), clock.instant());
    }

    /** One space: 404 when the site has none by that id, 403 when it is not in the user's grids. */
    @Get(uri = "/spaces/{id}", produces = MediaType.APPLICATION_JSON)
    DeviceViews.SpaceRow space(StaffUser user, String id) {
        currentUser.requireSpace(user, id, site.space(id).isPresent());
        String grid = site.space(id).orElseThrow().grid();
        return views.spaces(Set.of(grid), latest.snapshot(), clock.instant()).stream()
                .filter(s -> s.space().equals(id)).findFirst().orElseThrow();
    }
}
