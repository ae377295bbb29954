package org.linli.cloud.metrics;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.linli.cloud.auth.WebCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Guards the scrape endpoint {@code /prometheus}: a scraper is not a staff member with a login, so it
 * sends the bearer token of {@code linli.metrics.token-file}. Without that setting the endpoint refuses
 * everyone (403): the metrics name gateways, spaces and counts that are not for the internet. A wrong or
 * missing token gets 401 and is counted ({@code metrics-token} in {@link WebCounters}).
 */
@ServerFilter({"/prometheus", "/prometheus/**"})
public class MetricsTokenFilter implements Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsTokenFilter.class);
    /** Shortest token accepted. */
    static final int MIN_TOKEN_CHARS = 16;

    private final byte[] expected;
    private final WebCounters counters;

    public MetricsTokenFilter(MetricsSettings settings, WebCounters counters) {
        this.expected = settings.tokenFile() == null || settings.tokenFile().isBlank()
                ? null : readToken(settings.tokenFile());
        this.counters = counters;
        if (expected == null) {
            LOG.info("/prometheus refuses every scrape: set linli.metrics.token-file to allow a scraper with its bearer token");
        }
    }

    @Override
    public int getOrder() {
        // Before the security filter: the endpoint is not sensitive for Micronaut Security, this is its guard.
        return ServerFilterPhase.SECURITY.before();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        if (expected == null) {
            counters.refused("metrics-token");
            return refuse(HttpStatus.FORBIDDEN, "metrics-disabled: set linli.metrics.token-file");
        }
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || !MessageDigest.isEqual(expected, header.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
            counters.refused("metrics-token");
            return refuse(HttpStatus.UNAUTHORIZED, "metrics-token").header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return null;
    }

    private static io.micronaut.http.MutableHttpResponse<?> refuse(HttpStatus status, String reason) {
        return HttpResponse.status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body("{\"reason\":\"" + reason + "\"}");
    }

    private static byte[] readToken(String file) {
        String token;
        try {
            token = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException("linli.metrics.token-file: cannot read " + file + ": " + e, e);
        }
        if (token.length() < MIN_TOKEN_CHARS) {
            throw new ConfigurationException("linli.metrics.token-file: the token in " + file + " has "
                    + token.length() + " characters, at least " + MIN_TOKEN_CHARS + " are needed (openssl rand -hex 24)");
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }
}
