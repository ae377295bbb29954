package org.linli.cloud.canteen;

import io.micronaut.transaction.TransactionOperations;
import org.linli.wire.RosterMessage;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The roster in SQL: import (upsert by the keyed hash of the ID number, all or nothing), the members
 * with their full names for the audited view, the pseudonymous message for the counters, and the
 * versions of what is pushed.
 */
public final class RosterStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String ROSTER = "roster";

    private final TransactionOperations<Connection> tx;
    private final KeyHasher hasher;

    public RosterStore(TransactionOperations<Connection> tx, KeyHasher hasher) {
        this.tx = tx;
        this.hasher = hasher;
    }

    /** A member as stored. */
    public record Member(String member, String fullName, String displayName, YearMonth birth, String hardship,
                         boolean resident, boolean active, String card, Instant updatedAt) {
    }

    /** What an import did, or why it did nothing. */
    public record ImportResult(List<RosterCsv.Problem> problems, int added, int updated, int unchanged, long version) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Upserts the rows in one transaction: a row whose ID number is known updates that member, any other
     * adds a member with a new pseudonymous id. Members not in the file stay as they are (mark them
     * 在册=否 to suspend them). A card already held by another member refuses the whole import.
     */
    public ImportResult importRows(List<RosterCsv.Row> rows, String cardColumn, Instant now) {
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            Map<String, Member> byHash = new HashMap<>();
            Map<String, String> cardHolders = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT key_hash, member_id, full_name, display_name, birth, "
                    + "hardship, resident, active, card, updated_at FROM canteen_members");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Member m = member(rs, 2);
                    byHash.put(rs.getString(1), m);
                    if (m.card() != null) {
                        cardHolders.put(m.card(), rs.getString(1));
                    }
                }
            }
            List<RosterCsv.Problem> problems = new ArrayList<>();
            Map<RosterCsv.Row, String> hashes = new HashMap<>();
            for (RosterCsv.Row row : rows) {
                String hash = hasher.hash(row.externalKey());
                hashes.put(row, hash);
                if (row.card() != null) {
                    String holder = cardHolders.get(row.card());
                    if (holder != null && !holder.equals(hash) && !reassignedInFile(rows, holder, row.card())) {
                        problems.add(new RosterCsv.Problem(row.line(), cardColumn, "card " + row.card()
                                + " belongs to member " + byHash.get(holder).member()));
                    }
                }
            }
            if (!problems.isEmpty()) {
                status.setRollbackOnly();
                return new ImportResult(problems, 0, 0, 0, version(c, ROSTER));
            }
            int added = 0;
            int updated = 0;
            int unchanged = 0;
            // Cards first released, then taken: clear the cards of members whose card changes in this file.
            for (RosterCsv.Row row : rows) {
                Member old = byHash.get(hashes.get(row));
                if (old != null && old.card() != null && !old.card().equals(row.card())) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE canteen_members SET card = NULL WHERE member_id = ?")) {
                        ps.setString(1, old.member());
                        ps.executeUpdate();
                    }
                }
            }
            for (RosterCsv.Row row : rows) {
                String hash = hashes.get(row);
                Member old = byHash.get(hash);
                String display = NameMask.mask(row.fullName());
                if (old == null) {
                    insert(c, newMemberId(c), hash, row, display, now);
                    added++;
                } else if (same(old, row, display)) {
                    unchanged++;
                } else {
                    update(c, old.member(), row, display, now);
                    updated++;
                }
            }
            long version = added + updated > 0 ? bump(c, ROSTER, null) : version(c, ROSTER);
            return new ImportResult(List.of(), added, updated, unchanged, version);
        });
    }

    /** Whether the file itself gives the holder of {@code card} another card (or none). */
    private boolean reassignedInFile(List<RosterCsv.Row> rows, String holderHash, String card) {
        for (RosterCsv.Row r : rows) {
            if (hasher.hash(r.externalKey()).equals(holderHash)) {
                return !card.equals(r.card());
            }
        }
        return false;
    }

    private static boolean same(Member old, RosterCsv.Row row, String display) {
        return old.fullName().equals(row.fullName()) && old.displayName().equals(display) && old.birth().equals(row.birth())
                && Objects.equals(old.hardship(), row.hardship()) && old.resident() == row.resident()
                && old.active() == row.active() && Objects.equals(old.card(), row.card());
    }

    private static void insert(Connection c, String id, String hash, RosterCsv.Row row, String display, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO canteen_members (member_id, key_hash, full_name, "
                + "display_name, birth, hardship, resident, active, card, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, hash);
            fields(ps, 3, row, display, now);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, String id, RosterCsv.Row row, String display, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE canteen_members SET full_name = ?, display_name = ?, birth = ?, "
                + "hardship = ?, resident = ?, active = ?, card = ?, updated_at = ? WHERE member_id = ?")) {
            fields(ps, 1, row, display, now);
            ps.setString(9, id);
            ps.executeUpdate();
        }
    }

    private static void fields(PreparedStatement ps, int from, RosterCsv.Row row, String display, Instant now)
            throws SQLException {
        int i = from;
        ps.setString(i++, row.fullName());
        ps.setString(i++, display);
        ps.setString(i++, row.birth().toString());
        ps.setString(i++, row.hardship());
        ps.setBoolean(i++, row.resident());
        ps.setBoolean(i++, row.active());
        ps.setString(i++, row.card());
        ps.setObject(i, now.atOffset(ZoneOffset.UTC));
    }

    /** {@code m-} and 10 random hex digits: says nothing about the person. */
    private static String newMemberId(Connection c) throws SQLException {
        while (true) {
            byte[] b = new byte[5];
            RANDOM.nextBytes(b);
            String id = "m-" + HexFormat.of().formatHex(b);
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM canteen_members WHERE member_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return id;
                    }
                }
            }
        }
    }

    private static Member member(ResultSet rs, int from) throws SQLException {
        int i = from;
        return new Member(rs.getString(i++), rs.getString(i++), rs.getString(i++), YearMonth.parse(rs.getString(i++)),
                rs.getString(i++), rs.getBoolean(i++), rs.getBoolean(i++), rs.getString(i++),
                rs.getObject(i, java.time.OffsetDateTime.class).toInstant());
    }

    /** Every member with the full name, by member id: for the audited roster view only. */
    public List<Member> members() {
        return tx.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("SELECT member_id, full_name, display_name, "
                    + "birth, hardship, resident, active, card, updated_at FROM canteen_members ORDER BY member_id");
                 ResultSet rs = ps.executeQuery()) {
                List<Member> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(member(rs, 1));
                }
                return out;
            }
        });
    }

    /** The roster as the counters get it: pseudonymous, masked names, no ID numbers. */
    public RosterMessage message(Instant now) {
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            long version = version(c, ROSTER);
            try (PreparedStatement ps = c.prepareStatement("SELECT member_id, display_name, birth, hardship, resident, "
                    + "active, card FROM canteen_members ORDER BY member_id");
                 ResultSet rs = ps.executeQuery()) {
                List<RosterMessage.Member> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new RosterMessage.Member(rs.getString(1), rs.getString(2), YearMonth.parse(rs.getString(3)),
                            rs.getString(4), rs.getBoolean(5), rs.getBoolean(6), rs.getString(7)));
                }
                return new RosterMessage(version, now.toEpochMilli(), out);
            }
        });
    }

    /** The current roster version (0 before the first import). */
    public long rosterVersion() {
        return tx.executeRead(status -> version(status.getConnection(), ROSTER));
    }

    /**
     * The version of a pushed content named {@code name}, raised when its digest changed since the
     * last call (e.g. a canteen's policy preset was changed in the site file).
     */
    public long versionFor(String name, String digest) {
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            try (PreparedStatement ps = c.prepareStatement("SELECT version, digest FROM canteen_versions WHERE name = ? FOR UPDATE")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && digest.equals(rs.getString(2))) {
                        return rs.getLong(1);
                    }
                }
            }
            return bump(c, name, digest);
        });
    }

    private static long version(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM canteen_versions WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static long bump(Connection c, String name, String digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE canteen_versions SET version = version + 1, digest = ? WHERE name = ?")) {
            ps.setString(1, digest);
            ps.setString(2, name);
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO canteen_versions (name, version, digest) VALUES (?, 1, ?)")) {
                    insert.setString(1, name);
                    insert.setString(2, digest);
                    insert.executeUpdate();
                }
            }
        }
        return version(c, name);
    }
}
