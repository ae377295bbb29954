package org.linli.cloud.auth;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.linli.cloud.audit.AuditEntry;
import org.linli.cloud.audit.AuditRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Staff accounts: creating them (checked against the site), logging in (throttled), and the first admin
 * at start-up from {@code linli.auth.admin-password-file}. No password is ever logged or defaulted.
 */
@Singleton
public class UserAccounts {
    private static final Logger LOG = LoggerFactory.getLogger(UserAccounts.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,39}");
    static final int MIN_PASSWORD = 10;
    private static final int MAX_PASSWORD = 200;

    private final UserAccountRepository repository;
    private final AuditRepository audit;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Access access;
    private final AuthSettings settings;
    private final Clock clock;
    private final org.linli.cloud.ingest.LogThrottle lockedLog;

    public UserAccounts(UserAccountRepository repository, AuditRepository audit, PasswordHasher hasher,
                        LoginThrottle throttle, Access access, AuthSettings settings, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.hasher = hasher;
        this.throttle = throttle;
        this.access = access;
        this.settings = settings;
        this.clock = clock;
        this.lockedLog = new org.linli.cloud.ingest.LogThrottle(clock, Duration.ofMinutes(1));
    }

    /** The outcome of a login attempt. */
    public sealed interface Login {
        record Ok(StaffUser user) implements Login {
        }

        record Refused() implements Login {
        }

        record Locked(Duration retryAfter) implements Login {
        }
    }

    /** Checks a login; {@code address} is the client's IP, for the throttle. */
    public Login login(String username, String password, String address) {
        String name = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        Optional<Duration> locked = throttle.lockedFor(name, address);
        if (locked.isPresent()) {
            // A locked-out guesser keeps trying: one line a minute per user and address, not one per attempt
            // (HttpFuzzIT's login flood wrote hundreds).
            java.util.OptionalLong heldBack = lockedLog.acquire(name + "@" + address);
            if (heldBack.isPresent()) {
                LOG.warn("login for '{}' from {} refused: locked for {} s more ({} more refusals not logged)",
                        printable(name), address, locked.get().toSeconds(), heldBack.getAsLong());
            }
            return new Login.Locked(locked.get());
        }
        Optional<UserAccount> account = name.isEmpty() ? Optional.empty() : repository.findByUsername(name);
        boolean ok = hasher.matches(password, account.map(UserAccount::passwordHash).orElse(null))
                && account.get().enabled();
        if (!ok) {
            boolean nowLocked = throttle.failed(name, address);
            if (nowLocked) {
                LOG.warn("login for '{}' from {} locked for {} after {} failures", printable(name), address,
                        settings.lockFor(), settings.maxFailures());
            } else {
                LOG.info("login for '{}' from {} failed", printable(name), address);
            }
            return new Login.Refused();
        }
        throttle.succeeded(name, address);
        LOG.info("login: {} ({}) from {}", name, account.get().role(), address);
        return new Login.Ok(account.get().toStaffUser());
    }

    /** Creates an account; {@code actor} is who asked (for the audit log). */
    public StaffUser create(NewUser u, String actor) {
        String username = u.username() == null ? "" : u.username().strip();
        if (!USERNAME.matcher(username).matches()) {
            throw new AccountException("username must be 2-40 of a-z 0-9 . _ -, starting with a letter", false);
        }
        String displayName = u.displayName() == null || u.displayName().isBlank() ? username : u.displayName().strip();
        if (displayName.length() > 100 || displayName.chars().anyMatch(Character::isISOControl)) {
            throw new AccountException("displayName must be at most 100 characters without control characters", false);
        }
        checkPassword(u.password());
        Role role = Role.parse(u.role()).orElseThrow(() -> new AccountException(
                "role must be one of " + List.of(Role.values()), false));
        String scope = u.scope() == null || u.scope().isBlank() ? null : u.scope().strip();
        if (role.gridScoped() && !access.knowsGrid(scope)) {
            throw new AccountException(role + " needs scope = a grid id of the site", false);
        }
        if (role == Role.CANTEEN_OPERATOR && !access.knowsCanteen(scope)) {
            throw new AccountException(role + " needs scope = a canteen id of the site", false);
        }
        if (!role.scoped()) {
            scope = null;
        }
        if (repository.findByUsername(username).isPresent()) {
            throw new AccountException("username " + username + " is taken", true);
        }
        UserAccount saved = repository.save(new UserAccount(null, username, displayName, hasher.hash(u.password()),
                role.name(), scope, true, clock.instant()));
        audit.save(AuditEntry.of(clock.instant(), actor, "user.create", username, role + (scope == null ? "" : " " + scope)));
        LOG.info("user {} ({}{}) created by {}", username, role, scope == null ? "" : " " + scope, actor);
        return saved.toStaffUser();
    }

    /**
     * Changes {@code username}'s password after checking the current one (a wrong one counts as a failed
     * login for the throttle). False when the current password is wrong or the pair is locked.
     */
    public boolean changePassword(String username, String current, String next, String address) {
        if (!(login(username, current, address) instanceof Login.Ok)) {
            return false;
        }
        checkPassword(next);
        UserAccount account = repository.findByUsername(username).orElseThrow();
        repository.update(account.id(), hasher.hash(next));
        audit.save(AuditEntry.of(clock.instant(), username, "user.password", username, null));
        LOG.info("user {} changed their password", username);
        return true;
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new AccountException("password must have " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters", false);
        }
    }

    /** Every account, by user name. */
    public List<StaffUser> list() {
        return repository.listOrderByUsername().stream().map(UserAccount::toStaffUser).toList();
    }

    /** Creates the first admin from the password file, when no admin exists yet. */
    @EventListener
    void onStartup(StartupEvent event) {
        if (repository.existsByRole(Role.COMMUNITY_ADMIN.name())) {
            return;
        }
        String file = settings.adminPasswordFile();
        if (file == null || file.isBlank()) {
            LOG.warn("no COMMUNITY_ADMIN account exists and linli.auth.admin-password-file (env LINLI_ADMIN_PASSWORD_FILE) "
                    + "is not set: nobody can log in to the dashboard until it is");
            return;
        }
        String password;
        try {
            password = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new io.micronaut.context.exceptions.ConfigurationException(
                    "linli.auth.admin-password-file: cannot read " + file + ": " + e, e);
        }
        try {
            create(new NewUser(settings.adminUsername(), "社区管理员", password, Role.COMMUNITY_ADMIN.name(), null), "system");
        } catch (AccountException e) {
            throw new io.micronaut.context.exceptions.ConfigurationException(
                    "linli.auth.admin-password-file: " + e.getMessage(), e);
        }
        LOG.info("created the first admin '{}' from {}", settings.adminUsername(), file);
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
