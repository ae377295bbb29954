package org.linli.cloud.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * An HTTP client for ITs that acts like the dashboard in a browser: after {@link #login} it sends the
 * session cookie with every request and the CSRF token with every state-changing one.
 *
 * <pre>{@code
 * WebClient admin = WebClient.login(baseUri, "admin", password);   // fails the test unless 200
 * admin.get("/api/devices");                                       // cookie sent
 * admin.postJson("/api/users", "{...}");                            // cookie + X-CSRF-Token sent
 * }</pre>
 */
public final class WebClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String cookie;
    private final String csrfToken;

    private WebClient(URI base, String cookie, String csrfToken) {
        this.base = base;
        this.cookie = cookie;
        this.csrfToken = csrfToken;
    }

    /** No session. */
    public static WebClient anonymous(URI base) {
        return new WebClient(base, null, null);
    }

    /** Logs in with JSON; the test fails unless the cloud answers 200 with a session cookie. */
    public static WebClient login(URI base, String username, String password) {
        HttpResponse<String> r = tryLogin(base, username, password);
        if (r.statusCode() != 200) {
            throw new AssertionError("login as " + username + " answered " + r.statusCode() + ": " + r.body());
        }
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no session cookie"));
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        try {
            return new WebClient(base, cookie, JSON.readTree(r.body()).get("csrfToken").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A login attempt as it is, whatever the answer. */
    public static HttpResponse<String> tryLogin(URI base, String username, String password) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("username", username, "password", password));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(HttpRequest.newBuilder(base.resolve("/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The session cookie as {@code name=value}, null when anonymous. */
    public String cookie() {
        return cookie;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).header("Accept", "application/json").GET());
    }

    /** A GET as a browser asks for a page. */
    public HttpResponse<String> getPage(String path) {
        return send(request(path).header("Accept", "text/html").GET());
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POST with the session's CSRF token. */
    public HttpResponse<String> postJson(String path, String json) {
        return postJson(path, json, csrfToken);
    }

    /** POST with the given CSRF token (null: none). */
    public HttpResponse<String> postJson(String path, String json, String token) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("X-CSRF-Token", token);
        }
        return send(b);
    }

    /** A request builder with the session cookie, for anything else. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b;
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
