package org.linli.gateway.counter;

import org.linli.config.canteen.SubsidyPolicy;
import org.linli.wire.ClaimsMessage;

import java.util.Objects;

/**
 * What the counter decides with, as one immutable snapshot: the policy (the cloud's, or the config's
 * preset as version 0), the roster, and the cloud's claims of the day from every canteen.
 *
 * @param policy        the subsidy policy
 * @param policyVersion its version from the cloud; 0 for the preset of the gateway's config
 * @param roster        the roster ({@link Roster#EMPTY} until one arrives)
 * @param claims        the cloud's latest claims, or null
 */
public record CounterState(SubsidyPolicy policy, long policyVersion, Roster roster, ClaimsMessage claims) {

    public CounterState {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(roster, "roster");
    }

    public CounterState withPolicy(SubsidyPolicy newPolicy, long version) {
        return new CounterState(newPolicy, version, roster, claims);
    }

    public CounterState withRoster(Roster newRoster) {
        return new CounterState(policy, policyVersion, newRoster, claims);
    }

    public CounterState withClaims(ClaimsMessage newClaims) {
        return new CounterState(policy, policyVersion, roster, newClaims);
    }
}
