package org.linli.cloud.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins in a row for one user name from
 * one address, that pair is locked for {@code lockFor}; a lock refuses even the right password. Failures
 * older than {@code window} are forgotten, a success forgets them at once. Counts every failure, lock
 * and refusal. Thread-safe; holds at most {@code maxKeys} pairs (the stalest go first).
 */
public final class LoginThrottle {
    private final Clock clock;
    private final int maxFailures;
    private final Duration lockFor;
    private final Duration window;
    private final int maxKeys;
    private final Map<String, Entry> entries = new HashMap<>();
    private long failures;
    private long lockouts;
    private long refusedWhileLocked;

    public LoginThrottle(Clock clock, int maxFailures, Duration lockFor, Duration window, int maxKeys) {
        if (maxFailures < 1 || lockFor.isNegative() || window.isNegative() || maxKeys < 1) {
            throw new IllegalArgumentException("bad throttle settings");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockFor = lockFor;
        this.window = window;
        this.maxKeys = maxKeys;
    }

    /** Counters since start. */
    public record Counts(long failures, long lockouts, long refusedWhileLocked) {
    }

    /**
     * Whether a login attempt for {@code username} from {@code address} must be refused unchecked, and
     * for how much longer. A refusal is counted.
     */
    public synchronized Optional<Duration> lockedFor(String username, String address) {
        Instant now = clock.instant();
        Entry e = entries.get(key(username, address));
        if (e == null || e.lockedUntil == null || !now.isBefore(e.lockedUntil)) {
            return Optional.empty();
        }
        refusedWhileLocked++;
        return Optional.of(Duration.between(now, e.lockedUntil));
    }

    /** Records a wrong password (or unknown user); true when this failure locks the pair. */
    public synchronized boolean failed(String username, String address) {
        Instant now = clock.instant();
        failures++;
        String key = key(username, address);
        Entry e = entries.get(key);
        if (e == null || expired(e, now)) {
            e = new Entry();
            e.lastFailure = now;
            entries.put(key, e);
            evictIfFull(now);
        }
        e.failures++;
        e.lastFailure = now;
        if (e.failures >= maxFailures) {
            e.lockedUntil = now.plus(lockFor);
            e.failures = 0;
            lockouts++;
            return true;
        }
        return false;
    }

    /** Records a successful login: the pair's failures are forgotten. */
    public synchronized void succeeded(String username, String address) {
        entries.remove(key(username, address));
    }

    public synchronized Counts counts() {
        return new Counts(failures, lockouts, refusedWhileLocked);
    }

    private boolean expired(Entry e, Instant now) {
        boolean lockOver = e.lockedUntil == null || !now.isBefore(e.lockedUntil);
        boolean failuresStale = e.lastFailure == null || !now.isBefore(e.lastFailure.plus(window));
        return lockOver && (failuresStale || e.lockedUntil != null);
    }

    private void evictIfFull(Instant now) {
        if (entries.size() <= maxKeys) {
            return;
        }
        entries.values().removeIf(e -> expired(e, now));
        while (entries.size() > maxKeys) {
            entries.entrySet().stream()
                    .min(Comparator.comparing(en -> en.getValue().lastFailure == null ? Instant.MIN : en.getValue().lastFailure))
                    .ifPresent(oldest -> entries.remove(oldest.getKey()));
        }
    }

    private static String key(String username, String address) {
        return (username == null ? "" : username.strip().toLowerCase(Locale.ROOT)) + "\n" + (address == null ? "" : address);
    }

    private static final class Entry {
        int failures;
        Instant lastFailure;
        Instant lockedUntil;
    }
}
