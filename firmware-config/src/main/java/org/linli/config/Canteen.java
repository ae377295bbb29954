package org.linli.config;

import java.util.List;

/**
 * An elder canteen (长者食堂).
 *
 * @param id        unique within the site
 * @param name      display name
 * @param space     the space it occupies, or null
 * @param gateway   the gateway at its counter, to which the cloud sends roster, policy and claims; or null
 *                  when it has none yet
 * @param policy    the subsidy policy preset the cloud sends its counter (e.g. {@code beijing}), or null to
 *                  leave the gateway on the policy of its own config
 * @param terminals the counter's terminals, rendered into its gateway's {@code canteen:} section; empty when
 *                  the inventory does not describe them (then no counter section is rendered)
 * @param outputs   the counter's lights and buzzer (each pin may be null)
 */
public record Canteen(String id, String name, String space, String gateway, String policy,
                      List<CanteenSettings.Terminal> terminals, CanteenSettings.Outputs outputs) {

    public Canteen {
        terminals = terminals == null ? List.of() : List.copyOf(terminals);
        if (outputs == null) {
            outputs = new CanteenSettings.Outputs(null, null, null);
        }
    }

    /** A canteen whose counter's terminals the inventory does not describe. */
    public Canteen(String id, String name, String space, String gateway, String policy) {
        this(id, name, space, gateway, policy, List.of(), null);
    }

    /** A canteen without counter gateway or policy. */
    public Canteen(String id, String name, String space) {
        this(id, name, space, null, null);
    }
}
