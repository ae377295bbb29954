package org.linli.gateway.counter;

import org.linli.config.canteen.VerificationMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The counter's ledger: one SQLite file (WAL, {@code synchronous=FULL}) holding every decision with
 * what the staff did with it, whether the cloud has acknowledged it, and the last good roster,
 * policy and claims from the cloud. Each write is one committed transaction on disk before the
 * method returns, so what the display shows has survived a power cut.
 *
 * <p>The ledger is also the outbox of meal records: closed entries are sent until the cloud broker's
 * PUBACK marks them sent; nothing is ever deleted here.
 *
 * <p>Blocking and not thread-safe: the counter calls it from its ordered worker tasks only.
 */
public final class Ledger implements AutoCloseable {
    private static final String COLUMNS = "event_id, terminal, display_name, canteen, member, method, face_failed_before,"
            + " meal_window, meal_date, decided_at, eligible, reason, tier, price_fen, subsidy_fen, pay_fen, alternatives,"
            + " zh, en, policy_version, roster_version, offline, status, closed_at";

    private final Path path;
    private final java.time.ZoneId zone;
    private Connection db;

    /**
     * @param path the file; its directory is created if missing
     * @param zone the site's zone, for the local date of each meal
     */
    public Ledger(Path path, java.time.ZoneId zone) {
        this.path = path;
        this.zone = zone;
    }

    /** Opens (and creates) the file. */
    public void open() throws SQLException, IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        db = DriverManager.getConnection("jdbc:sqlite:" + path);
        try (Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SQLException(path + ": cannot switch to WAL");
                }
            }
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("CREATE TABLE IF NOT EXISTS decisions (event_id TEXT PRIMARY KEY, terminal TEXT NOT NULL,"
                    + " display_name TEXT, canteen TEXT NOT NULL, member TEXT, method TEXT NOT NULL,"
                    + " face_failed_before INTEGER NOT NULL, meal_window TEXT, meal_date TEXT NOT NULL,"
                    + " decided_at INTEGER NOT NULL, eligible INTEGER NOT NULL, reason TEXT NOT NULL, tier TEXT,"
                    + " price_fen INTEGER NOT NULL, subsidy_fen INTEGER NOT NULL, pay_fen INTEGER NOT NULL,"
                    + " alternatives TEXT NOT NULL, zh TEXT NOT NULL, en TEXT NOT NULL, policy_version INTEGER NOT NULL,"
                    + " roster_version INTEGER NOT NULL, offline INTEGER NOT NULL, status TEXT NOT NULL,"
                    // rowid (implicit, increasing) keeps the order decisions were made in.
                    + " closed_at INTEGER, sent INTEGER NOT NULL DEFAULT 0)");
            s.execute("CREATE INDEX IF NOT EXISTS decisions_member_day ON decisions (member, meal_date)");
            s.execute("CREATE INDEX IF NOT EXISTS decisions_open ON decisions (status, sent)");
            s.execute("CREATE TABLE IF NOT EXISTS cloud_cache (kind TEXT PRIMARY KEY, version INTEGER NOT NULL,"
                    + " payload BLOB NOT NULL)");
        }
    }

    @Override
    public void close() throws SQLException {
        if (db != null) {
            db.close();
            db = null;
        }
    }

    /** The entry with this event id. */
    public Optional<LedgerEntry> find(String eventId) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT " + COLUMNS + " FROM decisions WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        }
    }

    /** The member's subsidised meals on {@code date} that were not cancelled (pending ones count). */
    public List<SubsidisedMeal> mealsOn(String member, LocalDate date) throws SQLException {
        if (member == null) {
            return List.of();
        }
        List<SubsidisedMeal> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT " + COLUMNS + " FROM decisions WHERE member = ?"
                + " AND meal_date = ? AND eligible = 1 AND status <> 'CANCELLED' ORDER BY decided_at")) {
            q.setString(1, member);
            q.setString(2, date.toString());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    entry(rs).decision().meal().ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** Writes a new entry, committed before returning. */
    public void insert(LedgerEntry e) throws SQLException {
        Decision d = e.decision();
        try (PreparedStatement u = db.prepareStatement("INSERT INTO decisions (" + COLUMNS + ") VALUES"
                + " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 1;
            u.setString(i++, e.eventId());
            u.setString(i++, e.terminalId());
            u.setString(i++, e.displayName());
            u.setString(i++, d.canteenId());
            u.setString(i++, d.memberId());
            u.setString(i++, d.method().name());
            u.setInt(i++, e.faceFailedBefore() ? 1 : 0);
            u.setString(i++, d.window());
            u.setString(i++, d.at().atZone(zone).toLocalDate().toString());
            u.setLong(i++, d.at().toEpochMilli());
            u.setInt(i++, d.eligible() ? 1 : 0);
            u.setString(i++, d.reason().name());
            u.setString(i++, d.tier());
            u.setLong(i++, d.priceFen());
            u.setLong(i++, d.subsidyFen());
            u.setLong(i++, d.payFen());
            u.setString(i++, String.join(",", d.alternatives().stream().map(Enum::name).toList()));
            u.setString(i++, d.zh());
            u.setString(i++, d.en());
            u.setLong(i++, e.policyVersion());
            u.setLong(i++, e.rosterVersion());
            u.setInt(i++, e.offline() ? 1 : 0);
            u.setString(i++, e.status().name());
            if (e.closedAt() == null) {
                u.setNull(i, Types.INTEGER);
            } else {
                u.setLong(i, e.closedAt().toEpochMilli());
            }
            u.executeUpdate();
        }
    }

    /**
     * Closes a pending entry, committed before returning.
     *
     * @return the entry as it is now: closed by this call, or as it was if it was already closed
     */
    public Optional<LedgerEntry> close(String eventId, LedgerEntry.Status to, Instant at) throws SQLException {
        try (PreparedStatement u = db.prepareStatement(
                "UPDATE decisions SET status = ?, closed_at = ? WHERE event_id = ? AND status = 'PENDING'")) {
            u.setString(1, to.name());
            u.setLong(2, at.toEpochMilli());
            u.setString(3, eventId);
            u.executeUpdate();
        }
        return find(eventId);
    }

    /** Every pending entry, oldest first. */
    public List<LedgerEntry> pending() throws SQLException {
        return query("SELECT " + COLUMNS + " FROM decisions WHERE status = 'PENDING' ORDER BY rowid", -1);
    }

    /** Closed entries the cloud has not acknowledged, oldest first, at most {@code limit}. */
    public List<LedgerEntry> unsent(int limit) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM decisions WHERE status <> 'PENDING' AND sent = 0 ORDER BY rowid LIMIT ?",
                limit);
    }

    /** How many closed entries wait for the cloud. */
    public long unsentCount() throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM decisions WHERE status <> 'PENDING' AND sent = 0")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Marks entries as acknowledged by the cloud broker. */
    public void markSent(List<String> eventIds) throws SQLException {
        db.setAutoCommit(false);
        try (PreparedStatement u = db.prepareStatement("UPDATE decisions SET sent = 1 WHERE event_id = ?")) {
            for (String id : eventIds) {
                u.setString(1, id);
                u.addBatch();
            }
            u.executeBatch();
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** The cached cloud message of {@code kind} (roster, policy, claims), with its version. */
    public Optional<Cached> cached(String kind) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT version, payload FROM cloud_cache WHERE kind = ?")) {
            q.setString(1, kind);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Cached(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
            }
        }
    }

    /** Replaces the cached cloud message of {@code kind}. */
    public void cache(String kind, long version, byte[] payload) throws SQLException {
        try (PreparedStatement u = db.prepareStatement(
                "INSERT OR REPLACE INTO cloud_cache (kind, version, payload) VALUES (?, ?, ?)")) {
            u.setString(1, kind);
            u.setLong(2, version);
            u.setBytes(3, payload);
            u.executeUpdate();
        }
    }

    /** A cached cloud message. */
    public record Cached(long version, byte[] payload) {
    }

    private List<LedgerEntry> query(String sql, int limit) throws SQLException {
        List<LedgerEntry> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(sql)) {
            if (limit >= 0) {
                q.setInt(1, limit);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(entry(rs));
                }
            }
        }
        return out;
    }

    private static LedgerEntry entry(ResultSet rs) throws SQLException {
        String alternatives = rs.getString("alternatives");
        List<VerificationMethod> alt = alternatives.isEmpty() ? List.of()
                : Arrays.stream(alternatives.split(",")).map(VerificationMethod::valueOf).toList();
        Decision d = new Decision(rs.getInt("eligible") == 1, ReasonCode.valueOf(rs.getString("reason")),
                rs.getString("member"), rs.getString("canteen"), VerificationMethod.valueOf(rs.getString("method")),
                rs.getString("meal_window"), rs.getString("tier"), rs.getLong("price_fen"), rs.getLong("subsidy_fen"),
                rs.getLong("pay_fen"), alt, Instant.ofEpochMilli(rs.getLong("decided_at")), rs.getString("zh"),
                rs.getString("en"));
        long closed = rs.getLong("closed_at");
        Instant closedAt = rs.wasNull() ? null : Instant.ofEpochMilli(closed);
        return new LedgerEntry(rs.getString("event_id"), rs.getString("terminal"), rs.getString("display_name"), d,
                rs.getInt("face_failed_before") == 1, rs.getLong("policy_version"), rs.getLong("roster_version"),
                rs.getInt("offline") == 1, LedgerEntry.Status.valueOf(rs.getString("status")), closedAt);
    }
}
