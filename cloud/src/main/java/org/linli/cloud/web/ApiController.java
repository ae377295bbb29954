package org.linli.cloud.web;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import org.linli.cloud.ingest.CommissioningReports;
import org.linli.cloud.ingest.Intake;
import org.linli.cloud.ingest.LatestReadings;
import org.linli.config.Site;

import java.util.List;

/** The JSON API behind the dashboard. */
@Controller("/api")
public class ApiController {
    private final Intake intake;
    private final LatestReadings latest;
    private final Site site;
    private final CommissioningReports reports;

    public ApiController(Intake intake, LatestReadings latest, Site site, CommissioningReports reports) {
        this.intake = intake;
        this.latest = latest;
        this.site = site;
        this.reports = reports;
    }

    /** The latest commissioning report of each gateway, by gateway id. */
    @Get(uri = "/devices/commissioning", produces = MediaType.APPLICATION_JSON)
    List<ApiViews.Commissioning> commissioning() {
        return reports.snapshot().stream().map(r -> ApiViews.Commissioning.of(r, site)).toList();
    }

    /** Ingest counters: accepted, duplicates, gaps, refusals by reason code, with samples. */
    @Get(uri = "/ingest/stats", produces = MediaType.APPLICATION_JSON)
    ApiViews.Stats stats() {
        return ApiViews.Stats.of(intake.stats());
    }

    /** The latest reading of each sensor. */
    @Get(uri = "/readings/latest", produces = MediaType.APPLICATION_JSON)
    List<ApiViews.Latest> latest() {
        return latest.snapshot().stream().map(p -> ApiViews.Latest.of(p, site)).toList();
    }
}
