package org.linli.cloud.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.linli.cloud.ingest.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Checks every state-changing request (POST, PUT, PATCH, DELETE) before it reaches a controller:
 * <ul>
 *   <li>a request from another site's page ({@code Sec-Fetch-Site: cross-site}, or an {@code Origin} that is
 *       not this server) is refused (403, {@code cross-origin}) — also for {@code /login};</li>
 *   <li>a request that carries the session cookie must carry its CSRF token in {@code X-CSRF-Token}
 *       (403, {@code csrf}); only {@code /login} is exempt (it replaces the session);</li>
 *   <li>a JSON body over {@code linli.auth.max-json-bytes} is refused (413, {@code oversize}).</li>
 * </ul>
 * A session ended by logout is refused on every request (401, or 303 to the login page for a page).
 * Requests without the session cookie (e.g. Open311 clients with an API key) are left to their own checks.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class WebGuardFilter implements Ordered {
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Logger LOG = LoggerFactory.getLogger(WebGuardFilter.class);
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

    private final SessionCookies cookies;
    private final CsrfTokens csrf;
    private final WebCounters counters;
    private final long maxJsonBytes;
    private final LogThrottle logThrottle;
    private final RevokedSessions revoked;

    public WebGuardFilter(SessionCookies cookies, CsrfTokens csrf, WebCounters counters, AuthSettings settings, Clock clock,
                          RevokedSessions revoked) {
        this.revoked = revoked;
        this.cookies = cookies;
        this.csrf = csrf;
        this.counters = counters;
        this.maxJsonBytes = settings.maxJsonBytes();
        this.logThrottle = new LogThrottle(clock, Duration.ofMinutes(1));
    }

    @Override
    public int getOrder() {
        // Before the security filter: a forged request is refused whoever it claims to be.
        return ServerFilterPhase.SECURITY.before();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        String session = cookies.value(request).orElse(null);
        if (session != null && revoked.isRevoked(session)) {
            counters.refused("logged-out");
            boolean page = request.getMethod() == HttpMethod.GET && request.getHeaders().accept().stream()
                    .anyMatch(t -> t.matches(MediaType.TEXT_HTML_TYPE));
            return (page ? HttpResponse.seeOther(URI.create("/login")) : HttpResponse.unauthorized()).cookie(cookies.clear());
        }
        if (SAFE.contains(request.getMethod())) {
            return null;
        }
        if (crossOrigin(request)) {
            return refuse(request, HttpStatus.FORBIDDEN, "cross-origin");
        }
        boolean json = request.getContentType().map(t -> t.getSubtype().equals("json") || t.getSubtype().endsWith("+json")).orElse(false);
        if (json && request.getContentLength() > maxJsonBytes) {
            return refuse(request, HttpStatus.REQUEST_ENTITY_TOO_LARGE, "oversize");
        }
        if (!"/login".equals(request.getPath())) {
            if (session != null && !csrf.matches(session, request.getHeaders().get(CSRF_HEADER))) {
                return refuse(request, HttpStatus.FORBIDDEN, "csrf");
            }
        }
        return null;
    }

    /**
     * Headers that keep the pages from being framed, sniffed or running script that is not ours: the CSP
     * allows scripts only from this server (the pages have no inline script), so injected markup cannot run.
     */
    @ResponseFilter
    public void headers(MutableHttpResponse<?> response) {
        MutableHttpHeaders h = response.getHeaders();
        h.add("X-Content-Type-Options", "nosniff");
        h.add("X-Frame-Options", "DENY");
        h.add("Referrer-Policy", "same-origin");
        h.add("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    }

    private static boolean crossOrigin(HttpRequest<?> request) {
        if ("cross-site".equalsIgnoreCase(request.getHeaders().get("Sec-Fetch-Site"))) {
            return true;
        }
        String origin = request.getHeaders().get("Origin");
        if (origin == null) {
            return false;
        }
        String host = request.getHeaders().get("Host");
        try {
            URI o = URI.create(origin);
            return host == null || o.getAuthority() == null || !o.getAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private HttpResponse<?> refuse(HttpRequest<?> request, HttpStatus status, String reason) {
        counters.refused(reason);
        logThrottle.acquire(reason).ifPresent(held -> LOG.warn("refused {} {} from {}: {} ({} more held back)",
                request.getMethod(), request.getPath(), request.getRemoteAddress().getAddress().getHostAddress(), reason, held));
        return HttpResponse.status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(Map.of("error", reason));
    }
}
