package org.linli.cloud.app;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.StaffUser;
import org.linli.cloud.ingest.IngestListener;
import org.linli.cloud.ingest.RulesFeed;
import org.linli.cloud.rules.RuleLeases;
import org.linli.cloud.rules.RuleRunner;
import org.linli.config.Site;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/rules/owners} (admins): which cloud instance runs the rules of which scope. Every
 * instance answers the same leases (from the shared database) and its own share.
 */
@Controller("/api/rules")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class RuleOwnersController {
    private final IngestListener rules;
    private final RuleLeases leases;
    private final Site site;
    private final Clock clock;
    private final CurrentUser currentUser;
    private final RulesFeed feed;

    public RuleOwnersController(IngestListener rules, RuleLeases leases, Site site, Clock clock, CurrentUser currentUser,
                                @Nullable RulesFeed feed) {
        this.rules = rules;
        this.leases = leases;
        this.site = site;
        this.clock = clock;
        this.currentUser = currentUser;
        this.feed = feed;
    }

    /**
     * @param instance this instance's id, null when it runs alone (no shared subscription)
     * @param owned    the scopes this instance runs
     * @param feedUp   whether the rules' own subscription is up (always true when alone)
     * @param live     the live instances
     * @param leases   every lease of the site
     */
    @Serdeable
    record Owners(@Nullable String instance, List<String> owned, boolean feedUp, List<String> live, List<LeaseView> leases) {
    }

    /** One lease: {@code expiresAt} ISO-8601. */
    @Serdeable
    record LeaseView(String scope, @Nullable String owner, long epoch, String expiresAt, boolean live) {
    }

    @Get(uri = "/owners", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Owners owners(StaffUser user) {
        currentUser.require(user, Action.VIEW_INGEST_STATS);
        Instant now = clock.instant();
        RuleLeases.View view = leases.read(site.id(), now);
        List<LeaseView> all = view.leases().values().stream()
                .sorted(Comparator.comparing(l -> l.scope()))
                .map(l -> new LeaseView(l.scope(), l.owner(), l.epoch(), l.expiresAt().toString(), !l.freeAt(now)))
                .toList();
        Set<String> owned = rules instanceof RuleRunner r ? r.owned() : Set.of();
        String instance = rules instanceof RuleRunner r ? r.instance().orElse(null) : null;
        return new Owners(instance, List.copyOf(new TreeSet<>(owned)), feed == null || feed.isUp(),
                List.copyOf(new TreeSet<>(view.live())), all);
    }
}
