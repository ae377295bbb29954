package org.linli.cloud.canteen;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.linli.cloud.audit.AuditEntry;
import org.linli.cloud.audit.AuditRepository;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.StaffUser;
import org.linli.config.Site;

import java.time.Clock;

/** {@code GET /canteen/settlements/{canteen}/{yyyy-MM}}: the printable settlement page; audited. */
@Controller("/canteen")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
public class SettlementPageController {
    private final CanteenController api;
    private final AuditRepository audit;
    private final Site site;
    private final Clock clock;
    private final CurrentUser currentUser;

    public SettlementPageController(CanteenController api, AuditRepository audit, Site site, Clock clock,
                                    CurrentUser currentUser) {
        this.currentUser = currentUser;
        this.api = api;
        this.audit = audit;
        this.site = site;
        this.clock = clock;
    }

    @Get(uri = "/settlements/{canteen}/{month}", produces = {"text/html;charset=utf-8", "application/json"})
    HttpResponse<?> page(StaffUser user, @PathVariable String canteen, @PathVariable String month) {
        CanteenController.SettlementAccess access = CanteenController.SettlementAccess.check(user, currentUser, site,
                canteen, month);
        if (access.error() != null) {
            return access.error();
        }
        Settlement s = api.settlement(access.canteen(), access.month());
        audit.save(AuditEntry.of(clock.instant(), access.actor(), "settlement.export", canteen,
                s.month() + " page: " + s.total().meals() + " meals, subsidy " + Settlement.yuan(s.total().subsidyFen())
                        + " yuan, " + s.pending().size() + " pending"));
        return HttpResponse.ok(SettlementRender.html(s)).contentType("text/html;charset=utf-8");
    }
}
