package org.linli.cloud.audit;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.linli.cloud.auth.NewUser;
import org.linli.cloud.auth.UserAccount;
import org.linli.cloud.auth.UserAccountRepository;
import org.linli.cloud.auth.UserAccounts;
import org.linli.testkit.Services;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema is Flyway's on both databases the cloud runs on: a real PostgreSQL server, and the
 * embedded H2 file that is the default, which keeps its rows across a restart.
 */
class DatabaseIT {

    @RegisterExtension
    static final Services services = Services.create().postgres();

    private static Map<String, Object> props() throws URISyntaxException {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(DatabaseIT.class.getResource("/site.yaml").toURI()).toString());
        // No broker or InfluxDB: the cloud keeps trying them and starts anyway.
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-db-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("micronaut.server.port", -1);
        return props;
    }

    @Test
    void shouldMigrateAndKeepTheAuditLogOnPostgres() throws Exception {
        Map<String, Object> props = props();
        props.put("datasources.default.url", services.postgresProcess().jdbcUrl());
        props.put("datasources.default.username", services.postgresProcess().user());
        props.put("datasources.default.password", services.postgresProcess().password());
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
            ApplicationContext ctx = server.getApplicationContext();
            assertTrue(appliedMigrations().containsAll(List.of("1", "5")), appliedMigrations().toString());
            ctx.getBean(AuditRepository.class).save(AuditEntry.of(at, "wang", "roster.view", "canteen-1", null));
            ctx.getBean(UserAccounts.class).create(new NewUser("wang", "王建华", "long-enough-password", "GRID_HEAD", "g1"), "test");
        }
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
            List<AuditEntry> entries = server.getApplicationContext().getBean(AuditRepository.class)
                    .findBySubjectOrderByAt("canteen-1");
            assertEquals(1, entries.size());
            assertEquals("wang", entries.get(0).actor());
            assertEquals(at, entries.get(0).at());
            UserAccount wang = server.getApplicationContext().getBean(UserAccountRepository.class).findByUsername("wang").orElseThrow();
            assertEquals("GRID_HEAD", wang.role());
            assertTrue(wang.passwordHash().startsWith("$2a$"), "a bcrypt hash, not the password");
        }
    }

    @Test
    void shouldKeepTheEmbeddedDefaultAcrossARestart(@TempDir Path dataDir) throws Exception {
        Map<String, Object> props = props();
        // The production default's URL, not the test environment's in-memory database.
        props.put("datasources.default.url", "jdbc:h2:file:" + dataDir + "/linli-cloud;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        Instant at = Instant.parse("2026-11-22T04:00:00Z");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
            server.getApplicationContext().getBean(AuditRepository.class)
                    .save(AuditEntry.of(at, "li", "settlement.export", "canteen-2", "312 meals"));
        }
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
            List<AuditEntry> entries = server.getApplicationContext().getBean(AuditRepository.class)
                    .findByAtGreaterThanEqualsAndAtLessThanOrderByAt(at, at.plusSeconds(1));
            assertEquals(List.of("312 meals"), entries.stream().map(AuditEntry::detail).toList());
        }
    }

    /** Asked over a connection of its own, not the application's. */
    private static List<String> appliedMigrations() throws SQLException {
        try (Connection c = DriverManager.getConnection(services.postgresProcess().jdbcUrl(),
                services.postgresProcess().user(), services.postgresProcess().password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            List<String> versions = new ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
            return versions;
        }
    }
}
