package org.linli.config.render;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link Renderer} renders and where.
 *
 * @param out          the output directory (created if missing)
 * @param cloudBroker  the cloud broker as the gateways reach it, {@code tcp://host:port} or {@code ssl://host:port}
 * @param lanBroker    the gateway's local broker, usually {@code tcp://127.0.0.1:1883}
 * @param sshPublicKey the Pi user's authorized key; null renders no first-boot files
 * @param user         the Pi's login user
 * @param wifi         Wi-Fi settings, null for Ethernet
 * @param tls          create a site CA and per-gateway client certificates
 * @param rotate       new passwords and client keys even where they exist
 * @param gateway      render only this gateway, null for all
 */
public record RenderOptions(Path out, String cloudBroker, String lanBroker, String sshPublicKey, String user,
                            Wifi wifi, boolean tls, boolean rotate, String gateway) {

    /** The default LAN broker: the Pi's own Mosquitto. */
    public static final String DEFAULT_LAN_BROKER = "tcp://127.0.0.1:1883";

    public RenderOptions {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(cloudBroker, "cloudBroker");
        Objects.requireNonNull(lanBroker, "lanBroker");
        Objects.requireNonNull(user, "user");
    }

    /**
     * A Wi-Fi network for the gateway.
     *
     * @param ssid     network name
     * @param password WPA passphrase (a secret: only written into 0600 files)
     * @param country  ISO 3166 country code for the regulatory domain, e.g. CN
     */
    public record Wifi(String ssid, String password, String country) {
        @Override
        public String toString() {
            return "Wifi[ssid=" + ssid + ", country=" + country + "]";
        }
    }
}
