package org.linli.cloud.auth;

import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sessions ended by logout before their expiry: a copied cookie is refused after its owner logged out.
 * Kept in memory until the session would have expired anyway (so per instance, and not across restarts).
 */
@Singleton
public class RevokedSessions {
    private final ConcurrentMap<String, Instant> revoked = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AuthSettings settings;

    public RevokedSessions(Clock clock, AuthSettings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    public void revoke(String session) {
        Instant now = clock.instant();
        revoked.values().removeIf(until -> until.isBefore(now));
        revoked.put(hash(session), now.plus(settings.sessionTtl()));
    }

    public boolean isRevoked(String session) {
        Instant until = revoked.get(hash(session));
        return until != null && until.isAfter(clock.instant());
    }

    private static String hash(String session) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(session.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
