package org.linli.config;

/**
 * The installer's status page on the gateway (HTTP, no login: it must only be reachable on the site's
 * LAN, see the gateway README).
 *
 * @param enabled whether the gateway serves it
 * @param host    the address to listen on, e.g. {@code 0.0.0.0} (every interface) or the LAN address
 * @param port    the TCP port; 0 picks a free one (tests)
 */
public record StatusPageSettings(boolean enabled, String host, int port) {

    /** Defaults: on, every interface, port 8088. */
    public static StatusPageSettings defaults() {
        return new StatusPageSettings(true, "0.0.0.0", 8088);
    }
}
