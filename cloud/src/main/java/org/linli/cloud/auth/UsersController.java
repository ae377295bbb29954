package org.linli.cloud.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/me} (anyone logged in: who am I, and my CSRF token), {@code GET /api/users} and
 * {@code POST /api/users} (admin only), {@code GET /api/auth/stats} (admin only: login failures, locks,
 * refused requests by reason).
 */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class UsersController {
    private final UserAccounts accounts;
    private final CurrentUser currentUser;
    private final SessionCookies cookies;
    private final CsrfTokens csrf;
    private final LoginThrottle throttle;
    private final WebCounters webCounters;

    public UsersController(UserAccounts accounts, CurrentUser currentUser, SessionCookies cookies, CsrfTokens csrf,
                           LoginThrottle throttle, WebCounters webCounters) {
        this.accounts = accounts;
        this.currentUser = currentUser;
        this.cookies = cookies;
        this.csrf = csrf;
        this.throttle = throttle;
        this.webCounters = webCounters;
    }

    /** A user as the API shows it (never the hash). */
    @Serdeable
    public record UserView(String username, String displayName, String role, @Nullable String scope) {
        static UserView of(StaffUser u) {
            return new UserView(u.username(), u.displayName(), u.role().name(), u.scope());
        }
    }

    @Get(uri = "/me", produces = MediaType.APPLICATION_JSON)
    public LoginController.Session me(StaffUser user, HttpRequest<?> request) {
        return LoginController.Session.of(user, cookies.value(request).map(csrf::tokenFor).orElse(null));
    }

    /** The body of {@code POST /api/me/password}. */
    @Serdeable
    public record PasswordChange(@Nullable String current, @Nullable String next) {
    }

    /** Changes the logged-in user's own password: 204; 403 when {@code current} is wrong; 400 for a bad new one. */
    @Post(uri = "/me/password", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<?> changePassword(StaffUser user, HttpRequest<?> request, @Body PasswordChange body) {
        String address = request.getRemoteAddress().getAddress().getHostAddress();
        try {
            return accounts.changePassword(user.username(), body.current(), body.next(), address)
                    ? HttpResponse.noContent()
                    : HttpResponse.status(HttpStatus.FORBIDDEN).body(Map.of("error", "wrong current password"));
        } catch (AccountException e) {
            return HttpResponse.badRequest(Map.of("error", e.getMessage()));
        }
    }

    @Get(uri = "/users{?role}", produces = MediaType.APPLICATION_JSON)
    public List<UserView> list(StaffUser user, @Nullable @QueryValue String role) {
        currentUser.require(user, Action.MANAGE_USERS);
        if (role != null && Role.parse(role).isEmpty()) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "unknown role");
        }
        return accounts.list().stream().filter(u -> role == null || u.role().name().equals(role)).map(UserView::of).toList();
    }

    @Post(uri = "/users", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> create(StaffUser user, @Body NewUser body) {
        currentUser.require(user, Action.MANAGE_USERS);
        try {
            return HttpResponse.created(UserView.of(accounts.create(body, user.username())));
        } catch (AccountException e) {
            return HttpResponse.status(e.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST)
                    .body(Map.of("error", e.getMessage()));
        }
    }

    @Get(uri = "/auth/stats", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> stats(StaffUser user) {
        currentUser.require(user, Action.MANAGE_USERS);
        LoginThrottle.Counts c = throttle.counts();
        return Map.of("loginFailures", c.failures(), "lockouts", c.lockouts(), "refusedWhileLocked", c.refusedWhileLocked(),
                "refusedRequests", webCounters.snapshot());
    }
}
