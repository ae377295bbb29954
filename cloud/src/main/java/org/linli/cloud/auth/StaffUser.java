package org.linli.cloud.auth;

import java.util.Objects;

/**
 * The logged-in staff member as every controller sees it.
 *
 * @param username    login name, unique
 * @param displayName name shown to people (free text: escape it)
 * @param role        what they may do
 * @param scope       the grid id (grid roles) or canteen id (canteen operator) their role is limited
 *                    to; null for roles without a scope
 */
public record StaffUser(String username, String displayName, Role role, String scope) {

    public StaffUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        displayName = displayName == null || displayName.isBlank() ? username : displayName;
        if (role.scoped() && (scope == null || scope.isBlank())) {
            throw new IllegalArgumentException(role + " needs a scope (grid or canteen id)");
        }
        if (!role.scoped()) {
            scope = null;
        }
    }
}
