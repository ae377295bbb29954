package org.linli.cloud.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsrfTokensTest {
    private final CsrfTokens tokens = new CsrfTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldAcceptTheTokenOfTheSession() {
        assertTrue(tokens.matches("session-a", tokens.tokenFor("session-a")));
        assertEquals(tokens.tokenFor("session-a"), tokens.tokenFor("session-a"));
    }

    @Test
    void shouldRefuseAnotherSessionsTokenAndNothing() {
        assertNotEquals(tokens.tokenFor("session-a"), tokens.tokenFor("session-b"));
        assertFalse(tokens.matches("session-b", tokens.tokenFor("session-a")));
        assertFalse(tokens.matches("session-a", null));
        assertFalse(tokens.matches("session-a", ""));
        assertFalse(tokens.matches(null, tokens.tokenFor("session-a")));
    }

    @Test
    void shouldDependOnTheServerKey() {
        CsrfTokens other = new CsrfTokens("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
        assertFalse(other.matches("session-a", tokens.tokenFor("session-a")));
    }

    @Test
    void shouldRefuseAShortKey() {
        assertThrows(IllegalArgumentException.class, () -> new CsrfTokens(new byte[16]));
    }
}
