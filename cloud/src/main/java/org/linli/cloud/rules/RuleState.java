package org.linli.cloud.rules;

import java.util.Map;

/**
 * The state of a {@link RuleEngine}'s rules, or of the part of them that changed: what is saved, and
 * what a restarted cloud resumes from.
 *
 * @param noise        noise rule per space id
 * @param encroachment encroachment rule per space id
 * @param deadman      the site's deadman rule, null when not part of it
 */
public record RuleState(Map<String, NoiseSnapshot> noise, Map<String, EncroachmentSnapshot> encroachment,
                        DeadmanSnapshot deadman) {

    public RuleState {
        noise = Map.copyOf(noise);
        encroachment = Map.copyOf(encroachment);
    }

    /** No state at all: every rule starts fresh. */
    public static RuleState empty() {
        return new RuleState(Map.of(), Map.of(), null);
    }

    /** Whether it holds nothing. */
    public boolean isEmpty() {
        return noise.isEmpty() && encroachment.isEmpty() && deadman == null;
    }
}
