package org.linli.cloud.canteen;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Turns an external key (an ID-card number) into a keyed hash, HMAC-SHA256 under the cloud's secret,
 * so the roster can find a member again on re-import without keeping the number. Without the secret
 * the hash cannot be matched against a list of ID numbers. Thread-safe.
 */
public final class KeyHasher {
    private static final String ALGORITHM = "HmacSHA256";
    private final Supplier<byte[]> source;
    private volatile SecretKeySpec key;

    /** @param secret at least 16 bytes */
    public KeyHasher(byte[] secret) {
        this.key = spec(secret);
        this.source = null;
    }

    /**
     * A key read (or created) on first use, so that an instance that never imports a roster writes no
     * key file.
     */
    public static KeyHasher lazy(Supplier<byte[]> source) {
        return new KeyHasher(source);
    }

    private KeyHasher(Supplier<byte[]> source) {
        this.source = source;
    }

    private static SecretKeySpec spec(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the canteen key must be at least 16 bytes, was " + secret.length);
        }
        return new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = spec(source.get());
                }
                k = key;
            }
        }
        return k;
    }

    /** 64 hex characters. */
    public String hash(String externalKey) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key());
            return HexFormat.of().formatHex(mac.doFinal(externalKey.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
