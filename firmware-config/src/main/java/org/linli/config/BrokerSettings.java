package org.linli.config;

import java.nio.file.Path;

/**
 * How to reach an MQTT broker.
 *
 * @param uri          {@code tcp://host:port} or {@code ssl://host:port}
 * @param username     MQTT username, null for an anonymous LAN broker
 * @param passwordFile a file holding the password (never the password itself), null for none
 */
public record BrokerSettings(String uri, String username, Path passwordFile) {
}
