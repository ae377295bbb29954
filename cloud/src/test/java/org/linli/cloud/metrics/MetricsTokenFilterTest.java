package org.linli.cloud.metrics;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.cloud.auth.WebCounters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTokenFilterTest {
    private static final String TOKEN = "0123456789abcdef0123";

    @TempDir
    Path dir;

    @Test
    void shouldRefuseEveryScrapeWhenNoTokenIsSet() {
        WebCounters counters = new WebCounters();
        MetricsTokenFilter filter = new MetricsTokenFilter(new MetricsSettings(null, Duration.ofSeconds(30)), counters);

        HttpResponse<?> r = filter.check(HttpRequest.GET("/prometheus").header("Authorization", "Bearer " + TOKEN));

        assertEquals(403, r.code());
        assertEquals(1L, counters.snapshot().get("metrics-token"));
    }

    @Test
    void shouldLetTheRightTokenThroughAndCountAWrongOne() throws IOException {
        WebCounters counters = new WebCounters();
        MetricsTokenFilter filter = new MetricsTokenFilter(settings(TOKEN + "\n"), counters);

        assertNull(filter.check(HttpRequest.GET("/prometheus").header("Authorization", "Bearer " + TOKEN)));
        assertNull(filter.check(HttpRequest.GET("/prometheus").header("Authorization", "bearer " + TOKEN)));
        assertEquals(401, filter.check(HttpRequest.GET("/prometheus").header("Authorization", "Bearer " + TOKEN + "x")).code());
        assertEquals(401, filter.check(HttpRequest.GET("/prometheus")).code());
        assertEquals(2L, counters.snapshot().get("metrics-token"));
    }

    @Test
    void shouldStopStartUpOnATooShortToken() throws IOException {
        MetricsSettings settings = settings("short");

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new MetricsTokenFilter(settings, new WebCounters()));

        assertTrue(e.getMessage().contains("linli.metrics.token-file"), e.getMessage());
    }

    private MetricsSettings settings(String token) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), token);
        return new MetricsSettings(file.toString(), Duration.ofSeconds(30));
    }
}
