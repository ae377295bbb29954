package org.linli.cloud.auth;

import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Creates staff accounts in an in-process cloud and logs them in, for ITs:
 * {@code WebClient li = TestUsers.loginAs(server, "li", Role.GRID_WORKER, "g1-1");}
 */
public final class TestUsers {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestUsers() {
    }

    /** Creates the account with a fresh random password and returns the password. */
    public static String create(EmbeddedServer server, String username, String displayName, Role role, String scope) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        server.getApplicationContext().getBean(UserAccounts.class)
                .create(new NewUser(username, displayName, password, role.name(), scope), "test");
        return password;
    }

    /** Creates the account and logs it in. */
    public static WebClient loginAs(EmbeddedServer server, String username, Role role, String scope) {
        String password = create(server, username, username, role, scope);
        return WebClient.login(base(server), username, password);
    }

    public static URI base(EmbeddedServer server) {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }
}
