package org.linli.wire;

/**
 * A topic of the contract taken apart.
 *
 * @param site    site id
 * @param gateway gateway id
 * @param channel what flows on it, e.g. {@code readings}
 */
public record TopicAddress(String site, String gateway, String channel) {
}
