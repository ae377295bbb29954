package org.linli.cloud.rules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * This cloud instance's share of the rule scopes, by leases in the database that every instance shares
 * ({@link RuleLeases}): every {@code renewEvery} a round says this instance lives, extends its leases,
 * reads all of them and follows the {@link LeasePlanner}: takes free scopes up to its fair share, gives up
 * what is above it, and learns which it lost.
 *
 * <p>Leases last {@code ttl}. This instance counts its scopes as its own only until {@code ttl - renewEvery}
 * after the start of its last successful round ({@link #valid}): a process paused or cut off from the
 * database stops running them before another instance may take them over, as long as the instances' clocks
 * agree within {@code renewEvery}. The epoch of each lease is the fencing token of the state saves.
 *
 * <p>Not thread-safe: the rules' thread calls it.
 */
public final class RuleOwnership {
    private static final Logger LOG = LoggerFactory.getLogger(RuleOwnership.class);

    private final String site;
    private final String me;
    private final RuleLeases leases;
    private final Clock clock;
    private final Duration ttl;
    private final Duration renewEvery;
    private final Map<String, Long> held = new TreeMap<>();
    private Instant validUntil = Instant.MIN;
    private Instant lastRound = Instant.MIN;

    /**
     * What a round changed.
     *
     * @param taken   scopes taken now, with their epoch: restore their state
     * @param lost    scopes another instance has now: drop their state unsaved
     * @param release scopes to give up for balance: save, then {@link #release}
     */
    public record Round(Map<String, Long> taken, Set<String> lost, List<String> release) {
        public Round {
            taken = Map.copyOf(taken);
            lost = Set.copyOf(lost);
            release = List.copyOf(release);
        }
    }

    public RuleOwnership(String site, String instance, RuleLeases leases, Clock clock, Duration ttl, Duration renewEvery) {
        if (renewEvery.multipliedBy(2).compareTo(ttl) > 0) {
            throw new IllegalArgumentException("the lease time " + ttl + " must be at least twice the renewal interval " + renewEvery);
        }
        this.site = site;
        this.me = instance;
        this.leases = leases;
        this.clock = clock;
        this.ttl = ttl;
        this.renewEvery = renewEvery;
    }

    /** This instance's id. */
    public String instance() {
        return me;
    }

    /** Whether a round is due at {@code now}. */
    public boolean due(Instant now) {
        return !now.isBefore(lastRound.plus(renewEvery));
    }

    /**
     * One round: heartbeat, renew, read, plan, take.
     *
     * @param scopes every scope of the site
     * @throws RuntimeException when the database fails; then check {@link #valid}
     */
    public Round round(Set<String> scopes) {
        Instant now = clock.instant();
        lastRound = now;
        Instant expires = now.plus(ttl);
        leases.heartbeat(site, me, expires);
        leases.renew(site, me, expires);
        RuleLeases.View view = leases.read(site, now);
        LeasePlanner.Plan plan = LeasePlanner.plan(me, scopes, view, held, now);
        validUntil = now.plus(ttl).minus(renewEvery);
        Set<String> lost = new TreeSet<>(plan.lost());
        lost.forEach(held::remove);
        Map<String, Long> taken = new TreeMap<>();
        plan.take().forEach((scope, seen) -> {
            OptionalLong epoch = leases.take(site, scope, me, seen, expires, now);
            if (epoch.isPresent()) {
                held.put(scope, epoch.getAsLong());
                taken.put(scope, epoch.getAsLong());
            }
        });
        if (!taken.isEmpty() || !lost.isEmpty() || !plan.release().isEmpty()) {
            LOG.info("rule scopes of {}: took {}, lost {}, giving up {}; runs {} of {} with {} live instances",
                    me, taken.keySet(), lost, plan.release(), held.size() - plan.release().size(), scopes.size(),
                    view.live().size() + (view.live().contains(me) ? 0 : 1));
        }
        return new Round(taken, lost, plan.release());
    }

    /** Whether this instance may still run its scopes at {@code now} (see the class comment). */
    public boolean valid(Instant now) {
        return now.isBefore(validUntil);
    }

    /** Forgets every scope (their leases ran out here): returns them. */
    public Set<String> dropAll() {
        Set<String> all = new TreeSet<>(held.keySet());
        held.clear();
        validUntil = Instant.MIN;
        return all;
    }

    /** The scopes held, with their epoch. */
    public Map<String, Long> held() {
        return Map.copyOf(held);
    }

    /** The epoch {@code scope} is held at, or null when it is not held. */
    public Long epoch(String scope) {
        return held.get(scope);
    }

    /** Forgets {@code scope} without releasing it (a save found it fenced off). */
    public void forget(String scope) {
        held.remove(scope);
    }

    /** Gives {@code scope} up (its state saved). */
    public void release(String scope) {
        Long epoch = held.remove(scope);
        if (epoch != null) {
            leases.release(site, scope, me, epoch, clock.instant());
        }
    }

    /** Gives every scope up and says this instance is gone (graceful stop; the state saved before). */
    public void leave() {
        for (String scope : Set.copyOf(held.keySet())) {
            release(scope);
        }
        leases.leave(site, me);
    }
}
