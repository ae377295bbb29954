package org.linli.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Settings under {@code linli.influx}: the InfluxDB 1.x the readings go to.
 *
 * @param url      HTTP API ({@code LINLI_INFLUX_URL}), e.g. {@code http://localhost:8086}
 * @param database database name ({@code LINLI_INFLUX_DATABASE}), created at start-up when missing
 * @param username user ({@code LINLI_INFLUX_USERNAME}), none by default
 * @param password password ({@code LINLI_INFLUX_PASSWORD}), none by default
 */
@ConfigurationProperties("linli.influx")
public record InfluxSettings(
        @Bindable(defaultValue = "http://localhost:8086")
        @NotBlank(message = "linli.influx.url (env LINLI_INFLUX_URL) must be set, e.g. http://localhost:8086")
        @Pattern(regexp = "https?://.+", message = "linli.influx.url must look like http://host:8086")
        String url,
        @Bindable(defaultValue = "linli")
        @NotBlank(message = "linli.influx.database must not be empty")
        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "linli.influx.database may hold only letters, digits, _ and - (at most 64)")
        String database,
        @Nullable String username,
        @Nullable String password) {

    /** A client for these settings (with a login when a user is set) over {@code http}; the caller closes it. */
    public InfluxDB connect(OkHttpClient.Builder http) {
        return username == null || username.isBlank()
                ? InfluxDBFactory.connect(url, http)
                : InfluxDBFactory.connect(url, username, password == null ? "" : password, http);
    }

    /** {@link #connect(OkHttpClient.Builder)} with a connect and a read timeout. */
    public InfluxDB connect(Duration connectTimeout, Duration readTimeout) {
        return connect(new OkHttpClient.Builder()
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public String toString() {
        return "InfluxSettings[url=" + url + ", database=" + database + ", username=" + username + ", password=***]";
    }
}
