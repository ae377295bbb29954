package org.linli.wire;

import java.util.Objects;

/**
 * The subsidy policy the cloud publishes retained on {@link Topics#CANTEEN_POLICY}: the policy YAML
 * that {@code org.linli.config.CanteenPolicyLoader} reads, with a version. The gateway validates it
 * before use and keeps the last good one.
 */
public record PolicyMessage(long version, String policyYaml) {

    public PolicyMessage {
        Objects.requireNonNull(policyYaml, "policyYaml");
    }
}
