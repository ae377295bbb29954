package org.linli.cloud.spaces;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.linli.cloud.auth.StaffUser;

/**
 * {@code GET /site-plan/image}: the site plan for the map, to logged-in users only (404 before one is
 * uploaded). Served with its sniffed type; {@code nosniff} (web guard) keeps browsers from guessing another.
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SitePlanImageController {
    private final SitePlans plans;

    public SitePlanImageController(SitePlans plans) {
        this.plans = plans;
    }

    @Get(uri = "/site-plan/image")
    public HttpResponse<?> image(StaffUser user) {
        var row = plans.current();
        var bytes = plans.image();
        if (row.isEmpty() || bytes.isEmpty()) {
            return HttpResponse.notFound("no site plan uploaded");
        }
        return HttpResponse.ok(bytes.get()).contentType(MediaType.of(row.get().contentType()))
                .header("Cache-Control", "private, max-age=86400").header("ETag", "\"" + row.get().sha256() + "\"");
    }
}
