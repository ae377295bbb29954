package org.linli.cloud.canteen;

import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import org.linli.config.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;

/**
 * Enforces retention: decisions that settled nothing (refused, cancelled, unsubsidised) are deleted
 * after {@code linli.canteen.retention-decisions}, every meal record after
 * {@code linli.canteen.retention-meals}; records with an open anomaly wait for their review. Runs
 * shortly after start and then every {@code linli.canteen.retention-interval}.
 */
@Context
public class RetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final MealLedger ledger;
    private final CanteenSettings settings;
    private final Site site;
    private final Clock clock;

    public RetentionJob(MealLedger ledger, CanteenSettings settings, Site site, Clock clock) {
        this.ledger = ledger;
        this.settings = settings;
        this.site = site;
        this.clock = clock;
    }

    @Scheduled(initialDelay = "1m", fixedDelay = "${linli.canteen.retention-interval:6h}")
    void run() {
        try {
            MealLedger.Purged purged = purge();
            if (purged.decisions() + purged.meals() > 0) {
                LOG.info("canteen retention: deleted {} decision records and {} meal records", purged.decisions(), purged.meals());
            }
        } catch (RuntimeException e) {
            LOG.warn("canteen retention: cannot purge old records, trying again at the next run: {}", e.toString());
        }
    }

    /** One run; returns what it deleted. */
    public MealLedger.Purged purge() {
        LocalDate today = LocalDate.now(clock.withZone(site.zone()));
        return ledger.purge(today.minusDays(settings.retentionDecisions().toDays()),
                today.minusDays(settings.retentionMeals().toDays()));
    }
}
