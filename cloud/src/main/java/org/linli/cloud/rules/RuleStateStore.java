package org.linli.cloud.rules;

/**
 * Where the rules' state is kept across restarts (the SQL database in production).
 */
public interface RuleStateStore {

    /** Everything saved for {@code site}; {@link RuleState#empty()} when nothing is. */
    RuleState load(String site);

    /**
     * Saves {@code changed} (the rules in it replace what was saved for them; the others stay).
     *
     * @throws RuntimeException when it cannot; the caller tries again later
     */
    void save(String site, RuleState changed);
}
