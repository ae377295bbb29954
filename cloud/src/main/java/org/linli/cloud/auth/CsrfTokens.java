package org.linli.cloud.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Anti-CSRF tokens bound to a login: the token is an HMAC of the session cookie's value, so it changes
 * with every login, needs no storage, and a page of another site can neither read nor forge it. The
 * browser sends it back in the {@code X-CSRF-Token} header with every state-changing request.
 */
public final class CsrfTokens {
    private final byte[] key;

    /** {@code key}: a server secret of at least 32 bytes, not the one that signs the session. */
    public CsrfTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the CSRF key needs at least 32 bytes");
        }
        this.key = key.clone();
    }

    /** The token for the session whose cookie value is {@code session}. */
    public String tokenFor(String session) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sum = mac.doFinal(("csrf:" + session).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether {@code token} is the one for {@code session}, compared in constant time. */
    public boolean matches(String session, String token) {
        if (session == null || session.isEmpty() || token == null || token.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(session).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }
}
