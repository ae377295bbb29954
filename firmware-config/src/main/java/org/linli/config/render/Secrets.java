package org.linli.config.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The plaintext MQTT passwords in {@code DIR/secrets/NAME.pass}. A password is kept across re-renders
 * unless rotation is asked for: a re-render must never lock out a Pi already in the field.
 */
final class Secrets {
    private static final int PASSWORD_BYTES = 24;

    private final Path dir;
    private final boolean rotate;
    private final SecureRandom random;

    Secrets(Path dir, boolean rotate, SecureRandom random) {
        this.dir = dir;
        this.rotate = rotate;
        this.random = random;
    }

    /** The password of {@code account}: the stored one, or a new one (stored 0600) when absent or rotating. */
    String password(String account) throws IOException {
        Path file = file(account);
        if (!rotate && Files.isRegularFile(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!stored.isEmpty()) {
                return stored;
            }
        }
        OutputFiles.privateDir(dir);
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        // URL-safe base64 without padding: no character a shell, YAML or an env file would need to quote.
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OutputFiles.write(file, password + "\n", OutputFiles.SECRET);
        return password;
    }

    Path file(String account) {
        return dir.resolve(account + ".pass");
    }
}
