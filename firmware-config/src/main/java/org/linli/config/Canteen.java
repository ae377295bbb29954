package org.linli.config;

/**
 * An elder canteen (长者食堂).
 *
 * @param id    unique within the site
 * @param name  display name
 * @param space   the space it occupies, or null
 * @param gateway the gateway at its counter, to which the cloud sends roster, policy and claims; or null
 *                when it has none yet
 * @param policy  the subsidy policy preset the cloud sends its counter (e.g. {@code beijing}), or null to
 *                leave the gateway on the policy of its own config
 */
public record Canteen(String id, String name, String space, String gateway, String policy) {

    /** A canteen without counter gateway or policy. */
    public Canteen(String id, String name, String space) {
        this(id, name, space, null, null);
    }
}
