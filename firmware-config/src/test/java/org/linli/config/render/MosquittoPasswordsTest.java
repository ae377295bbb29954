package org.linli.config.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MosquittoPasswordsTest {

    /** Written by mosquitto_passwd 2.0.11: {@code mosquitto_passwd -c -b pw.txt alice s3cret}. */
    private static final String FROM_MOSQUITTO_PASSWD =
            "$7$101$cxnl/yFlUIh7lR7F$CdgFk/WWczNwebIYdhj6Y4v3uUk5iNQESflzyhWj/Slt1Fhh1dgkZEHIQfn9leSjSj91FY7bPh/VI3Cilc+tug==";

    @Test
    void shouldHashExactlyAsMosquittoPasswdDoes() {
        byte[] salt = Base64.getDecoder().decode("cxnl/yFlUIh7lR7F");

        assertEquals(FROM_MOSQUITTO_PASSWD, MosquittoPasswords.hash("s3cret", salt, 101));
    }

    @Test
    void shouldWriteUserPbkdf2Sha512With101IterationsAndA12ByteSalt() {
        String line = MosquittoPasswords.line("gw-north", "pw", new SecureRandom());

        String[] parts = line.split("\\$");
        assertEquals("gw-north:", parts[0]);
        assertEquals("7", parts[1]);
        assertEquals("101", parts[2]);
        assertEquals(12, Base64.getDecoder().decode(parts[3]).length);
        assertEquals(64, Base64.getDecoder().decode(parts[4]).length);
    }

    @Test
    void shouldNeverContainThePassword() {
        String password = "correct-horse-battery";

        String line = MosquittoPasswords.line("gw-north", password, new SecureRandom());

        assertFalse(line.contains(password));
        assertTrue(MosquittoPasswords.matches(password, line.substring(line.indexOf(':') + 1)));
        assertFalse(MosquittoPasswords.matches("wrong", line.substring(line.indexOf(':') + 1)));
    }
}
