package org.linli.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;

/**
 * Settings under {@code linli.mqtt}: the broker the gateways publish to.
 *
 * @param uri           broker URI ({@code LINLI_MQTT_URI}), {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param clientId      MQTT client id ({@code LINLI_MQTT_CLIENT_ID}); the broker keeps this instance's session
 *                      under it, so it must be stable across restarts and unique per instance. Default
 *                      {@code linli-cloud-<host name>}
 * @param username      MQTT username ({@code LINLI_MQTT_USERNAME}), none by default
 * @param passwordFile  file holding the MQTT password ({@code LINLI_MQTT_PASSWORD_FILE}), none by default
 * @param sharedGroup   shared subscription group ({@code LINLI_MQTT_SHARED_GROUP}) so that several instances
 *                      split the load; none (a plain subscription) by default
 * @param sessionExpiry how long the broker keeps the session and queues readings while this instance is away
 *                      ({@code LINLI_MQTT_SESSION_EXPIRY}, e.g. {@code 1h})
 */
@ConfigurationProperties("linli.mqtt")
public record MqttSettings(
        @Bindable(defaultValue = "tcp://localhost:1883")
        @NotBlank(message = "linli.mqtt.uri (env LINLI_MQTT_URI) must be set, e.g. tcp://localhost:1883")
        @Pattern(regexp = "(tcp|ssl|ws|wss)://.+", message = "linli.mqtt.uri must look like tcp://host:port or ssl://host:port")
        String uri,
        @Nullable
        @Pattern(regexp = "[A-Za-z0-9_.:-]{0,128}", message = "linli.mqtt.client-id may hold only letters, digits and _ . : - (at most 128; empty for the default)")
        String clientId,
        @Nullable String username,
        @Nullable String passwordFile,
        // No shared group by default: Mosquitto 2.0 does not restore a persistent session's shared
        // subscriptions after a broker restart, so batches a gateway sends before the cloud has
        // subscribed again would be acknowledged and delivered to nobody (found by deploy/bench).
        // Scale-out needs a broker that keeps them (see README).
        @Nullable
        @Pattern(regexp = "[^/+#]{0,64}", message = "linli.mqtt.shared-group may not contain / + # (empty for a plain subscription)")
        String sharedGroup,
        @Bindable(defaultValue = "1h")
        @NotNull(message = "linli.mqtt.session-expiry must be a duration such as 1h")
        Duration sessionExpiry) {
}
