package org.linli.cloud.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;

/**
 * Settings under {@code linli.auth} (see cloud/README.md, "Login and roles").
 *
 * @param adminUsername     the account created at first start when no admin exists
 * @param adminPasswordFile file with its password ({@code LINLI_ADMIN_PASSWORD_FILE}); read only while no admin exists
 * @param secretFile        file with the server secret (≥ 32 bytes) that signs sessions and CSRF tokens; without
 *                          it a random one is made at start, so sessions end with the process and are not shared
 *                          between instances
 * @param sessionTtl        how long a login lasts
 * @param secureCookie      mark the session cookie {@code Secure} (set it behind HTTPS)
 * @param maxFailures       failed logins in a row, per user name and address, that lock the pair
 * @param lockFor           how long such a lock lasts
 * @param bcryptCost        bcrypt cost factor of new password hashes
 * @param maxJsonBytes      largest JSON request body accepted (Content-Length); larger ones get 413
 */
@ConfigurationProperties("linli.auth")
public record AuthSettings(
        @Bindable(defaultValue = "admin") @NotNull
        @Pattern(regexp = "[a-z][a-z0-9._-]{1,39}", message = "linli.auth.admin-username must be 2-40 of a-z 0-9 . _ -, starting with a letter")
        String adminUsername,
        @Nullable String adminPasswordFile,
        @Nullable String secretFile,
        @Bindable(defaultValue = "8h") @NotNull Duration sessionTtl,
        @Bindable(defaultValue = "false") boolean secureCookie,
        @Bindable(defaultValue = "5") @Min(1) int maxFailures,
        @Bindable(defaultValue = "1m") @NotNull Duration lockFor,
        @Bindable(defaultValue = "11") @Min(4) @Max(16) int bcryptCost,
        @Bindable(defaultValue = "262144") @Min(1024) long maxJsonBytes) {
}
