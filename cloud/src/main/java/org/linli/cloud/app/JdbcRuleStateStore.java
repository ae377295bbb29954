package org.linli.cloud.app;

import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.SerdeImport;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.linli.cloud.rules.DeadmanSnapshot;
import org.linli.cloud.rules.EncroachmentSnapshot;
import org.linli.cloud.rules.NoiseSnapshot;
import org.linli.cloud.rules.RuleState;
import org.linli.cloud.rules.RuleStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the rules' state in the SQL database, one row per rule instance with its snapshot as JSON.
 * A row that cannot be read any more (a snapshot record changed shape) is skipped with a warning: that
 * rule starts fresh.
 */
@Singleton
@SerdeImport(NoiseSnapshot.class)
@SerdeImport(NoiseSnapshot.Level.class)
@SerdeImport(NoiseSnapshot.Run.class)
@SerdeImport(EncroachmentSnapshot.class)
@SerdeImport(EncroachmentSnapshot.SensorState.class)
@SerdeImport(DeadmanSnapshot.class)
@SerdeImport(DeadmanSnapshot.SensorLiveness.class)
@SerdeImport(DeadmanSnapshot.GatewayLiveness.class)
public class JdbcRuleStateStore implements RuleStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRuleStateStore.class);

    private final RuleStateRepository rows;
    private final RuleLeaseRepository leases;
    private final JsonMapper json;
    private final Clock clock;

    public JdbcRuleStateStore(RuleStateRepository rows, RuleLeaseRepository leases, JsonMapper json, Clock clock) {
        this.rows = rows;
        this.leases = leases;
        this.json = json;
        this.clock = clock;
    }

    @Override
    @Transactional
    public RuleState load(String site) {
        Map<String, NoiseSnapshot> noise = new HashMap<>();
        Map<String, EncroachmentSnapshot> encroachment = new HashMap<>();
        DeadmanSnapshot deadman = null;
        for (RuleStateRow row : rows.findBySite(site)) {
            try {
                switch (row.rule()) {
                    case "noise" -> noise.put(row.scope(), json.readValue(row.snapshot(), NoiseSnapshot.class));
                    case "encroachment" -> encroachment.put(row.scope(), json.readValue(row.snapshot(), EncroachmentSnapshot.class));
                    case "deadman" -> deadman = json.readValue(row.snapshot(), DeadmanSnapshot.class);
                    default -> LOG.warn("rule_state {}: unknown rule {}, skipped", row.id(), row.rule());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("rule_state {}: cannot read the saved state ({}); that rule starts fresh", row.id(), e.toString());
            }
        }
        return new RuleState(noise, encroachment, deadman);
    }

    @Override
    @Transactional
    public void save(String site, RuleState changed) {
        Instant now = clock.instant();
        changed.noise().forEach((space, s) -> put(site, "noise", space, s, now));
        changed.encroachment().forEach((space, s) -> put(site, "encroachment", space, s, now));
        if (changed.deadman() != null) {
            put(site, "deadman", site, changed.deadman(), now);
        }
    }

    @Override
    @Transactional
    public boolean saveFenced(String site, String scope, RuleState state, String owner, long epoch) {
        // Locks the lease row until the commit: a take by another instance waits for this save, then loads it.
        if (leases.fence(JdbcRuleLeases.id(site, scope), owner, epoch) != 1) {
            return false;
        }
        save(site, state);
        return true;
    }

    private void put(String site, String rule, String scope, Object snapshot, Instant now) {
        String text;
        try {
            text = json.writeValueAsString(snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RuleStateRow row = new RuleStateRow(site + "/" + rule + "/" + scope, site, rule, scope, text, now);
        if (rows.existsById(row.id())) {
            rows.update(row);
        } else {
            rows.save(row);
        }
    }
}
