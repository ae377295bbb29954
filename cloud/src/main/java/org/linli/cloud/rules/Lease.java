package org.linli.cloud.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * One rule scope's lease as the database holds it: which cloud instance runs the scope's rules, until
 * when, and the epoch, a fencing token raised at every change of owner.
 *
 * @param scope     a scope of {@link RuleEngine#scopes()}
 * @param owner     the owning instance, null when released
 * @param epoch     raised by one at every take; a save or release with an older epoch is refused
 * @param expiresAt the owner must renew it before then, or another instance may take it
 */
public record Lease(String scope, String owner, long epoch, Instant expiresAt) {

    public Lease {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether no live owner holds it at {@code now}: released, or not renewed in time. */
    public boolean freeAt(Instant now) {
        return owner == null || !expiresAt.isAfter(now);
    }
}
