package org.linli.cloud.web;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import org.linli.cloud.ingest.CommissioningReports;
import org.linli.cloud.ingest.Intake;
import org.linli.cloud.ingest.LatestReadings;
import org.linli.config.Site;

import java.time.Clock;

/** {@code GET /}: the latest readings page. */
@Controller
public class DashboardController {
    private final DashboardPage page;
    private final LatestReadings latest;
    private final Intake intake;
    private final Clock clock;
    private final CommissioningReports reports;

    public DashboardController(Site site, LatestReadings latest, Intake intake, Clock clock, CommissioningReports reports) {
        this.reports = reports;
        this.page = new DashboardPage(site);
        this.latest = latest;
        this.intake = intake;
        this.clock = clock;
    }

    @Get(uri = "/", produces = "text/html;charset=utf-8")
    public String index() {
        return page.render(latest.snapshot(), intake.stats(), reports.snapshot(), clock.instant());
    }
}
