package org.linli.cloud.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code POST /api/users}. */
@Serdeable
public record NewUser(@Nullable String username, @Nullable String displayName, @Nullable String password,
                      @Nullable String role, @Nullable String scope) {
}
