package org.linli.sim.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark helper for {@code deploy/bench/gateway-bench.sh}, not a test: waits until a running
 * gateway's SQLite buffer holds at least the expected number of readings (pending plus in sealed
 * batches), so the script knows a backlog is on disk before it brings the cloud broker back.
 *
 * <p>{@code java -cp linli-sim.jar org.linli.sim.bench.BufferWait BUFFER_DB EXPECTED TIMEOUT_S}. Reads
 * only (the gateway keeps writing in WAL mode); prints {@code buffered=N} on stdout; exit code 0 when
 * the expected number was reached, 1 otherwise.
 */
public final class BufferWait {

    private BufferWait() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BufferWait BUFFER_DB EXPECTED TIMEOUT_S");
            System.exit(2);
        }
        String db = args[0];
        long expected = Long.parseLong(args[1]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        long buffered = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro")) {
            while (System.nanoTime() < deadline) {
                buffered = count(connection);
                if (buffered >= expected) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
        // The result line is this program's output, read by the bench script.
        System.out.println("buffered=" + buffered);
        System.exit(buffered >= expected ? 0 : 1);
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM pending)"
                     + " + (SELECT coalesce(sum(readings), 0) FROM batches)")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException notYet) {
            // the gateway has not created its tables yet
            return 0;
        }
    }
}
