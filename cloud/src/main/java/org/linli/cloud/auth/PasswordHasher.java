package org.linli.cloud.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt (2a) with a per-hash salt; passwords longer than bcrypt's 72 bytes are pre-hashed with SHA-512
 * rather than cut. Comparing against a made-up hash when a user does not exist keeps the time of a login
 * the same for known and unknown names.
 */
public final class PasswordHasher {
    private final BCrypt.Hasher hasher;
    private final BCrypt.Verifyer verifyer;
    private final int cost;
    private final String dummyHash;

    public PasswordHasher(int cost) {
        this.hasher = BCrypt.with(BCrypt.Version.VERSION_2A, LongPasswordStrategies.hashSha512(BCrypt.Version.VERSION_2A));
        this.verifyer = BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.hashSha512(BCrypt.Version.VERSION_2A));
        this.cost = cost;
        this.dummyHash = hash("not-a-password-of-anyone");
    }

    public String hash(String password) {
        return new String(hasher.hash(cost, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    /** Whether {@code password} matches {@code hash}; a null hash (no such user) takes as long and says no. */
    public boolean matches(String password, String hash) {
        byte[] pw = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        if (hash == null) {
            verifyer.verify(pw, dummyHash.getBytes(StandardCharsets.US_ASCII));
            return false;
        }
        return verifyer.verify(pw, hash.getBytes(StandardCharsets.US_ASCII)).verified;
    }
}
