package org.linli.ops;

import org.linli.testkit.Command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.linli.testkit.InfluxProcess;
import org.linli.testkit.PostgresProcess;
import org.linli.testkit.Services;

/**
 * deploy/backup/backup.sh and restore.sh against real PostgreSQL and InfluxDB processes: write data,
 * back up, wipe both databases, restore, and find every row and point (and the retention policies and
 * continuous queries) back. A restore over existing data is refused unless asked for.
 */
class BackupRestoreIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final Services services = Services.create().influx().postgres();

    @TempDir
    Path dir;

    private Map<String, String> env;

    @BeforeEach
    void prepare() {
        InfluxProcess influx = services.influxProcess();
        PostgresProcess postgres = services.postgresProcess();
        env = new HashMap<>(Map.of(
                "PGHOST", "127.0.0.1", "PGPORT", Integer.toString(postgres.port()), "PGUSER", postgres.user(),
                "PGDATABASE", "linli", "INFLUX_URL", influx.url(), "INFLUX_RPC", influx.rpcAddress(), "INFLUX_DB", "linli"));
        influx.query(null, "DROP DATABASE \"linli\"");
        psql("postgres", "DROP DATABASE IF EXISTS linli");
    }

    @Test
    void shouldRestoreEveryRowAndPointAfterTheDatabasesWereWiped() throws Exception {
        InfluxProcess influx = services.influxProcess();
        seed(influx);
        String pointsBefore = influx.query("linli", "SELECT count(\"occupied\") FROM \"occupancy\"");
        assertTrue(pointsBefore.contains(",500]"), pointsBefore);

        Command backup = run("deploy/backup/backup.sh", dir.resolve("backups").toString());
        assertEquals(0, backup.exitCode(), backup.toString());
        Path made = Path.of(backup.stdout().lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(Files.isRegularFile(made.resolve("postgres-linli.dump")), backup.toString());
        assertTrue(Files.isRegularFile(made.resolve("SHA256SUMS")), backup.toString());

        influx.query(null, "DROP DATABASE \"linli\"");
        psql("postgres", "DROP DATABASE linli");
        assertFalse(influx.query(null, "SHOW DATABASES").contains("[\"linli\"]"));

        Command restore = run("deploy/backup/restore.sh", made.toString());
        assertEquals(0, restore.exitCode(), restore.toString());

        assertEquals(pointsBefore, influx.query("linli", "SELECT count(\"occupied\") FROM \"occupancy\""));
        assertEquals("3|1500", psql("linli", "SELECT count(*), sum(subsidy_fen) FROM meal"));
        assertEquals("resolved", psql("linli", "SELECT status FROM ticket WHERE id = 7"));
        String policies = influx.query("linli", "SHOW RETENTION POLICIES ON \"linli\"");
        assertTrue(policies.contains("[\"raw_30d\",\"720h0m0s\",\"24h0m0s\",1,true]"), policies);
        assertTrue(influx.query(null, "SHOW CONTINUOUS QUERIES").contains("cq_noise_1m"),
                "the continuous queries are not in a portable backup; restore.sh applies them again");
    }

    @Test
    void shouldRefuseToRestoreOverExistingDatabasesUnlessAskedTo() throws Exception {
        InfluxProcess influx = services.influxProcess();
        seed(influx);
        Command backup = run("deploy/backup/backup.sh", dir.resolve("backups").toString());
        assertEquals(0, backup.exitCode(), backup.toString());
        Path made = Path.of(backup.stdout().lines().reduce((a, b) -> b).orElseThrow());
        psql("linli", "INSERT INTO meal (member, subsidy_fen) VALUES ('m-after-backup', 500)");

        Command refused = run("deploy/backup/restore.sh", made.toString());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertEquals("4", psql("linli", "SELECT count(*) FROM meal"), "nothing changed by a refused restore");

        Command replaced = run("deploy/backup/restore.sh", "--replace", made.toString());
        assertEquals(0, replaced.exitCode(), replaced.toString());
        assertEquals("3", psql("linli", "SELECT count(*) FROM meal"));
        assertTrue(influx.query("linli", "SELECT count(\"occupied\") FROM \"occupancy\"").contains(",500]"));
    }

    @Test
    void shouldRefuseADamagedBackup() throws Exception {
        seed(services.influxProcess());
        Command backup = run("deploy/backup/backup.sh", dir.resolve("backups").toString());
        Path made = Path.of(backup.stdout().lines().reduce((a, b) -> b).orElseThrow());
        Files.writeString(made.resolve("postgres-linli.dump"), "truncated");
        psql("postgres", "DROP DATABASE linli");

        Command restore = run("deploy/backup/restore.sh", made.toString());

        assertEquals(1, restore.exitCode(), restore.toString());
        assertTrue(restore.stderr().contains("SHA256SUMS"), restore.toString());
    }

    private void seed(InfluxProcess influx) throws Exception {
        assertEquals(0, Command.run(Repo.root(), TIMEOUT, env, Repo.file("deploy/influx/retention.sh").toString(), "apply")
                .exitCode());
        StringBuilder lines = new StringBuilder();
        long start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1)).toEpochMilli();
        for (int i = 0; i < 500; i++) {
            lines.append("occupancy,site=huayuan,gateway=gw-01,sensor=pir-1,space=plaza-east,grid=g1-1 occupied=")
                    .append(i % 2).append(".0,quality=\"good\",seq=").append(i).append("i ").append(start + i * 1000L).append('\n');
        }
        Repo.write(influx.url(), "linli", lines.toString());
        psql("postgres", "CREATE DATABASE linli");
        psql("linli", "CREATE TABLE meal (id serial PRIMARY KEY, member text NOT NULL, subsidy_fen bigint NOT NULL)");
        psql("linli", "INSERT INTO meal (member, subsidy_fen) VALUES ('m-1', 500), ('m-2', 500), ('m-3', 500)");
        psql("linli", "CREATE TABLE ticket (id int PRIMARY KEY, status text NOT NULL)");
        psql("linli", "INSERT INTO ticket VALUES (7, 'resolved')");
    }

    private Command run(String script, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = Repo.file(script).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return Command.run(Repo.root(), TIMEOUT, env, command);
    }

    private String psql(String database, String sql) {
        PostgresProcess postgres = services.postgresProcess();
        Command c = Command.run(Repo.root(), TIMEOUT, "psql", "-X", "-h", "127.0.0.1", "-p", Integer.toString(postgres.port()),
                "-U", postgres.user(), "-d", database, "-tA", "-v", "ON_ERROR_STOP=1", "-c", sql).ok();
        return c.stdout().strip();
    }
}
