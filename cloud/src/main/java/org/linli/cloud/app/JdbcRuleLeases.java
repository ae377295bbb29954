package org.linli.cloud.app;

import jakarta.inject.Singleton;
import org.linli.cloud.rules.Lease;
import org.linli.cloud.rules.RuleLeases;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The rule leases and instance heartbeats in the SQL database that every cloud instance shares. Each
 * call is its own transaction; a take or release is one conditional UPDATE (compare-and-set on the
 * epoch), so two instances never both succeed.
 */
@Singleton
public class JdbcRuleLeases implements RuleLeases {
    private final RuleLeaseRepository leases;
    private final RuleInstanceRepository instances;

    public JdbcRuleLeases(RuleLeaseRepository leases, RuleInstanceRepository instances) {
        this.leases = leases;
        this.instances = instances;
    }

    static String id(String site, String key) {
        return site + "/" + key;
    }

    @Override
    public void heartbeat(String site, String instance, Instant expiresAt) {
        String id = id(site, instance);
        if (instances.touch(id, expiresAt) == 0) {
            try {
                instances.save(new RuleInstanceRow(id, site, instance, expiresAt));
            } catch (RuntimeException e) {
                instances.touch(id, expiresAt); // inserted meanwhile (a second start under the same id)
            }
        }
    }

    @Override
    public void renew(String site, String owner, Instant expiresAt) {
        leases.renew(site, owner, expiresAt);
    }

    @Override
    public View read(String site, Instant now) {
        Map<String, Lease> all = new HashMap<>();
        for (RuleLeaseRow r : leases.findBySite(site)) {
            all.put(r.scope(), new Lease(r.scope(), r.owner(), r.epoch(), r.expiresAt()));
        }
        Set<String> live = new HashSet<>();
        instances.findBySiteAndExpiresAtGreaterThan(site, now).forEach(r -> live.add(r.instance()));
        return new View(all, live);
    }

    @Override
    public OptionalLong take(String site, String scope, String owner, Lease seen, Instant expiresAt, Instant now) {
        String id = id(site, scope);
        long epoch = seen == null ? 0 : seen.epoch();
        if (seen == null && !leases.existsById(id)) {
            try {
                leases.save(new RuleLeaseRow(id, site, scope, null, 0, Instant.EPOCH));
            } catch (RuntimeException e) {
                // Another instance created it first: the compare-and-set below decides.
            }
        }
        return leases.take(id, owner, epoch, expiresAt, now) == 1 ? OptionalLong.of(epoch + 1) : OptionalLong.empty();
    }

    @Override
    public void release(String site, String scope, String owner, long epoch, Instant now) {
        leases.release(id(site, scope), owner, epoch, now);
    }

    @Override
    public void leave(String site, String instance) {
        instances.deleteById(id(site, instance));
    }
}
