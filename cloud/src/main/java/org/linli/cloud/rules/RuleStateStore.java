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

    /**
     * Saves {@code state}, all of one lease scope, only while {@code owner} still holds that scope's lease
     * at {@code epoch} (the fencing token): an instance that lost a scope cannot overwrite what the new
     * owner saves.
     *
     * @return false when the lease is no longer {@code owner}'s at {@code epoch}; nothing was saved
     * @throws RuntimeException when it cannot; the caller tries again later
     */
    boolean saveFenced(String site, String scope, RuleState state, String owner, long epoch);
}
