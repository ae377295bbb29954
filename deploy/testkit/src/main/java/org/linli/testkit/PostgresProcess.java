package org.linli.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server on 127.0.0.1 and a free port: a cluster made by initdb in
 * {@code WORKDIR/pgdata} with trust authentication and superuser {@value #USER}, settings from
 * {@code deploy/local/conf/postgresql.conf.tmpl}, server output in {@code postgres.log}. When the JVM
 * runs as root, initdb and postgres run as the {@code postgres} OS user, since both refuse root.
 * Ready when the port accepts connections and {@code pg_isready} agrees. No JDBC driver is needed
 * here: the tests that use the server bring their own.
 *
 * <p>All methods throw unchecked exceptions; a failed start names the cause and shows the log tail.
 */
public final class PostgresProcess implements AutoCloseable {

    /** The superuser that initdb creates; with trust authentication it needs no password. */
    public static final String USER = "linli";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresProcess.class);
    private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    // The longest socket file name PostgreSQL appends to the directory, and the limit of sun_path.
    private static final int SOCKET_NAME_LENGTH = "/.s.PGSQL.65535".length();
    private static final int SOCKET_PATH_LIMIT = 107;

    private final int port;
    private final Path workDir;
    private final Path binDir;
    private final ManagedProcess process;

    private PostgresProcess(int port, Path workDir, Path binDir, ManagedProcess process) {
        this.port = port;
        this.workDir = workDir;
        this.binDir = binDir;
        this.process = process;
    }

    /**
     * As root, the cluster belongs to the postgres user, who must be able to reach it. A checkout
     * under a private home (e.g. /root) is out of its reach, so the cluster then lives in a
     * world-searchable directory under /tmp named after the work dir, and a link in the work dir
     * points at it for whoever reads the logs.
     */
    private static Path reachableDir(Path workDir) {
        try {
            if (!OsUser.isRoot() || OsUser.reachableByOthers(workDir)) {
                return workDir;
            }
            Path dir = WorkDirs.reset(Path.of(System.getProperty("java.io.tmpdir"), "linli-it-pg-"
                    + Integer.toHexString(workDir.toString().hashCode())));
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(workDir);
            Path link = workDir.resolve("cluster");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a directory the postgres user can reach for " + workDir, e);
        }
    }

    /**
     * Runs initdb into {@code workDir/pgdata} unless a cluster is already there, starts the server and
     * waits until it accepts connections. {@code fsync} is off: a test cluster is thrown away anyway.
     */
    public static PostgresProcess start(Path workDir) {
        Path binDir = Binaries.postgresBinDir();
        Path dir = reachableDir(workDir.toAbsolutePath());
        Path pgdata = dir.resolve("pgdata");
        int port = Ports.free();
        List<String> asOwner = OsUser.postgresPrefix();
        try {
            Files.createDirectories(dir.resolve("socket"));
            OsUser.handToPostgres(dir);
            if (!Files.exists(pgdata.resolve("PG_VERSION"))) {
                initdb(binDir, asOwner, dir, pgdata);
            }
            Path socketDir = dir.resolve("socket");
            // Past the length limit of a socket address, PostgreSQL would refuse to start; an empty
            // list turns Unix sockets off, and everything here uses TCP anyway.
            String socketDirs = socketDir.toString().length() + SOCKET_NAME_LENGTH <= SOCKET_PATH_LIMIT
                    ? socketDir.toString() : "";
            String config = Template.render(Template.load("postgresql.conf.tmpl"), Map.of(
                    "PORT", Integer.toString(port),
                    "SOCKET_DIR", socketDirs));
            Files.writeString(pgdata.resolve("linli.conf"), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare postgres in " + dir, e);
        }
        List<String> command = new ArrayList<>(asOwner);
        command.addAll(List.of(binDir.resolve("postgres").toString(), "-D", pgdata.toString(), "-c", "fsync=off"));
        ManagedProcess process = new ManagedProcess("postgres", command, dir, dir.resolve("postgres.log"));
        PostgresProcess postgres = new PostgresProcess(port, dir, binDir, process);
        postgres.launch();
        return postgres;
    }

    private static void initdb(Path binDir, List<String> asOwner, Path dir, Path pgdata) throws IOException {
        List<String> command = new ArrayList<>(asOwner);
        // --no-sync: nothing is gained by flushing a cluster that lives for one test run.
        command.addAll(List.of(binDir.resolve("initdb").toString(), "--pgdata=" + pgdata, "--auth=trust",
                "-U", USER, "-E", "UTF8", "--locale=C", "--no-sync"));
        Commands.require(command, dir, dir.resolve("initdb.log"), INITDB_TIMEOUT);
        // The shared settings are rendered into linli.conf on every start; initdb's file includes them.
        Files.writeString(pgdata.resolve("postgresql.conf"),
                System.lineSeparator() + "include_if_exists = 'linli.conf'" + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The TCP port on 127.0.0.1; it stays the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}, e.g. for one made by {@link #createDatabase}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** {@value #USER}. */
    public String user() {
        return USER;
    }

    /** Empty: the cluster trusts every local connection. */
    public String password() {
        return "";
    }

    public Path workDir() {
        return workDir;
    }

    /** Creates a database owned by {@value #USER} with the {@code createdb} of the same installation. */
    public void createDatabase(String name) {
        Commands.require(List.of(binDir.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", USER, name), workDir, workDir.resolve("commands.log"), COMMAND_TIMEOUT);
    }

    /**
     * Stops the server with SIGINT, PostgreSQL's fast shutdown, and waits for it to exit. SIGTERM would
     * wait for every client to disconnect, and a connection pool left open by a test would hang it.
     */
    public void stop() {
        process.stop("INT");
    }

    /** Ends the postmaster with SIGKILL, for fault tests; its backends notice and exit on their own. */
    public void kill() {
        process.kill();
    }

    /** Starts the server again on the same port and cluster (stopping it first if it runs). */
    public void restart() {
        stop();
        launch();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void launch() {
        process.start();
        process.awaitReady(this::acceptsQueries, START_TIMEOUT, List.of(workDir.resolve("postgres.log")));
        LOG.info("postgres ready on {} (work dir {})", jdbcUrl(), workDir);
    }

    // The port opens before recovery ends; pg_isready tells when the server really takes connections.
    private boolean acceptsQueries() {
        return Ports.accepts(port)
                && Commands.run(List.of(binDir.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1",
                        "-p", Integer.toString(port), "-U", USER, "-d", "postgres"),
                        workDir, workDir.resolve("commands.log"), COMMAND_TIMEOUT) == 0;
    }

    @Override
    public String toString() {
        return "PostgresProcess[" + jdbcUrl() + "]";
    }
}
