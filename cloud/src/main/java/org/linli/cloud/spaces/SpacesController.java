package org.linli.cloud.spaces;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.StaffUser;
import org.linli.cloud.auth.WebCounters;
import org.linli.cloud.ingest.LogThrottle;
import org.linli.config.Site;
import org.linli.config.Space;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The spaces' map and charts:
 * <ul>
 *   <li>{@code GET /api/spaces/map}: plan, tiles and the user's spaces with status and place;</li>
 *   <li>{@code GET /api/spaces/{id}/series?range=day|week}: noise, occupancy and the limit line (403 for
 *       another grid's space, 404 for none, 400 for another range);</li>
 *   <li>{@code PUT /api/site-plan} (admin): a new plan, the image as the body; its content must be a PNG or
 *       JPEG (415 otherwise, counted as {@code plan-not-image}), at most {@code linli.map.max-plan-bytes}
 *       (413);</li>
 *   <li>{@code PUT /api/spaces/{id}/position}, {@code DELETE} (admin): place a space, take it off.</li>
 * </ul>
 */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SpacesController {
    private static final Logger LOG = LoggerFactory.getLogger(SpacesController.class);

    private final Site site;
    private final CurrentUser currentUser;
    private final SpaceMaps maps;
    private final SitePlans plans;
    private final SpaceSeries series;
    private final MapSettings settings;
    private final WebCounters counters;
    private final LogThrottle logThrottle;

    public SpacesController(Site site, CurrentUser currentUser, SpaceMaps maps, SitePlans plans, SpaceSeries series,
                            MapSettings settings, WebCounters counters, Clock clock) {
        this.site = site;
        this.currentUser = currentUser;
        this.maps = maps;
        this.plans = plans;
        this.series = series;
        this.settings = settings;
        this.counters = counters;
        this.logThrottle = new LogThrottle(clock, Duration.ofMinutes(1));
    }

    /** The body of {@code PUT /api/spaces/{id}/position}: a pair may be left out (null). */
    @Serdeable
    public record Position(@Nullable Double x, @Nullable Double y, @Nullable Double lat, @Nullable Double lon) {
    }

    @Get(uri = "/spaces/map", produces = MediaType.APPLICATION_JSON)
    public MapView map(StaffUser user) {
        currentUser.require(user, Action.VIEW_SPACES);
        return maps.view(user);
    }

    @Get(uri = "/spaces/{id}/series{?range}", produces = MediaType.APPLICATION_JSON)
    public SeriesView series(StaffUser user, String id, @Nullable @QueryValue String range) {
        currentUser.requireSpace(user, id, site.space(id).isPresent());
        SeriesRange r = SeriesRange.parse(range).orElseThrow(() -> {
            counters.refused("bad-range");
            return new HttpStatusException(HttpStatus.BAD_REQUEST, "range must be day or week");
        });
        return series.series(site.space(id).orElseThrow(), r);
    }

    @Put(uri = "/site-plan", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> upload(StaffUser user, @Body byte[] body) {
        currentUser.require(user, Action.EDIT_SITE_PLAN);
        PlanImage image;
        try {
            image = PlanImage.of(body, settings.maxPlanBytes());
        } catch (PlanImage.Refused e) {
            counters.refused(e.code());
            logThrottle.acquire(e.code()).ifPresent(held -> LOG.warn("site plan from {} refused: {} ({} more held back)",
                    user.username(), e.getMessage(), held));
            HttpStatus status = switch (e.code()) {
                case "plan-not-image" -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
                case "plan-oversize" -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
                default -> HttpStatus.UNPROCESSABLE_ENTITY;
            };
            return HttpResponse.status(status).body(Map.of("error", e.getMessage(), "code", e.code()));
        }
        return HttpResponse.ok(MapView.Plan.of(plans.upload(body, image, user.username())));
    }

    @Put(uri = "/spaces/{id}/position", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> place(StaffUser user, String id, @Body Position p) {
        Space space = editable(user, id);
        boolean plan = p.x() != null || p.y() != null;
        boolean geo = p.lat() != null || p.lon() != null;
        String bad = null;
        if (!plan && !geo) {
            bad = "give x and y (fractions of the plan) or lat and lon";
        } else if (plan && (p.x() == null || p.y() == null || !within(p.x(), 0, 1) || !within(p.y(), 0, 1))) {
            bad = "x and y must both be between 0 and 1";
        } else if (geo && (p.lat() == null || p.lon() == null || !within(p.lat(), -90, 90) || !within(p.lon(), -180, 180))) {
            bad = "lat must be between -90 and 90 and lon between -180 and 180";
        }
        if (bad != null) {
            counters.refused("bad-position");
            return HttpResponse.badRequest(Map.of("error", bad));
        }
        SpacePositionRow row = plans.place(space.id(), p.x(), p.y(), p.lat(), p.lon(), user.username());
        return HttpResponse.ok(Map.of("space", row.space(), "updatedAt", row.updatedAt().toString()));
    }

    @Delete(uri = "/spaces/{id}/position")
    public HttpResponse<?> unplace(StaffUser user, String id) {
        Space space = editable(user, id);
        return plans.unplace(space.id(), user.username()) ? HttpResponse.noContent()
                : HttpResponse.notFound(Map.of("error", "not placed"));
    }

    private Space editable(StaffUser user, String id) {
        currentUser.require(user, Action.EDIT_SITE_PLAN);
        return site.space(id).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "no such space"));
    }

    private static boolean within(double v, double min, double max) {
        return Double.isFinite(v) && v >= min && v <= max;
    }
}
