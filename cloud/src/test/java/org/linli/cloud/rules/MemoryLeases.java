package org.linli.cloud.rules;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** The leases in memory, with the compare-and-set semantics of the SQL ones (JdbcRuleLeases); one site. */
final class MemoryLeases implements RuleLeases {
    final Map<String, Lease> leases = new HashMap<>();
    final Map<String, Instant> instances = new HashMap<>();

    @Override
    public void heartbeat(String site, String instance, Instant expiresAt) {
        instances.put(instance, expiresAt);
    }

    @Override
    public void renew(String site, String owner, Instant expiresAt) {
        leases.replaceAll((scope, l) -> owner.equals(l.owner()) ? new Lease(scope, owner, l.epoch(), expiresAt) : l);
    }

    @Override
    public View read(String site, Instant now) {
        Set<String> live = new TreeSet<>();
        instances.forEach((id, until) -> {
            if (until.isAfter(now)) {
                live.add(id);
            }
        });
        return new View(leases, live);
    }

    @Override
    public OptionalLong take(String site, String scope, String owner, Lease seen, Instant expiresAt, Instant now) {
        Lease l = leases.getOrDefault(scope, new Lease(scope, null, 0, Instant.EPOCH));
        long epoch = seen == null ? 0 : seen.epoch();
        if (l.epoch() != epoch || !(l.owner() == null || owner.equals(l.owner()) || !l.expiresAt().isAfter(now))) {
            return OptionalLong.empty();
        }
        leases.put(scope, new Lease(scope, owner, epoch + 1, expiresAt));
        return OptionalLong.of(epoch + 1);
    }

    @Override
    public void release(String site, String scope, String owner, long epoch, Instant now) {
        Lease l = leases.get(scope);
        if (l != null && owner.equals(l.owner()) && l.epoch() == epoch) {
            leases.put(scope, new Lease(scope, null, epoch, now));
        }
    }

    @Override
    public void leave(String site, String instance) {
        instances.remove(instance);
    }

    /** Whether {@code owner} holds {@code scope} at {@code epoch}: the fence of a save. */
    boolean holds(String scope, String owner, long epoch) {
        Lease l = leases.get(scope);
        return l != null && owner.equals(l.owner()) && l.epoch() == epoch;
    }
}
