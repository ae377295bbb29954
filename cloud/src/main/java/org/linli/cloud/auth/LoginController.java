package org.linli.cloud.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.generator.TokenGenerator;
import io.micronaut.serde.annotation.Serdeable;
import org.linli.cloud.web.Html;
import org.linli.cloud.web.Lang;
import org.linli.cloud.web.Messages;
import org.linli.cloud.web.Shell;

import java.net.URI;
import java.util.Map;

/**
 * {@code GET /login} (the page), {@code POST /login} (form or JSON) and {@code POST /logout}.
 *
 * <p>A JSON login answers 200 with the user and the CSRF token, 401 for a wrong user name or password,
 * 429 with {@code Retry-After} while throttled. A form login answers 303 to {@code /} or the page again
 * with the message (401 / 429). Both set the session cookie on success.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class LoginController {
    private final UserAccounts accounts;
    private final TokenGenerator tokens;
    private final SessionCookies cookies;
    private final CsrfTokens csrf;
    private final AuthSettings settings;
    private final RevokedSessions revoked;

    public LoginController(UserAccounts accounts, TokenGenerator tokens, SessionCookies cookies, CsrfTokens csrf,
                           AuthSettings settings, RevokedSessions revoked) {
        this.revoked = revoked;
        this.accounts = accounts;
        this.tokens = tokens;
        this.cookies = cookies;
        this.csrf = csrf;
        this.settings = settings;
    }

    /** What a JSON login returns. */
    @Serdeable
    public record Session(String username, String displayName, String role, String scope, String csrfToken) {
        static Session of(StaffUser u, String csrfToken) {
            return new Session(u.username(), u.displayName(), u.role().name(), u.scope(), csrfToken);
        }
    }

    @Get(uri = "/login", produces = MediaType.TEXT_HTML + ";charset=utf-8")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public String page(HttpRequest<?> request) {
        return loginPage(Lang.of(request), null, null);
    }

    @Post(uri = "/login", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON})
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> login(HttpRequest<?> request, @Body LoginForm form) {
        boolean json = request.getContentType().map(MediaType.APPLICATION_JSON_TYPE::matches).orElse(false);
        String address = request.getRemoteAddress().getAddress().getHostAddress();
        UserAccounts.Login outcome = accounts.login(form.username(), form.password(), address);
        Lang lang = Lang.of(request);
        if (outcome instanceof UserAccounts.Login.Ok ok) {
            String token = tokens.generateToken(CurrentUser.toAuthentication(ok.user()), (int) settings.sessionTtl().toSeconds())
                    .orElseThrow(() -> new IllegalStateException("no session token could be made"));
            MutableHttpResponse<?> response = json
                    ? HttpResponse.ok(Session.of(ok.user(), csrf.tokenFor(token)))
                    : HttpResponse.seeOther(URI.create("/"));
            return response.cookie(cookies.issue(token, settings.sessionTtl()));
        }
        if (outcome instanceof UserAccounts.Login.Locked locked) {
            long seconds = Math.max(1, locked.retryAfter().toSeconds() + (locked.retryAfter().toMillisPart() > 0 ? 1 : 0));
            MutableHttpResponse<?> response = json
                    ? HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).body(Map.of("error", "throttled", "retryAfterSeconds", seconds))
                    : HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.TEXT_HTML + ";charset=utf-8")
                    .body(loginPage(lang, Messages.t(lang, "login.locked", seconds), form.username()));
            return response.header("Retry-After", Long.toString(seconds));
        }
        return json
                ? HttpResponse.unauthorized().body(Map.of("error", "bad-credentials"))
                : HttpResponse.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.TEXT_HTML + ";charset=utf-8")
                .body(loginPage(lang, Messages.t(lang, "login.failed"), form.username()));
    }

    /** Ends the session: clears the cookie (the CSRF check has run: a forged logout is refused too). */
    @Post(uri = "/logout")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public HttpResponse<?> logout(HttpRequest<?> request) {
        cookies.value(request).ifPresent(revoked::revoke);
        return HttpResponse.noContent().cookie(cookies.clear());
    }

    private static String loginPage(Lang lang, String error, String username) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.escape(Messages.t(lang, "app"))).append(" · ")
                .append(Html.escape(Messages.t(lang, "login.title"))).append("</h1>\n");
        if (error != null) {
            b.append("<p class=\"error\" id=\"login-error\" role=\"alert\">").append(Html.escape(error)).append("</p>\n");
        }
        b.append("<form class=\"login\" method=\"post\" action=\"/login\">\n")
                .append("<label for=\"username\">").append(Html.escape(Messages.t(lang, "login.username"))).append("</label>")
                .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" autocapitalize=\"none\" required value=\"")
                .append(Html.escape(username == null ? "" : username)).append("\">\n")
                .append("<label for=\"password\">").append(Html.escape(Messages.t(lang, "login.password"))).append("</label>")
                .append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n")
                .append("<button type=\"submit\" id=\"login-submit\">").append(Html.escape(Messages.t(lang, "login.submit")))
                .append("</button>\n</form>\n<p class=\"muted\"><a href=\"/lang/").append(lang.other() == Lang.EN ? "en" : "zh")
                .append("?back=%2Flogin\">").append(Html.escape(Messages.t(lang, "lang.switch"))).append("</a></p>\n");
        return Shell.bare(lang, Messages.t(lang, "login.title"), b.toString());
    }
}
