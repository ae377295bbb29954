package org.linli.cloud.canteen;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.env.Environment;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.linli.cloud.app.MqttSettings;
import org.linli.config.Canteen;
import org.linli.config.CanteenPolicyLoader;
import org.linli.config.ConfigException;
import org.linli.config.Site;
import org.linli.wire.CanteenCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.HexFormat;
import java.util.Map;

/** Wires the canteen: its pure parts, its SQL stores and its own MQTT connection. */
@Factory
public class CanteenFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CanteenFactory.class);

    @Singleton
    CanteenCodec canteenCodec() {
        return new CanteenCodec();
    }

    /**
     * A configured key file is read at start-up (a bad one stops it); the default one under the data
     * directory is created with a random key at the first import.
     */
    @Singleton
    KeyHasher keyHasher(CanteenSettings settings, @Value("${linli.data-dir:./data}") String dataDir) {
        if (settings.key() != null && !settings.key().isBlank()) {
            byte[] key = settings.key().strip().getBytes(StandardCharsets.UTF_8);
            if (key.length < 16) {
                throw new ConfigurationException("linli.canteen.key (LINLI_CANTEEN_KEY) must be at least 16 bytes");
            }
            return new KeyHasher(key);
        }
        if (settings.keyFile() != null && !settings.keyFile().isBlank()) {
            return new KeyHasher(readKey(Path.of(settings.keyFile()), false));
        }
        Path file = Path.of(dataDir, "canteen.key");
        return KeyHasher.lazy(() -> readKey(file, true));
    }

    private static byte[] readKey(Path file, boolean create) {
        try {
            if (create && Files.notExists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    LOG.debug("no POSIX permissions on {}", file);
                }
                LOG.warn("linli.canteen.key-file: created a new random key in {}; back it up with the database "
                        + "(without it re-imports no longer find their members)", file);
            }
            byte[] key = Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
            if (key.length < 16) {
                throw new IllegalArgumentException("the key must be at least 16 bytes, was " + key.length);
            }
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("linli.canteen.key-file: cannot use " + file + ": " + e.getMessage(), e);
        }
    }

    @Singleton
    RosterStore rosterStore(TransactionOperations<Connection> tx, KeyHasher hasher) {
        return new RosterStore(tx, hasher);
    }

    @Singleton
    MealLedger mealLedger(TransactionOperations<Connection> tx, Site site, CanteenSettings settings) {
        Map<String, DailyLimit> limits = new HashMap<>();
        for (Canteen c : site.canteens()) {
            if (c.policy() != null) {
                try {
                    limits.put(c.id(), DailyLimit.of(CanteenPolicyLoader.preset(c.policy())));
                } catch (ConfigException e) {
                    throw new ConfigurationException("linli.site-file: canteen " + c.id() + ": policy " + c.policy()
                            + ": " + e.getMessage(), e);
                }
            }
        }
        return new MealLedger(tx, site.zone(), settings.twoCanteens(), limits);
    }

    @Singleton
    CanteenCounters canteenCounters(Clock clock) {
        return new CanteenCounters(clock);
    }

    @Singleton
    CanteenOutbox canteenOutbox(Site site, CanteenCodec codec, RosterStore roster, MealLedger ledger) {
        try {
            return new CanteenOutbox(site, codec, roster, ledger);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("linli.site-file: " + e.getMessage(), e);
        }
    }

    /** Started with the context, beside the readings' connection, under its own client id. */
    @Context
    @Bean(preDestroy = "close")
    CanteenMqtt canteenMqtt(MqttSettings mqtt, CanteenSettings settings, Site site, CanteenCodec codec,
                            MealLedger ledger, CanteenCounters counters, CanteenOutbox outbox, Clock clock,
                            Environment env) {
        checkDurations(env);
        String base = mqtt.clientId() == null || mqtt.clientId().isBlank() ? "linli-cloud-" + hostName() : mqtt.clientId();
        String clientId = base + "-canteen";
        byte[] password = mqtt.passwordFile() == null || mqtt.passwordFile().isBlank() ? null : readPassword(mqtt.passwordFile());
        MealWorker worker = new MealWorker(new MealIntake(codec, site), ledger, counters, clock);
        try {
            CanteenMqtt client = new CanteenMqtt(mqtt.uri(), clientId, mqtt.username(), password, settings.sessionExpiry(),
                    worker, outbox, clock, site.zone(), settings.claimsDebounce());
            client.start();
            return client;
        } catch (MqttException | IllegalArgumentException e) {
            throw new ConfigurationException("linli.mqtt: cannot set up the canteen's MQTT client for " + mqtt.uri()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * A duration that does not convert would silently become its default; refuse it instead, naming
     * the key.
     */
    static void checkDurations(Environment env) {
        for (String key : List.of("two-canteens", "claims-debounce", "retention-decisions", "retention-meals",
                "retention-interval", "session-expiry")) {
            String name = "linli.canteen." + key;
            Optional<String> raw = env.getProperty(name, String.class);
            if (raw.isPresent() && env.getProperty(name, Duration.class).isEmpty()) {
                throw new ConfigurationException(name + ": '" + raw.get() + "' is not a duration such as 30s, 30m, 6h or 90d");
            }
        }
    }

    private static String hostName() {
        try {
            String host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "-");
            return host.isBlank() ? "unknown" : host;
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static byte[] readPassword(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException("linli.mqtt.password-file: cannot read " + file + ": " + e, e);
        }
    }
}
