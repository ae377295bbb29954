package org.linli.cloud.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * A row of the {@code users} table: a staff account.
 *
 * @param id           assigned by the database
 * @param username     login name, unique, lower case
 * @param displayName  shown on the pages
 * @param passwordHash bcrypt hash
 * @param role         a {@link Role} name
 * @param scope        grid or canteen id, null for roles without a scope
 * @param enabled      false refuses its logins
 * @param createdAt    when it was created
 */
@MappedEntity("users")
public record UserAccount(@Id @GeneratedValue @Nullable Long id, String username, String displayName,
                          String passwordHash, String role, @Nullable String scope, boolean enabled,
                          Instant createdAt) {

    /** The account as the rest of the cloud sees it. */
    public StaffUser toStaffUser() {
        return new StaffUser(username, displayName, Role.valueOf(role), scope);
    }
}
