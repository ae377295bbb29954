package org.linli.cloud.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one way controllers get the logged-in user and check what they may do. Declare a
 * {@code StaffUser user} parameter on a controller method (bound from the session by
 * {@link StaffUserBinder}), then ask this bean:
 *
 * <pre>{@code
 * StaffUser user = ...;                                     // method parameter
 * currentUser.require(user, Action.VIEW_TICKETS);           // 403 if the role may not
 * currentUser.requireGrid(user, Action.WORK_TICKETS, grid); // 403 if not their grid (or below, for a head)
 * Set<String> grids = currentUser.gridFilter(user, Action.VIEW_TICKETS, gridParam); // 400 unknown, 403 foreign
 * }</pre>
 *
 * Refusals are {@link HttpStatusException}s, which Micronaut turns into JSON 403/400 answers.
 */
@Singleton
public class CurrentUser {
    static final String ATTR_DISPLAY_NAME = "displayName";
    static final String ATTR_SCOPE = "scope";

    private final Access access;
    private final WebCounters counters;

    public CurrentUser(Access access, WebCounters counters) {
        this.access = access;
        this.counters = counters;
    }

    /** The policy, for filtering lists ({@code access.canSeeGrid(user, row.grid())}). */
    public Access access() {
        return access;
    }

    /** The user of this request, if logged in. */
    public static Optional<StaffUser> of(HttpRequest<?> request) {
        return request.getUserPrincipal(Authentication.class).flatMap(CurrentUser::from);
    }

    /** The user an {@link Authentication} (the session JWT's claims) stands for; empty if it names no valid role. */
    public static Optional<StaffUser> from(Authentication auth) {
        Collection<String> roles = auth.getRoles();
        Optional<Role> role = roles.size() == 1 ? Role.parse(roles.iterator().next()) : Optional.empty();
        if (role.isEmpty()) {
            return Optional.empty();
        }
        Object display = auth.getAttributes().get(ATTR_DISPLAY_NAME);
        Object scope = auth.getAttributes().get(ATTR_SCOPE);
        try {
            return Optional.of(new StaffUser(auth.getName(), display == null ? null : display.toString(), role.get(),
                    scope == null ? null : scope.toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The {@link Authentication} to put into a session for {@code user}. */
    public static Authentication toAuthentication(StaffUser user) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(ATTR_DISPLAY_NAME, user.displayName());
        if (user.scope() != null) {
            attributes.put(ATTR_SCOPE, user.scope());
        }
        return Authentication.build(user.username(), List.of(user.role().name()), attributes);
    }

    /** 403 unless the user's role allows {@code action}. */
    public StaffUser require(StaffUser user, Action action) {
        if (!access.may(user, action)) {
            throw forbidden(user.role() + " may not " + action);
        }
        return user;
    }

    /** 403 unless the user may do {@code action} on grid {@code gridId}. */
    public StaffUser requireGrid(StaffUser user, Action action, String gridId) {
        require(user, action);
        if (!access.canSeeGrid(user, gridId)) {
            throw forbidden("grid " + gridId + " is not yours");
        }
        return user;
    }

    /** 403 unless the user may see space {@code spaceId}; 404 when the site has no such space. */
    public StaffUser requireSpace(StaffUser user, String spaceId, boolean exists) {
        require(user, Action.VIEW_SPACES);
        if (!exists) {
            throw new HttpStatusException(HttpStatus.NOT_FOUND, "no such space");
        }
        if (!access.canSeeSpace(user, spaceId)) {
            throw forbidden("space " + spaceId + " is not in your grid");
        }
        return user;
    }

    /** 403 unless the user may do {@code action} at canteen {@code canteenId}. */
    public StaffUser requireCanteen(StaffUser user, Action action, String canteenId) {
        require(user, action);
        if (!access.mayOnCanteen(user, action, canteenId)) {
            throw forbidden("canteen " + canteenId + " is not yours");
        }
        return user;
    }

    /**
     * The grids a list may show for a {@code ?grid=} filter: all the user may see when {@code gridParam} is
     * empty, else just that one. 400 for a grid the site does not know (so no text from the URL ever reaches a
     * query), 403 for one that is not theirs.
     */
    public Set<String> gridFilter(StaffUser user, Action action, String gridParam) {
        require(user, action);
        if (gridParam == null || gridParam.isEmpty()) {
            return access.visibleGrids(user);
        }
        if (!access.knowsGrid(gridParam)) {
            counters.refused("unknown-grid");
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "unknown grid");
        }
        if (!access.canSeeGrid(user, gridParam)) {
            throw forbidden("grid " + gridParam + " is not yours");
        }
        return Set.of(gridParam);
    }

    /** A 403 to throw, counted under {@code forbidden} in {@code /api/auth/stats}. */
    public HttpStatusException forbidden(String why) {
        counters.refused("forbidden");
        return new HttpStatusException(HttpStatus.FORBIDDEN, why);
    }
}
