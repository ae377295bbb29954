package org.linli.config.render;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The cloud broker's files: password file, ACL, a mosquitto.conf snippet and the cloud service's
 * environment. Text only; {@link Renderer} writes them.
 */
final class BrokerFiles {
    /** The cloud service's MQTT account. */
    static final String CLOUD_ACCOUNT = "linli-cloud";
    /** Where the snippet expects the contents of {@code DIR/broker/} on the broker host. */
    static final String INSTALL_DIR = "/etc/mosquitto/linli";

    private BrokerFiles() {
    }

    /** One hashed line per account, in a stable order; {@code hashedLines} maps account to line. */
    static String passwd(Map<String, String> hashedLines) {
        StringBuilder out = new StringBuilder();
        hashedLines.forEach((account, line) -> out.append(line).append('\n'));
        return out.toString();
    }

    /**
     * The ACL. A gateway's rights hang on {@code %u}, its authenticated username (or certificate CN),
     * never on {@code %c}: a client chooses its own client id, so {@code %c} would let it speak for another.
     */
    static String acl(String site, List<String> gateways) {
        String base = "linli/v1/" + site;
        StringBuilder out = new StringBuilder();
        out.append("# Rendered by linli-config render for site ").append(site).append(".\n")
                .append("# Gateways (").append(String.join(", ", gateways)).append(") write only their own channels\n")
                .append("# and read only what the cloud sends them. %u is the authenticated username; %c\n")
                .append("# (the client id, chosen by the client) is deliberately never used.\n");
        for (String channel : List.of("readings", "status", "health", "config/result", "commissioning", "canteen/meals")) {
            out.append("pattern write ").append(base).append("/%u/").append(channel).append('\n');
        }
        for (String channel : List.of("config", "canteen/roster", "canteen/policy", "canteen/claims")) {
            out.append("pattern read ").append(base).append("/%u/").append(channel).append('\n');
        }
        out.append("\n# The cloud service reads every gateway's readings, status, commissioning report and meal\n")
                .append("# records, and writes their config, canteen roster, subsidy policy and claims.\n")
                .append("user ").append(CLOUD_ACCOUNT).append('\n');
        for (String channel : List.of("readings", "status", "health", "config/result", "commissioning", "canteen/meals")) {
            out.append("topic read ").append(base).append("/+/").append(channel).append('\n');
        }
        for (String channel : List.of("config", "canteen/roster", "canteen/policy", "canteen/claims")) {
            out.append("topic write ").append(base).append("/+/").append(channel).append('\n');
        }
        return out.toString();
    }

    /** The broker configuration snippet; {@code cloudBroker} gives the listener's port. */
    static String conf(String cloudBroker, boolean tls) {
        URI uri = URI.create(cloudBroker);
        StringBuilder out = new StringBuilder();
        out.append("# Rendered by linli-config render. Copy DIR/broker/* to ").append(INSTALL_DIR)
                .append(" and include this file\n# from mosquitto.conf (include_dir /etc/mosquitto/conf.d).\n")
                .append("per_listener_settings false\n")
                .append("allow_anonymous false\n")
                .append("password_file ").append(INSTALL_DIR).append("/passwd\n")
                .append("acl_file ").append(INSTALL_DIR).append("/acl\n\n")
                .append("listener ").append(uri.getPort()).append('\n');
        if (tls) {
            out.append("cafile ").append(INSTALL_DIR).append("/ca.crt\n")
                    .append("certfile ").append(INSTALL_DIR).append("/server.crt\n")
                    .append("keyfile ").append(INSTALL_DIR).append("/server.key\n")
                    .append("# Every client shows a certificate of the site CA; its CN becomes the username the\n")
                    .append("# ACL's %u matches, so a gateway cannot claim another's name.\n")
                    .append("require_certificate true\n")
                    .append("use_identity_as_username true\n");
        } else if ("ssl".equals(uri.getScheme())) {
            out.append("# ssl:// without --tls: give the broker your own server certificate here.\n")
                    .append("certfile /etc/mosquitto/certs/server.crt\n")
                    .append("keyfile /etc/mosquitto/certs/server.key\n");
        }
        return out.toString();
    }

    /** The cloud service's environment: the account and where its password is, never the password. */
    static String cloudEnv(String passwordFile, boolean tls) {
        StringBuilder out = new StringBuilder("# Rendered by linli-config render: the cloud service's MQTT account.\n"
                + "# The password file is DIR/secrets/" + CLOUD_ACCOUNT + ".pass; adjust the path if you copy it.\n"
                + "LINLI_MQTT_USERNAME=" + CLOUD_ACCOUNT + "\n"
                + "LINLI_MQTT_PASSWORD_FILE=" + passwordFile + "\n");
        if (tls) {
            out.append("# With --tls the broker requires a client certificate: DIR/secrets/")
                    .append(CLOUD_ACCOUNT).append(".crt and .key, CA DIR/broker/ca.crt.\n");
        }
        return out.toString();
    }
}
