package org.linli.cloud.auth;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.linli.config.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/** Wires the framework-free auth core (policy, throttle, hashing, CSRF) and the session signing key. */
@Factory
public class AuthFactory {
    private static final Logger LOG = LoggerFactory.getLogger(AuthFactory.class);
    /** Failures are forgotten after this long without another one. */
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
    private static final int THROTTLE_KEYS = 10_000;

    @Singleton
    Access access(Site site) {
        return new Access(site);
    }

    @Singleton
    LoginThrottle loginThrottle(AuthSettings settings, Clock clock) {
        return new LoginThrottle(clock, settings.maxFailures(), settings.lockFor(), FAILURE_WINDOW, THROTTLE_KEYS);
    }

    @Singleton
    PasswordHasher passwordHasher(AuthSettings settings) {
        return new PasswordHasher(settings.bcryptCost());
    }

    /** The server secret: from the file, or random for this process only. */
    @Singleton
    @Named("linli-auth")
    byte[] serverSecret(AuthSettings settings) {
        if (settings.secretFile() == null || settings.secretFile().isBlank()) {
            LOG.info("linli.auth.secret-file (env LINLI_AUTH_SECRET_FILE) not set: a random session key is used, "
                    + "so logins end when the process stops and are not shared with other instances");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        try {
            byte[] secret = Files.readString(Path.of(settings.secretFile()), StandardCharsets.UTF_8).strip()
                    .getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw new ConfigurationException("linli.auth.secret-file: " + settings.secretFile()
                        + " must hold at least 32 bytes (e.g. openssl rand -base64 48)");
            }
            return secret;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigurationException ce) {
                throw ce;
            }
            throw new ConfigurationException("linli.auth.secret-file: cannot read " + settings.secretFile() + ": " + e, e);
        }
    }

    @Singleton
    CsrfTokens csrfTokens(@Named("linli-auth") byte[] secret) {
        return new CsrfTokens(derive(secret, "csrf"));
    }

    /** Signs and checks the session JWTs (HS256) with a key derived from the server secret. */
    @Singleton
    @Named("generator")
    SignatureGeneratorConfiguration sessionSignature(@Named("linli-auth") byte[] secret) {
        SecretSignatureConfiguration config = new SecretSignatureConfiguration("generator");
        config.setSecret(Base64.getEncoder().encodeToString(derive(secret, "session-jwt")));
        config.setBase64(true);
        return new SecretSignature(config);
    }

    private static byte[] derive(byte[] secret, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
