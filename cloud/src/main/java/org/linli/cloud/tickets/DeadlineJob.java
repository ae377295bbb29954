package org.linli.cloud.tickets;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Every {@code linli.tickets.check-every} (30 s): escalates tickets whose accept or resolve deadline
 * passed, records overdue callbacks and ends expired re-check watches with "quiet". Safe with several
 * cloud instances: each ticket is re-checked under its row lock, so a deadline escalates once.
 */
@Singleton
public class DeadlineJob {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineJob.class);

    private final TicketService service;
    private final Clock clock;

    public DeadlineJob(TicketService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${linli.tickets.check-every:30s}", initialDelay = "${linli.tickets.check-every:30s}")
    void scheduled() {
        try {
            run();
        } catch (RuntimeException e) {
            // The database may be away for a moment; the next run catches up.
            LOG.warn("deadline check failed, retrying in the next period: {}", e.toString());
        }
    }

    /** One run at the clock's now; returns how many tickets changed. */
    public int run() {
        return runAt(clock.instant());
    }

    /** One run as if it were {@code now}. */
    public int runAt(Instant now) {
        return service.runDeadlines(now);
    }
}
