package org.linli.config;

import java.nio.file.Path;

/**
 * How to reach an MQTT broker.
 *
 * <p>The TLS files are paths on the gateway, not contents: a gateway config is rendered on a laptop
 * and loaded on the Pi, so the loader checks only their shape and the gateway reads them when it
 * connects.
 *
 * @param uri          {@code tcp://host:port} or {@code ssl://host:port}
 * @param username     MQTT username, null for an anonymous LAN broker or a broker that takes the
 *                     username from the client certificate
 * @param passwordFile a file holding the password (never the password itself), null for none
 * @param caFile       PEM certificates to trust instead of the JVM's trust store ({@code ssl://} only), null for the JVM's
 * @param certFile     PEM client certificate ({@code ssl://} only, with {@code keyFile}), null for none
 * @param keyFile      unencrypted PKCS#8 PEM private key of {@code certFile}, null for none
 */
public record BrokerSettings(String uri, String username, Path passwordFile, Path caFile, Path certFile, Path keyFile) {

    /** A broker without TLS files: plain {@code tcp://}, or {@code ssl://} trusting the JVM's CAs. */
    public BrokerSettings(String uri, String username, Path passwordFile) {
        this(uri, username, passwordFile, null, null, null);
    }

    /** Whether the connection is TLS, i.e. the URI is {@code ssl://}. */
    public boolean tls() {
        return uri != null && uri.startsWith("ssl://");
    }

    /** Whether the gateway shows a client certificate. */
    public boolean hasClientCertificate() {
        return certFile != null && keyFile != null;
    }
}
