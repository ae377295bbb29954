package org.linli.cloud.rules;

import org.linli.wire.Reading;

import java.time.Instant;
import java.util.List;

/**
 * The readings already stored (InfluxDB in production): a scope taken over or resumed after a restart
 * catches up on what came since its saved state, which a crash would otherwise lose for the rules.
 */
public interface RuleHistory {

    /** No history: nothing to catch up on. */
    RuleHistory NONE = (space, from, to) -> List.of();

    /**
     * The stored readings of the sensors of {@code space} stamped in [{@code from}, {@code to}), oldest
     * first: what the space rules take (per-minute noise readings, occupancy readings).
     *
     * @throws RuntimeException when the store cannot answer; the scope then goes on without
     */
    List<Reading> readings(String space, Instant from, Instant to);
}
