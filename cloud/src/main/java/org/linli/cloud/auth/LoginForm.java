package org.linli.cloud.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code POST /login}, as a form or as JSON. */
@Serdeable
public record LoginForm(@Nullable String username, @Nullable String password) {
}
