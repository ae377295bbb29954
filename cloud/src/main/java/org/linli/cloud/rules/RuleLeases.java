package org.linli.cloud.rules;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where the cloud instances keep their leases on the rule scopes and their heartbeats (the SQL database
 * in production, shared by every instance). Every change is a compare-and-set: two instances never both
 * take a lease.
 */
public interface RuleLeases {

    /**
     * The leases and the live instances.
     *
     * @param leases every lease of the site by scope (a scope never leased is absent)
     * @param live   the instances whose heartbeat had not expired
     */
    record View(Map<String, Lease> leases, Set<String> live) {
        public View {
            leases = Map.copyOf(leases);
            live = Set.copyOf(live);
        }
    }

    /** Says that {@code instance} lives until {@code expiresAt}. */
    void heartbeat(String site, String instance, Instant expiresAt);

    /** Extends every lease {@code owner} holds to {@code expiresAt}. */
    void renew(String site, String owner, Instant expiresAt);

    /** The leases and the instances live at {@code now}. */
    View read(String site, Instant now);

    /**
     * Takes the lease of {@code scope} for {@code owner} if it is still as {@code seen} (null: never
     * leased) and free at {@code now} (or already {@code owner}'s, from before a restart).
     *
     * @return the new epoch, empty when another instance was faster
     */
    OptionalLong take(String site, String scope, String owner, Lease seen, Instant expiresAt, Instant now);

    /** Gives the lease of {@code scope} up, if {@code owner} still holds it with {@code epoch}. */
    void release(String site, String scope, String owner, long epoch, Instant now);

    /** {@code instance} stops: its heartbeat goes. */
    void leave(String site, String instance);
}
