package org.linli.config.render;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password-file lines in Mosquitto 2.x's {@code sha512-pbkdf2} format, the one {@code mosquitto_passwd}
 * writes by default: {@code user:$7$ITERATIONS$BASE64(salt)$BASE64(hash)}, PBKDF2-HMAC-SHA512 with a
 * 12-byte salt and a 64-byte hash, standard base64 with padding. Checked against mosquitto_passwd's
 * output and by a real broker in BrokerAclIT.
 */
public final class MosquittoPasswords {
    /** mosquitto_passwd's default; the broker reads the count from each line. */
    public static final int ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int HASH_BITS = 512;

    private MosquittoPasswords() {
    }

    /** One password-file line for {@code user}; the password itself appears nowhere in it. */
    public static String line(String user, String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return user + ":" + hash(password, salt, ITERATIONS);
    }

    static String hash(String password, byte[] salt, int iterations) {
        // PBEKeySpec takes chars and the JDK's PBKDF2 encodes them as UTF-8, as mosquitto hashes the raw bytes.
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return "$7$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** True when {@code password} matches the hash part ({@code $7$...}) of a password-file line. */
    static boolean matches(String password, String hashField) {
        String[] parts = hashField.split("\\$");
        if (parts.length != 5 || !"7".equals(parts[1])) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[3]);
        String expected = hash(password, salt, Integer.parseInt(parts[2]));
        return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                hashField.getBytes(StandardCharsets.US_ASCII));
    }
}
