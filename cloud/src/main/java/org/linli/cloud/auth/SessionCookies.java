package org.linli.cloud.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/**
 * The session cookie: the signed JWT, {@code HttpOnly}, {@code SameSite=Strict}, path {@code /},
 * {@code Secure} when {@code linli.auth.secure-cookie} is set. Its name is Micronaut Security's
 * {@code micronaut.security.token.cookie.cookie-name}, so the framework reads the same cookie.
 */
@Singleton
public class SessionCookies {
    private final String name;
    private final AuthSettings settings;

    // The name from the property rather than Micronaut Security's cookie bean, which does not exist when an
    // ingest-only test turns security off (micronaut.security.enabled=false).
    public SessionCookies(@Value("${micronaut.security.token.cookie.cookie-name:LINLI_SESSION}") String name,
                          AuthSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    public String name() {
        return name;
    }

    /** The value of this request's session cookie, if it has one. */
    public Optional<String> value(HttpRequest<?> request) {
        return request.getCookies().findCookie(name).map(Cookie::getValue).filter(v -> !v.isEmpty());
    }

    public Cookie issue(String token, Duration ttl) {
        return base(Cookie.of(name, token)).maxAge(ttl);
    }

    public Cookie clear() {
        return base(Cookie.of(name, "")).maxAge(0);
    }

    private Cookie base(Cookie cookie) {
        return cookie.httpOnly(true).sameSite(SameSite.Strict).path("/").secure(settings.secureCookie());
    }
}
