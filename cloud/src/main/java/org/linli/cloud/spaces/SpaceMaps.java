package org.linli.cloud.spaces;

import jakarta.inject.Singleton;
import org.linli.cloud.auth.Access;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.StaffUser;
import org.linli.cloud.ingest.LatestReadings;
import org.linli.cloud.web.DeviceViews;
import org.linli.config.Site;

import java.time.Clock;
import java.time.Instant;

/** The map of one user: the plan, the tiles and the spaces of their grids (only those) with status and place. */
@Singleton
public class SpaceMaps {
    private final Site site;
    private final Access access;
    private final DeviceViews views;
    private final LatestReadings latest;
    private final SitePlans plans;
    private final SpaceSeries series;
    private final MapSettings settings;
    private final Clock clock;

    public SpaceMaps(Site site, CurrentUser currentUser, LatestReadings latest, SitePlans plans, SpaceSeries series,
                     MapSettings settings, Clock clock) {
        this.site = site;
        this.access = currentUser.access();
        this.views = new DeviceViews(site, access);
        this.latest = latest;
        this.plans = plans;
        this.series = series;
        this.settings = settings;
        this.clock = clock;
    }

    /** What {@code user} sees now (the caller checked {@link Action#VIEW_SPACES}). */
    public MapView view(StaffUser user) {
        Instant now = clock.instant();
        var rows = views.spaces(access.visibleGrids(user), latest.snapshot(), now);
        var spaces = MapView.spaces(rows, id -> site.space(id).map(s -> series.limits(s).at(now)).orElse(0.0),
                plans.positions(), now);
        return new MapView(plans.current().map(MapView.Plan::of).orElse(null), settings.tiles(),
                settings.tileAttribution() == null ? "" : settings.tileAttribution(), access.may(user, Action.EDIT_SITE_PLAN),
                spaces);
    }
}
