package org.linli.cloud.canteen;

import io.micronaut.transaction.TransactionOperations;
import org.linli.config.canteen.VerificationMethod;
import org.linli.wire.ClaimsMessage;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud's meal ledger in SQL: each batch of records in one transaction, each record once by its
 * event id, and one subsidised meal per member, day and window across all canteens, guarded by the
 * database's UNIQUE constraint in the same transaction as the record. A second claim is stored and
 * flagged for review, never dropped and never settled twice.
 *
 * <p>Native SQL ({@code INSERT … ON CONFLICT DO NOTHING}): a unique violation would abort a PostgreSQL
 * transaction, so conflicts are detected by the update count instead. Runs on PostgreSQL and on H2
 * in PostgreSQL mode.
 */
public final class MealLedger {
    private static final Logger LOG = LoggerFactory.getLogger(MealLedger.class);

    /** Settlement state of a record: see V3__create_canteen.sql. */
    public static final String SETTLED = "SETTLED";
    public static final String PENDING = "PENDING";
    public static final String REJECTED = "REJECTED";
    public static final String NONE = "NONE";

    /** Anomaly kinds. */
    public static final String DOUBLE_CLAIM = "DOUBLE_CLAIM";
    public static final String FACE_FAILED_BEFORE = "FACE_FAILED_BEFORE";
    public static final String TWO_CANTEENS = "TWO_CANTEENS";
    public static final String DAILY_LIMIT = "DAILY_LIMIT";

    private static final String INSERT_RECORD = "INSERT INTO meal_records (event_id, site, gateway, canteen, terminal, "
            + "member_id, method, face_failed_before, meal_window, meal_date, decided_at, eligible, reason, tier, price_fen, "
            + "subsidy_fen, pay_fen, status, closed_at, policy_version, roster_version, offline, settle, received_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_CLAIM = "INSERT INTO meal_claims (member_id, meal_date, meal_window, event_id) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_ANOMALY = "INSERT INTO meal_anomalies (event_id, kind, detail, created_at, state) "
            + "VALUES (?, ?, ?, ?, 'OPEN') ON CONFLICT DO NOTHING";

    private final TransactionOperations<Connection> tx;
    private final ZoneId zone;
    private final Duration twoCanteens;
    private final Map<String, DailyLimit> limits;

    /**
     * @param tx          the SQL database's transactions
     * @param zone        the site's zone, for local times
     * @param twoCanteens a member served at two canteens within this time is flagged
     * @param limits      each canteen's daily limit (canteens without a policy: none checked)
     */
    public MealLedger(TransactionOperations<Connection> tx, ZoneId zone, Duration twoCanteens,
                      Map<String, DailyLimit> limits) {
        this.tx = tx;
        this.zone = zone;
        this.twoCanteens = twoCanteens;
        this.limits = Map.copyOf(limits);
    }

    /** Stores a checked batch in one transaction; throws if the database cannot, and then nothing is stored. */
    public LedgerResult store(MealBatch batch, Instant receivedAt) {
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            int stored = 0;
            int replays = 0;
            int doubles = 0;
            int anomalies = 0;
            boolean claims = false;
            for (MealRecord r : batch.records()) {
                String settle = r.subsidisedAndServed() ? SETTLED : NONE;
                if (insertRecord(c, batch, r, settle, receivedAt) == 0) {
                    replays++;
                    continue;
                }
                stored++;
                if (!r.subsidisedAndServed()) {
                    continue;
                }
                if (insertClaim(c, r)) {
                    claims = true;
                    anomalies += flagDailyLimit(c, r, receivedAt);
                } else {
                    doubles++;
                    anomalies += flagDoubleClaim(c, r, receivedAt);
                }
                if (r.faceFailedBefore()) {
                    anomalies += anomaly(c, r.eventId(), FACE_FAILED_BEFORE,
                            "verified by " + r.method().name().toLowerCase(Locale.ROOT)
                                    + " after a failed face match at terminal " + r.terminal(), receivedAt);
                }
                anomalies += flagTwoCanteens(c, r, receivedAt);
            }
            return new LedgerResult(stored, replays, doubles, anomalies, claims);
        });
    }

    private static int insertRecord(Connection c, MealBatch batch, MealRecord r, String settle, Instant receivedAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_RECORD)) {
            int i = 0;
            ps.setString(++i, r.eventId());
            ps.setString(++i, batch.site());
            ps.setString(++i, batch.gateway());
            ps.setString(++i, r.canteen());
            ps.setString(++i, r.terminal());
            ps.setString(++i, r.member());
            ps.setString(++i, r.method().name().toLowerCase(Locale.ROOT));
            ps.setBoolean(++i, r.faceFailedBefore());
            ps.setString(++i, r.window());
            ps.setObject(++i, r.date());
            ps.setObject(++i, utc(r.decidedAt()));
            ps.setBoolean(++i, r.eligible());
            ps.setString(++i, r.reason());
            ps.setString(++i, r.tier());
            ps.setLong(++i, r.priceFen());
            ps.setLong(++i, r.subsidyFen());
            ps.setLong(++i, r.payFen());
            ps.setString(++i, r.status().wireName());
            ps.setObject(++i, utc(r.closedAt()));
            ps.setLong(++i, r.policyVersion());
            ps.setLong(++i, r.rosterVersion());
            ps.setBoolean(++i, r.offline());
            ps.setString(++i, settle);
            ps.setObject(++i, receivedAt.atOffset(ZoneOffset.UTC));
            return ps.executeUpdate();
        }
    }

    private static boolean insertClaim(Connection c, MealRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_CLAIM)) {
            ps.setString(1, r.member());
            ps.setObject(2, r.date());
            ps.setString(3, r.window());
            ps.setString(4, r.eventId());
            return ps.executeUpdate() == 1;
        }
    }

    private int flagDoubleClaim(Connection c, MealRecord r, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE meal_records SET settle = ? WHERE event_id = ?")) {
            ps.setString(1, PENDING);
            ps.setString(2, r.eventId());
            ps.executeUpdate();
        }
        String holder = "?";
        try (PreparedStatement ps = c.prepareStatement("SELECT r.event_id, r.canteen, r.decided_at FROM meal_claims m "
                + "JOIN meal_records r ON r.event_id = m.event_id WHERE m.member_id = ? AND m.meal_date = ? AND m.meal_window = ?")) {
            ps.setString(1, r.member());
            ps.setObject(2, r.date());
            ps.setString(3, r.window());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    holder = "event " + rs.getString(1) + " at " + rs.getString(2) + " "
                            + rs.getObject(3, OffsetDateTime.class).atZoneSameInstant(zone).toLocalTime();
                }
            }
        }
        LOG.debug("double claim: member {} {} {} already claimed by {}; event {} at {} pending review",
                r.member(), r.date(), r.window(), holder, r.eventId(), r.canteen());
        return anomaly(c, r.eventId(), DOUBLE_CLAIM, r.window() + " of " + r.date() + " already claimed by " + holder, now);
    }

    /**
     * A new claim that takes the member's day (all canteens, pending ones included) over the canteen's
     * daily limit waits for review like a double claim: offline counters could not see each other.
     */
    private int flagDailyLimit(Connection c, MealRecord r, Instant now) throws SQLException {
        DailyLimit limit = limits.get(r.canteen());
        if (limit == null) {
            return 0;
        }
        long meals;
        long subsidy;
        // By decided_at, the local day in the site's zone (which is what meal_date is), so that the
        // member index is used: see V3__create_canteen.sql.
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(subsidy_fen), 0) FROM meal_records "
                + "WHERE member_id = ? AND decided_at >= ? AND decided_at < ? AND settle IN ('SETTLED', 'PENDING')")) {
            ps.setString(1, r.member());
            ps.setObject(2, r.date().atStartOfDay(zone).toOffsetDateTime());
            ps.setObject(3, r.date().plusDays(1).atStartOfDay(zone).toOffsetDateTime());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                meals = rs.getLong(1);
                subsidy = rs.getLong(2);
            }
        }
        String why = limit.exceeded(r.tier(), meals, subsidy);
        if (why == null) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE meal_records SET settle = ? WHERE event_id = ?")) {
            ps.setString(1, PENDING);
            ps.setString(2, r.eventId());
            ps.executeUpdate();
        }
        return anomaly(c, r.eventId(), DAILY_LIMIT, why, now);
    }

    private int flagTwoCanteens(Connection c, MealRecord r, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT event_id, canteen, decided_at FROM meal_records "
                + "WHERE member_id = ? AND canteen <> ? AND status = 'served' AND decided_at > ? AND decided_at < ? "
                + "ORDER BY decided_at LIMIT 1")) {
            ps.setString(1, r.member());
            ps.setString(2, r.canteen());
            ps.setObject(3, utc(r.decidedAt() - twoCanteens.toMillis()));
            ps.setObject(4, utc(r.decidedAt() + twoCanteens.toMillis()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                long minutes = Math.abs(rs.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli() - r.decidedAt()) / 60_000;
                return anomaly(c, r.eventId(), TWO_CANTEENS, "also served at " + rs.getString(2) + " (event "
                        + rs.getString(1) + ") " + minutes + " min apart", now);
            }
        }
    }

    private static int anomaly(Connection c, String eventId, String kind, String detail, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_ANOMALY)) {
            ps.setString(1, eventId);
            ps.setString(2, kind);
            ps.setString(3, detail.length() > 500 ? detail.substring(0, 500) : detail);
            ps.setObject(4, now.atOffset(ZoneOffset.UTC));
            return ps.executeUpdate();
        }
    }

    // ---- review --------------------------------------------------------------------------------

    /** An anomaly with the meal it concerns. */
    public record Anomaly(long id, String kind, String detail, Instant createdAt, String state, String resolvedBy,
                          Instant resolvedAt, String note, String eventId, String canteen, String member,
                          LocalDate date, String window, Instant decidedAt, long subsidyFen, String method,
                          boolean offline, String settle, String displayName) {
    }

    /** All anomalies of every canteen: {@link #anomalies(String, java.util.Set, int)} for tests and tools. */
    public List<Anomaly> anomalies(String state, int limit) {
        return anomalies(state, null, limit);
    }

    /**
     * Anomalies in {@code state} (OPEN, ACCEPTED, REJECTED) or all when null, of the meals at
     * {@code canteens} (null: every canteen), oldest first, at most {@code limit}.
     */
    public List<Anomaly> anomalies(String state, java.util.Set<String> canteens, int limit) {
        return anomalies(state, canteens, limit, false);
    }

    /**
     * As {@link #anomalies(String, java.util.Set, int)}, newest first when {@code newestFirst} (the dashboard's
     * list of every anomaly, so the newest are not cut off by the limit). Each with the member's masked name
     * (the counters' {@code display_name}, never the full name).
     */
    public List<Anomaly> anomalies(String state, java.util.Set<String> canteens, int limit, boolean newestFirst) {
        if (canteens != null && canteens.isEmpty()) {
            return List.of();
        }
        return tx.executeRead(status -> {
            String sql = "SELECT a.id, a.kind, a.detail, a.created_at, a.state, a.resolved_by, a.resolved_at, a.note, "
                    + "r.event_id, r.canteen, r.member_id, r.meal_date, r.meal_window, r.decided_at, r.subsidy_fen, "
                    + "r.method, r.offline, r.settle, m.display_name FROM meal_anomalies a "
                    + "JOIN meal_records r ON r.event_id = a.event_id LEFT JOIN canteen_members m ON m.member_id = r.member_id "
                    + "WHERE 1 = 1 " + (state == null ? "" : "AND a.state = ? ")
                    + (canteens == null ? "" : "AND r.canteen IN (" + String.join(", ", java.util.Collections.nCopies(canteens.size(), "?")) + ") ")
                    + "ORDER BY a.id" + (newestFirst ? " DESC" : "") + " LIMIT ?";
            try (PreparedStatement ps = status.getConnection().prepareStatement(sql)) {
                int i = 0;
                if (state != null) {
                    ps.setString(++i, state);
                }
                if (canteens != null) {
                    for (String c : canteens) {
                        ps.setString(++i, c);
                    }
                }
                ps.setInt(++i, limit);
                List<Anomaly> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        OffsetDateTime resolved = rs.getObject(7, OffsetDateTime.class);
                        out.add(new Anomaly(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6),
                                resolved == null ? null : resolved.toInstant(), rs.getString(8), rs.getString(9),
                                rs.getString(10), rs.getString(11), rs.getObject(12, LocalDate.class), rs.getString(13),
                                rs.getObject(14, OffsetDateTime.class).toInstant(), rs.getLong(15), rs.getString(16),
                                rs.getBoolean(17), rs.getString(18), rs.getString(19)));
                    }
                }
                return out;
            }
        });
    }

    /** The canteen of the meal an anomaly is about; empty when there is no such anomaly. */
    public Optional<String> canteenOfAnomaly(long id) {
        return tx.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("SELECT r.canteen FROM meal_anomalies a "
                    + "JOIN meal_records r ON r.event_id = a.event_id WHERE a.id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** How a review ended. */
    public enum Decision { ACCEPT, REJECT }

    /** The outcome of a resolution: the anomaly's new state and the meal's settlement state. */
    public sealed interface Resolution permits Resolved, NotFound, AlreadyResolved {
    }

    public record Resolved(long id, String eventId, String canteen, String state, String settle) implements Resolution {
    }

    public record NotFound(long id) implements Resolution {
    }

    public record AlreadyResolved(long id, String state) implements Resolution {
    }

    /**
     * Resolves an open anomaly. Accept: the meal is settled (unless another double claim or daily-limit
     * flag on it is still open, or it was rejected). Reject: the meal is not settled. In one transaction.
     */
    public Resolution resolve(long id, Decision decision, String actor, String note, Instant now) {
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            String eventId;
            String state;
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, state FROM meal_anomalies WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new NotFound(id);
                    }
                    eventId = rs.getString(1);
                    state = rs.getString(2);
                }
            }
            if (!"OPEN".equals(state)) {
                return new AlreadyResolved(id, state);
            }
            String newState = decision == Decision.ACCEPT ? "ACCEPTED" : "REJECTED";
            try (PreparedStatement ps = c.prepareStatement("UPDATE meal_anomalies SET state = ?, resolved_by = ?, "
                    + "resolved_at = ?, note = ? WHERE id = ?")) {
                ps.setString(1, newState);
                ps.setString(2, actor);
                ps.setObject(3, now.atOffset(ZoneOffset.UTC));
                if (note == null) {
                    ps.setNull(4, Types.VARCHAR);
                } else {
                    ps.setString(4, note.length() > 1000 ? note.substring(0, 1000) : note);
                }
                ps.setLong(5, id);
                ps.executeUpdate();
            }
            String settle;
            String canteen;
            try (PreparedStatement ps = c.prepareStatement("SELECT settle, canteen FROM meal_records WHERE event_id = ? FOR UPDATE")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    settle = rs.getString(1);
                    canteen = rs.getString(2);
                }
            }
            String next = settle;
            if (!NONE.equals(settle)) {
                if (decision == Decision.REJECT) {
                    next = REJECTED;
                } else if (PENDING.equals(settle) && !openDoubleClaim(c, eventId)) {
                    next = SETTLED;
                }
            }
            if (!next.equals(settle)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE meal_records SET settle = ? WHERE event_id = ?")) {
                    ps.setString(1, next);
                    ps.setString(2, eventId);
                    ps.executeUpdate();
                }
            }
            return new Resolved(id, eventId, canteen, newState, next);
        });
    }

    private static boolean openDoubleClaim(Connection c, String eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM meal_anomalies WHERE event_id = ? "
                + "AND kind IN (?, ?) AND state = 'OPEN'")) {
            ps.setString(1, eventId);
            ps.setString(2, DOUBLE_CLAIM);
            ps.setString(3, DAILY_LIMIT);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ---- claims and settlement -----------------------------------------------------------------

    /** The subsidised meals of {@code date} at every canteen, as the counters need them. */
    public ClaimsMessage claims(LocalDate date, Instant now) {
        return tx.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("SELECT m.member_id, r.canteen, m.meal_window, "
                    + "r.decided_at, r.subsidy_fen, r.method FROM meal_claims m JOIN meal_records r ON r.event_id = m.event_id "
                    + "WHERE m.meal_date = ? AND r.settle <> 'REJECTED' ORDER BY r.decided_at, r.event_id")) {
                ps.setObject(1, date);
                List<ClaimsMessage.Claim> claims = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claims.add(new ClaimsMessage.Claim(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class).toInstant().toEpochMilli(), rs.getLong(5),
                                VerificationMethod.valueOf(rs.getString(6).toUpperCase(Locale.ROOT))));
                    }
                }
                return new ClaimsMessage(date, now.toEpochMilli(), claims);
            }
        });
    }

    /** A canteen's day at a glance: meals served, subsidised and settled, pending review, refused, open anomalies. */
    public record DaySummary(String canteen, long served, long subsidised, long subsidyFen, long pending, long refused,
                             long openAnomalies) {
    }

    /** The day of each of {@code canteens} (those without a record that day are left out). */
    public List<DaySummary> day(java.util.Set<String> canteens, LocalDate date) {
        if (canteens.isEmpty()) {
            return List.of();
        }
        String in = String.join(", ", java.util.Collections.nCopies(canteens.size(), "?"));
        return tx.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("SELECT r.canteen, "
                    + "SUM(CASE WHEN r.status = 'served' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN r.settle = 'SETTLED' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN r.settle = 'SETTLED' THEN r.subsidy_fen ELSE 0 END), "
                    + "SUM(CASE WHEN r.settle = 'PENDING' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN r.eligible THEN 0 ELSE 1 END), "
                    + "(SELECT COUNT(*) FROM meal_anomalies a JOIN meal_records x ON x.event_id = a.event_id "
                    + "WHERE x.canteen = r.canteen AND a.state = 'OPEN') "
                    + "FROM meal_records r WHERE r.meal_date = ? AND r.canteen IN (" + in + ") GROUP BY r.canteen ORDER BY r.canteen")) {
                int i = 0;
                ps.setObject(++i, date);
                for (String c : canteens) {
                    ps.setString(++i, c);
                }
                List<DaySummary> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DaySummary(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                                rs.getLong(6), rs.getLong(7)));
                    }
                }
                return out;
            }
        });
    }

    /** The settled and the pending lines of one canteen's month, unordered. */
    public record MonthLines(List<SettlementLine> settled, List<SettlementLine> pending) {
    }

    public MonthLines month(String canteen, YearMonth month) {
        return tx.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("SELECT r.event_id, r.meal_date, r.decided_at, "
                    + "r.member_id, m.display_name, r.meal_window, r.tier, r.subsidy_fen, r.pay_fen, r.method, r.offline, r.settle "
                    + "FROM meal_records r LEFT JOIN canteen_members m ON m.member_id = r.member_id "
                    + "WHERE r.canteen = ? AND r.meal_date >= ? AND r.meal_date < ? AND r.settle IN ('SETTLED', 'PENDING')")) {
                ps.setString(1, canteen);
                ps.setObject(2, month.atDay(1));
                ps.setObject(3, month.plusMonths(1).atDay(1));
                ps.setFetchSize(1000);
                List<SettlementLine> settled = new ArrayList<>();
                List<SettlementLine> pending = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(5);
                        SettlementLine line = new SettlementLine(rs.getString(1), rs.getObject(2, LocalDate.class),
                                rs.getObject(3, OffsetDateTime.class).atZoneSameInstant(zone).toLocalDateTime(),
                                rs.getString(4), name == null ? "?" : name, rs.getString(6), rs.getString(7),
                                rs.getLong(8), rs.getLong(9), rs.getString(10), rs.getBoolean(11));
                        (SETTLED.equals(rs.getString(12)) ? settled : pending).add(line);
                    }
                }
                return new MonthLines(settled, pending);
            }
        });
    }

    // ---- retention -----------------------------------------------------------------------------

    /** Rows deleted by one retention run. */
    public record Purged(int decisions, int meals) {
    }

    /**
     * Deletes decisions that settled nothing (refused, cancelled, unsubsidised) dated before
     * {@code decisionsBefore}, and every record dated before {@code mealsBefore}; records with an open
     * anomaly stay until reviewed. Claims and anomalies go with their records.
     */
    public Purged purge(LocalDate decisionsBefore, LocalDate mealsBefore) {
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            String keepOpen = " AND NOT EXISTS (SELECT 1 FROM meal_anomalies a WHERE a.event_id = meal_records.event_id AND a.state = 'OPEN')";
            int decisions;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM meal_records WHERE settle = 'NONE' AND meal_date < ?" + keepOpen)) {
                ps.setObject(1, decisionsBefore);
                decisions = ps.executeUpdate();
            }
            int meals;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM meal_records WHERE meal_date < ?" + keepOpen)) {
                ps.setObject(1, mealsBefore);
                meals = ps.executeUpdate();
            }
            return new Purged(decisions, meals);
        });
    }

    /** One record's settlement state, for tests and the review page; empty when unknown. */
    public Optional<String> settleState(String eventId) {
        return tx.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("SELECT settle FROM meal_records WHERE event_id = ?")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private static OffsetDateTime utc(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
    }
}
