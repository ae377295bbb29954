package org.linli.gateway.uplink;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable {@link MessageStore}: one SQLite file that survives restarts, crashes and power cuts.
 *
 * <p><b>Threads.</b> All SQLite work runs on one dedicated thread that owns the connection, never
 * on a Vert.x event loop; operations queue for it in call order and their futures complete on the
 * caller's context.
 *
 * <p><b>Durability.</b> WAL journal. {@code synchronous=FULL} for every transaction the gateway
 * acknowledges something on: adding readings (the LAN broker is acknowledged after the commit) and
 * sealing batches (a batch is published only after its commit). With WAL, {@code NORMAL} would never
 * corrupt the file but may lose the last transactions on a power cut, i.e. readings already
 * acknowledged to the LAN broker (which then deletes its copy), or a batch already published whose
 * readings would come back pending and go out again under a new (bootId, seq) the cloud cannot
 * recognise as a duplicate. Deleting an acknowledged batch is committed with {@code NORMAL}: losing
 * that commit only means the batch is sent again with its own (bootId, seq), which the cloud drops.
 *
 * <p><b>Group commit.</b> FULL costs an fsync per commit, and SD cards are slow at them, so readings
 * are not committed one by one: the store thread takes every reading that arrives within
 * {@code groupWindow} of the first, and all that queued up during the previous commit (at most
 * {@value #GROUP_MAX}), into one transaction with one fsync.
 * The window delays only the acknowledgement to the LAN broker, never a reading's timestamp.
 *
 * <p><b>Restarts.</b> Sealed batches are rows with their boot id, seq and encoded payload. After a
 * restart the batches of an earlier boot that were never acknowledged are sent first, byte for byte
 * under their original (bootId, seq): the cloud may already have stored one whose PUBACK was lost in
 * the crash, and only its original identity lets the cloud drop it as a duplicate. Re-sealing their
 * readings under the new boot would store them twice. Pending readings were never on the wire, so
 * they simply go into the new boot's batches.
 *
 * <p><b>Redeliveries.</b> The readings of a source message (a LAN MQTT message) are committed
 * together with its {@link MessageKey} in table {@code lan_seen}, which keeps the
 * {@link RecentMessages#CAPACITY} newest keys. A message that comes again marked as a redelivery
 * (the gateway died, or lost its LAN connection, after the commit and before its PUBACK reached the
 * broker) and whose key is there is acknowledged without storing anything: its readings are in the
 * buffer already. Checking and noting happen in the commit of the readings, so no crash can come
 * between them.
 *
 * <p><b>Size.</b> The cap counts {@link DropPolicy#sizeOf} per pending reading and the payload of
 * each sealed batch; the file is larger by SQLite's page and index overhead, and does not shrink
 * when rows are deleted (freed pages are reused).
 */
public final class SqliteMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteMessageStore.class);
    /** Most readings committed in one transaction. */
    static final int GROUP_MAX = 200;
    /**
     * Default time the store thread waits for more readings to join a commit. Short on purpose: a
     * commit also waits for its fsync, during which the next group gathers by itself, and the LAN
     * broker sends a client at most 20 unacknowledged messages (Mosquitto's
     * {@code max_inflight_messages}), so a long wait would only slow the LAN side down.
     */
    public static final Duration GROUP_WINDOW = Duration.ofMillis(10);
    private static final int CLASSES = DataClass.values().length;
    private static final int PAGE = 512;
    /** How many attempts a transaction gets on a full disk (see {@link #makeRoom}). */
    private static final int FULL_DISK_ATTEMPTS = 8;
    /** WAL pages between checkpoints once the disk was found full (SQLite's default is 1000). */
    private static final int FULL_DISK_WAL_PAGES = 64;
    /** Size of the reserve file kept beside the database, given back to the disk when it is full. */
    static final int RESERVE_BYTES = 1 << 20;

    private final Path path;
    /** Zeros, deleted when the disk is full so that SQLite can checkpoint and drop (see {@link #makeRoom}). */
    private final Path reserve;
    /** The configured cap. */
    private final DropPolicy configured;
    /** The cap in force: the configured one, or lower while a full disk has set it (see {@link #makeRoom}). */
    private DropPolicy policy;
    /** Whether the WAL is kept short because the disk was found full. */
    private boolean diskWasFull;
    /** Refusal markers taken from {@link #refusals} whose sealing transaction has not committed yet. */
    private final List<Refusals.Marker> refusalMarkers = new ArrayList<>();
    private final long groupWindowNanos;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Refusals refusals = new Refusals();
    private final long[] pendingBytes = new long[CLASSES];
    private final long[] pendingCounts = new long[CLASSES];
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong markers = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final RecentMessages recent = new RecentMessages(RecentMessages.CAPACITY);
    /** Rows of {@code lan_seen} below this id are deleted already. */
    private long seenDeletedBelow;
    private long sealedBytesOwn;
    private long sealedReadingsOwn;
    private int sealedBatchesOwn;
    private volatile long pendingView;
    private volatile long bytesView;
    private volatile long sealedReadingsView;
    private volatile int sealedBatchesView;
    private Thread thread;
    private Connection db;
    private PreparedStatement insertReading;
    private PreparedStatement oldestOfClass;
    private PreparedStatement deleteOfClass;
    private PreparedStatement insertBatch;
    private PreparedStatement deleteBatch;
    private PreparedStatement updateMarker;
    private PreparedStatement insertSeen;
    private PreparedStatement deleteSeen;
    private PreparedStatement deleteSeenBelow;
    /** Pending gap markers by reason, class and sensor (row id and reading), to merge the next round's into. */
    private final Map<String, Map.Entry<Long, Reading>> openMarkers = new HashMap<>();
    private boolean fullSync = true;

    private record Add(List<Reading> readings, MessageKey source, Context context, Promise<Boolean> promise) {
    }

    private record Task<T>(Callable<T> work, Context context, Promise<T> promise, boolean last) {
        void run() {
            try {
                complete(context, promise, work.call(), null);
            } catch (Exception | Error e) {
                complete(context, promise, null, e);
            }
        }
    }

    /**
     * @param path        the database file; its directory is created if missing
     * @param maxBytes    the cap, see {@link DropPolicy}
     * @param groupWindow how long a commit waits for more readings to join it
     */
    public SqliteMessageStore(Path path, long maxBytes, Duration groupWindow) {
        this.path = path;
        this.reserve = path.resolveSibling(path.getFileName() + ".reserve");
        this.configured = new DropPolicy(maxBytes);
        this.policy = configured;
        this.groupWindowNanos = groupWindow.toNanos();
    }

    @Override
    public Future<Void> open() {
        thread = new Thread(this::loop, "linli-store");
        thread.setDaemon(true);
        thread.start();
        return submit(() -> {
            openDatabase();
            return null;
        }, false);
    }

    @Override
    public Future<Void> add(Reading reading) {
        return add(List.of(reading), null).mapEmpty();
    }

    @Override
    public Future<Boolean> add(List<Reading> readings, MessageKey source) {
        Promise<Boolean> promise = Promise.promise();
        queue.add(new Add(List.copyOf(readings), source, Vertx.currentContext(), promise));
        return promise.future();
    }

    @Override
    public Future<Void> forgetMessageKeys() {
        return submit(() -> {
            sync(true);
            try (Statement s = db.createStatement()) {
                s.executeUpdate("DELETE FROM lan_seen");
                commit();
                recent.clear();
                seenDeletedBelow = 0;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
            return null;
        }, false);
    }

    @Override
    public Future<List<StoredBatch>> seal(BatchSealer sealer, int maxReadings, long sentAt) {
        return submit(() -> sealNow(sealer, maxReadings, sentAt), false);
    }

    @Override
    public Future<List<StoredBatch>> sealed(int limit) {
        return submit(() -> {
            List<StoredBatch> out = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT boot_id, seq, readings, payload FROM batches ORDER BY rowid LIMIT ?")) {
                q.setInt(1, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredBatch(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getBytes(4)));
                    }
                }
            }
            return out;
        }, false);
    }

    @Override
    public Future<Void> remove(StoredBatch batch) {
        return submit(() -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    removeOnce(batch);
                    return null;
                } catch (SQLException | RuntimeException e) {
                    if (!isFull(e)) {
                        rollbackQuietly();
                        throw e;
                    }
                    // Only the WAL's room is wanted here: a checkpoint, no drop.
                    if (!makeRoom(attempt, e, false) || attempt >= 2) {
                        throw e;
                    }
                }
            }
        }, false);
    }

    private void removeOnce(StoredBatch batch) throws SQLException {
        sync(false);
        deleteBatch.setString(1, batch.bootId());
        deleteBatch.setLong(2, batch.seq());
        if (deleteBatch.executeUpdate() > 0) {
            commit();
            sealedBatchesOwn--;
            sealedReadingsOwn -= batch.readings();
            sealedBytesOwn -= batch.payload().length;
            publish();
            restoreCapWhenEmpty();
        } else {
            db.rollback();
        }
    }

    @Override
    public long pendingReadings() {
        return pendingView;
    }

    @Override
    public int sealedBatches() {
        return sealedBatchesView;
    }

    @Override
    public long sealedReadings() {
        return sealedReadingsView;
    }

    @Override
    public long bytes() {
        return bytesView;
    }

    @Override
    public long droppedReadings() {
        return dropped.get();
    }

    @Override
    public long refusedReadings() {
        return refused.get();
    }

    @Override
    public long gapMarkers() {
        return markers.get();
    }

    @Override
    public long redeliveriesSkipped() {
        return skipped.get();
    }

    /** The cap in force: the configured one, or lower while a full disk has set it. */
    long cap() {
        return policy.maxBytes();
    }

    /** Whether the reserve file is in place. */
    boolean hasReserve() {
        return Files.exists(reserve);
    }

    /** Transactions committed since open: far fewer than readings added, thanks to group commit. */
    public long commits() {
        return commits.get();
    }

    @Override
    public Future<Void> close() {
        if (thread == null) {
            return Future.succeededFuture();
        }
        return submit(() -> {
            if (db != null) {
                db.close();
            }
            return null;
        }, true);
    }

    private <T> Future<T> submit(Callable<T> work, boolean last) {
        Promise<T> promise = Promise.promise();
        queue.add(new Task<>(work, Vertx.currentContext(), promise, last));
        return promise.future();
    }

    private static <T> void complete(Context context, Promise<T> promise, T result, Throwable failure) {
        if (context == null) {
            settle(promise, result, failure);
        } else {
            context.runOnContext(v -> settle(promise, result, failure));
        }
    }

    private static <T> void settle(Promise<T> promise, T result, Throwable failure) {
        if (failure == null) {
            promise.complete(result);
        } else {
            promise.fail(failure);
        }
    }

    private void loop() {
        Object deferred = null;
        while (true) {
            Object op;
            try {
                op = deferred != null ? deferred : queue.take();
                deferred = null;
                if (op instanceof Add first) {
                    List<Add> group = new ArrayList<>();
                    group.add(first);
                    int readings = first.readings().size();
                    long deadline = System.nanoTime() + groupWindowNanos;
                    while (readings < GROUP_MAX) {
                        long wait = deadline - System.nanoTime();
                        Object next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                        if (next instanceof Add a) {
                            group.add(a);
                            readings += a.readings().size();
                        } else {
                            deferred = next;
                            break;
                        }
                    }
                    commitGroup(group);
                } else if (op instanceof Task<?> task) {
                    task.run();
                    if (task.last()) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void openDatabase() throws Exception {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        connect();
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pending (id INTEGER PRIMARY KEY AUTOINCREMENT, class INTEGER NOT NULL,"
                    + " sensor TEXT NOT NULL, ts INTEGER NOT NULL, vals TEXT NOT NULL, unit TEXT NOT NULL,"
                    + " quality TEXT NOT NULL, message TEXT, bytes INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS pending_by_class ON pending (class, id)");
            s.execute("CREATE TABLE IF NOT EXISTS batches (boot_id TEXT NOT NULL, seq INTEGER NOT NULL,"
                    + " readings INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (boot_id, seq))");
            // The keys of the last source messages stored (RecentMessages), newest with the highest id.
            s.execute("CREATE TABLE IF NOT EXISTS lan_seen (id INTEGER PRIMARY KEY, digest INTEGER NOT NULL)");
            try (ResultSet rs = s.executeQuery("SELECT class, count(*), total(bytes) FROM pending GROUP BY class")) {
                while (rs.next()) {
                    pendingCounts[rs.getInt(1)] = rs.getLong(2);
                    pendingBytes[rs.getInt(1)] = (long) rs.getDouble(3);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), total(readings), total(length(payload)) FROM batches")) {
                rs.next();
                sealedBatchesOwn = rs.getInt(1);
                sealedReadingsOwn = (long) rs.getDouble(2);
                sealedBytesOwn = (long) rs.getDouble(3);
            }
        }
        prepare();
        loadRecent();
        publish();
        ensureReserve();
        LOG.info("buffer {}: {} pending readings, {} sealed batches from before, {} of {} bytes", path, pendingView,
                sealedBatchesOwn, bytesView, policy.maxBytes());
    }

    /** Opens the connection in WAL mode with {@code synchronous=FULL}, in autocommit. */
    private void connect() throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        // Else the driver runs "SELECT last_insert_rowid()" after every INSERT, for getGeneratedKeys,
        // which this store never calls: a fifth of the store thread's time under load.
        config.setGetGeneratedKeys(false);
        // 1 MiB of page cache instead of SQLite's 2 MiB: readings are appended at the tail of the
        // pending table and taken from its head, so little of the file is ever read back.
        config.setCacheSize(-1024);
        db = DriverManager.getConnection("jdbc:sqlite:" + path, config.toProperties());
        fullSync = true;
        try (Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SQLException(path + ": cannot switch to WAL mode (a read-only or network file system?)");
                }
            }
            s.execute("PRAGMA synchronous=FULL");
            if (diskWasFull) {
                // The WAL grows to 1000 pages (4 MiB) between checkpoints by default, room a full disk lacks.
                s.execute("PRAGMA wal_autocheckpoint=" + FULL_DISK_WAL_PAGES);
            }
        }
    }

    private void prepare() throws SQLException {
        db.setAutoCommit(false);
        insertReading = db.prepareStatement("INSERT INTO pending (class, sensor, ts, vals, unit, quality, message, bytes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        oldestOfClass = db.prepareStatement("SELECT id, sensor, ts, vals, unit, quality, message, bytes FROM pending"
                + " WHERE class = ? AND id > ? ORDER BY id LIMIT ?");
        deleteOfClass = db.prepareStatement("DELETE FROM pending WHERE class = ? AND id <= ?");
        insertBatch = db.prepareStatement("INSERT INTO batches (boot_id, seq, readings, payload) VALUES (?, ?, ?, ?)");
        deleteBatch = db.prepareStatement("DELETE FROM batches WHERE boot_id = ? AND seq = ?");
        updateMarker = db.prepareStatement("UPDATE pending SET ts = ?, vals = ?, message = ?, bytes = ? WHERE id = ?");
        insertSeen = db.prepareStatement("INSERT INTO lan_seen (id, digest) VALUES (?, ?)");
        deleteSeen = db.prepareStatement("DELETE FROM lan_seen WHERE id = ?");
        deleteSeenBelow = db.prepareStatement("DELETE FROM lan_seen WHERE id < ?");
    }

    /** Whether {@code e} says the disk (or SQLite's own page limit) is full. */
    static boolean isFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException se && se.getResultCode().code == org.sqlite.SQLiteErrorCode.SQLITE_FULL.code) {
                return true;
            }
            if (t instanceof SQLException se && (se.getErrorCode() & 0xff) == org.sqlite.SQLiteErrorCode.SQLITE_FULL.code) {
                return true;
            }
        }
        return false;
    }

    /**
     * After SQLITE_FULL: the disk under the buffer is full, whatever the cap says. SQLite has rolled
     * the transaction back; the driver's statements are unusable after it, so the connection is opened
     * anew. The reserve file is deleted, which lets SQLite checkpoint the WAL into the database file
     * and truncate it. If that leaves twice the reserve free, the WAL had taken the room: the reserve is
     * written again and nothing is dropped. Else, unless only room for the WAL is wanted ({@code drop}
     * false), the disk is then
     * taken as the limit: the cap drops to three quarters of what the buffer holds now (and by another
     * quarter per further attempt), and the buffer gives up data by its usual policy, lowest class and
     * oldest first, with gap markers; the pages this frees inside the file take the new readings, so
     * the file stops growing. The WAL is checkpointed every {@value #FULL_DISK_WAL_PAGES} pages from
     * then on. The lower cap holds until the buffer has drained to empty.
     *
     * @return whether to try again
     */
    private boolean makeRoom(int attempt, Exception cause, boolean drop) {
        try {
            try {
                db.close();
            } catch (SQLException e) {
                LOG.debug("buffer {}: close after a full disk: {}", path, e.toString());
            }
            if (!diskWasFull || attempt == 1) {
                LOG.warn("buffer {}: the disk is full ({}){}", path, cause.getMessage(),
                        Files.deleteIfExists(reserve) ? "; its reserve of " + RESERVE_BYTES + " bytes is given back" : "");
            }
            diskWasFull = true;
            connect();
            checkpoint();
            prepare();
            reloadRecentQuietly();
            long usable = Files.getFileStore(reserve.toAbsolutePath().getParent()).getUsableSpace();
            if (usable >= 2L * RESERVE_BYTES) {
                // The WAL had taken the room (it grows to 4 MiB between checkpoints by default): the data fits.
                LOG.info("buffer {}: the checkpoint gave {} bytes back to the disk; nothing dropped", path, usable);
                ensureReserve();
                return true;
            }
            if (drop) {
                long held = pendingTotal() + sealedBytesOwn;
                long limit = Math.max(1, Math.min(policy.maxBytes(), held) * 3 / 4);
                if (limit < policy.maxBytes()) {
                    LOG.warn("buffer {}: it now keeps at most {} bytes (cap {}) until it has drained, and drops the lowest"
                            + " class and oldest first, with gap markers", path, limit, configured.maxBytes());
                    policy = new DropPolicy(limit);
                }
                shrinkToCap();
                checkpoint();
            }
            return true;
        } catch (SQLException | java.io.IOException | RuntimeException e) {
            LOG.warn("buffer {}: cannot make room on the full disk: {}", path, e.toString());
            return false;
        }
    }

    /** Checkpoints the WAL into the database file and truncates it; in autocommit. */
    private void checkpoint() throws SQLException {
        boolean auto = db.getAutoCommit();
        db.setAutoCommit(true);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.debug("buffer {}: checkpoint on a full disk: {}", path, e.toString());
        }
        db.setAutoCommit(auto);
    }

    /** Writes the reserve file if it is missing; on a disk too full for it, none. */
    private void ensureReserve() {
        if (Files.exists(reserve)) {
            return;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(reserve,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(64 * 1024);
            for (int written = 0; written < RESERVE_BYTES; written += zeros.capacity()) {
                zeros.clear();
                while (zeros.hasRemaining()) {
                    ch.write(zeros);
                }
            }
            ch.force(true);
        } catch (java.io.IOException e) {
            LOG.warn("buffer {}: no room for the reserve of {} bytes ({}); a full disk may then stop the buffer", path,
                    RESERVE_BYTES, e.toString());
            try {
                Files.deleteIfExists(reserve);
            } catch (java.io.IOException ignored) {
                // nothing more to give back
            }
        }
    }

    /** Drops what the cap in force says must go, in a transaction of its own, with gap markers. */
    private void shrinkToCap() throws SQLException {
        long[] bytesBefore = pendingBytes.clone();
        long[] countsBefore = pendingCounts.clone();
        try {
            sync(true);
            DropPolicy.Plan plan = policy.plan(pendingBytes, pendingTotal() + sealedBytesOwn, DataClass.STATUS, 0);
            long droppedNow = 0;
            long markersNow = 0;
            List<Refusals.Marker> gapMarkers = new ArrayList<>();
            for (DropPolicy.Cut cut : plan.cuts()) {
                List<GapMarkers.Lost> lost = drop(cut);
                droppedNow += lost.size();
                for (Reading m : GapMarkers.of(cut.dataClass(), lost, DROPPED)) {
                    gapMarkers.add(new Refusals.Marker(cut.dataClass(), m));
                }
            }
            for (Refusals.Marker m : gapMarkers) {
                markersNow += putMarker(m, DROPPED);
            }
            commit();
            dropped.addAndGet(droppedNow);
            markers.addAndGet(markersNow);
            publish();
        } catch (SQLException | RuntimeException e) {
            if (!isFull(e)) {
                rollbackQuietly();
            }
            System.arraycopy(bytesBefore, 0, pendingBytes, 0, CLASSES);
            System.arraycopy(countsBefore, 0, pendingCounts, 0, CLASSES);
            openMarkers.clear();
            throw e;
        }
    }

    /**
     * Once the buffer is empty, a cap lowered by a full disk gives way to the configured one again: the
     * file, which never shrinks by itself, is vacuumed down to its few rows and the reserve written
     * again. If either fails the lower cap stays, and the next drain tries again.
     */
    private void restoreCapWhenEmpty() {
        if (policy == configured || pendingTotal() != 0 || sealedBatchesOwn != 0) {
            return;
        }
        try {
            db.setAutoCommit(true);
            try (Statement s = db.createStatement()) {
                s.execute("VACUUM");
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            db.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("buffer {}: drained, but cannot shrink the file ({}); the cap stays at {} bytes", path, e.toString(),
                    policy.maxBytes());
            if (isFull(e)) {
                makeRoom(1, e, false);
            } else {
                try {
                    db.setAutoCommit(false);
                } catch (SQLException again) {
                    LOG.warn("buffer {}: {}", path, again.toString());
                }
            }
            return;
        }
        ensureReserve();
        if (!Files.exists(reserve)) {
            LOG.warn("buffer {}: drained, but the disk has no room for the reserve; the cap stays at {} bytes", path,
                    policy.maxBytes());
            return;
        }
        LOG.info("buffer {}: drained and shrunk; the cap is {} bytes again (it was {} after the disk was full)", path,
                configured.maxBytes(), policy.maxBytes());
        policy = configured;
    }

    /** What one group's transaction did, applied to the counters once it has committed. */
    private record Stored(List<Reading> refused, List<DataClass> refusedClasses, long dropped, long markers,
                          boolean[] stored, int skipped, long keepFrom) {
    }

    private void commitGroup(List<Add> group) {
        for (int attempt = 1; ; attempt++) {
            long[] bytesBefore = pendingBytes.clone();
            long[] countsBefore = pendingCounts.clone();
            Stored done;
            try {
                done = storeGroup(group);
            } catch (SQLException | RuntimeException e) {
                boolean full = isFull(e);
                if (!full) {
                    rollbackQuietly(); // SQLite has rolled back a transaction that hit a full disk itself
                }
                System.arraycopy(bytesBefore, 0, pendingBytes, 0, CLASSES);
                System.arraycopy(countsBefore, 0, pendingCounts, 0, CLASSES);
                openMarkers.clear();
                if (full && attempt < FULL_DISK_ATTEMPTS && makeRoom(attempt, e, true)) {
                    continue;
                }
                if (full) {
                    makeRoom(attempt, e, false); // a usable connection for what comes next
                }
                reloadRecentQuietly();
                LOG.error("buffer {}: cannot store the readings of {} messages; they are not acknowledged", path, group.size(), e);
                completeGroup(group, null, e);
                return;
            }
            seenDeletedBelow = Math.max(seenDeletedBelow, done.keepFrom());
            for (int i = 0; i < done.refused().size(); i++) {
                refusals.add(done.refused().get(i), done.refusedClasses().get(i));
            }
            dropped.addAndGet(done.dropped());
            refused.addAndGet(done.refused().size());
            markers.addAndGet(done.markers());
            skipped.addAndGet(done.skipped());
            publish();
            completeGroup(group, done.stored(), null);
            return;
        }
    }

    /** The group's readings in one transaction, committed; on an exception the caller rolls back. */
    private Stored storeGroup(List<Add> group) throws SQLException {
        List<Reading> refusedNow = new ArrayList<>();
        List<DataClass> refusedClasses = new ArrayList<>();
        long droppedNow = 0;
        long markersNow = 0;
        boolean[] stored = new boolean[group.size()];
        int skippedNow = 0;
        sync(true);
        for (int g = 0; g < group.size(); g++) {
            Add a = group.get(g);
            MessageKey source = a.source();
            if (source != null && source.redelivered() && recent.contains(source.digest())) {
                // Stored before its PUBACK got through: note it again as the newest, store nothing.
                noteSeen(source);
                skippedNow++;
                continue;
            }
            stored[g] = true;
            for (Reading reading : a.readings()) {
                DataClass c = DataClass.of(reading);
                long size = DropPolicy.sizeOf(reading);
                DropPolicy.Plan plan = policy.plan(pendingBytes, pendingTotal() + sealedBytesOwn, c, size);
                if (plan.refuse()) {
                    refusedNow.add(reading);
                    refusedClasses.add(c);
                    continue;
                }
                List<Refusals.Marker> gapMarkers = new ArrayList<>();
                for (DropPolicy.Cut cut : plan.cuts()) {
                    List<GapMarkers.Lost> lost = drop(cut);
                    droppedNow += lost.size();
                    for (Reading m : GapMarkers.of(cut.dataClass(), lost, DROPPED)) {
                        gapMarkers.add(new Refusals.Marker(cut.dataClass(), m));
                    }
                }
                insert(reading, c, size);
                for (Refusals.Marker m : gapMarkers) {
                    markersNow += putMarker(m, DROPPED);
                }
            }
            if (source != null) {
                noteSeen(source);
            }
        }
        long keepFrom = recent.trim();
        if (keepFrom > seenDeletedBelow) {
            deleteSeenBelow.setLong(1, keepFrom);
            deleteSeenBelow.executeUpdate();
        }
        commit();
        return new Stored(refusedNow, refusedClasses, droppedNow, markersNow, stored, skippedNow, keepFrom);
    }

    /**
     * Settles a group's promises with one task per caller context, not one per message: under load
     * a group holds up to {@value #GROUP_MAX} messages, all from the LAN driver's context.
     */
    private static void completeGroup(List<Add> group, boolean[] stored, Throwable failure) {
        Map<Context, List<Integer>> byContext = new java.util.IdentityHashMap<>();
        for (int g = 0; g < group.size(); g++) {
            Context context = group.get(g).context();
            if (context == null) {
                settle(group.get(g).promise(), stored == null ? null : stored[g], failure);
            } else {
                byContext.computeIfAbsent(context, c -> new ArrayList<>()).add(g);
            }
        }
        byContext.forEach((context, members) -> context.runOnContext(v -> {
            for (int g : members) {
                settle(group.get(g).promise(), stored == null ? null : stored[g], failure);
            }
        }));
    }

    /** Notes {@code source} as the newest recent message, in the open transaction. */
    private void noteSeen(MessageKey source) throws SQLException {
        RecentMessages.Recorded r = recent.record(source.digest());
        if (r.before() >= 0) {
            deleteSeen.setLong(1, r.before());
            deleteSeen.executeUpdate();
        }
        insertSeen.setLong(1, r.id());
        insertSeen.setLong(2, source.digest());
        insertSeen.executeUpdate();
    }

    /** The newest {@link RecentMessages#capacity()} keys from the table, oldest first. */
    private void loadRecent() throws SQLException {
        recent.clear();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT id, digest FROM (SELECT id, digest FROM lan_seen ORDER BY id DESC LIMIT ?) ORDER BY id")) {
            q.setInt(1, recent.capacity());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    recent.load(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        seenDeletedBelow = 0;
    }

    private void reloadRecentQuietly() {
        try {
            loadRecent();
        } catch (SQLException e) {
            LOG.warn("buffer {}: cannot reload the recent message keys: {}", path, e.toString());
        }
    }

    private List<StoredBatch> sealNow(BatchSealer sealer, int maxReadings, long sentAt) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return sealOnce(sealer, maxReadings, sentAt);
            } catch (SQLException | RuntimeException e) {
                if (!isFull(e)) {
                    throw e;
                }
                if (attempt >= FULL_DISK_ATTEMPTS || !makeRoom(attempt, e, true)) {
                    makeRoom(attempt, e, false);
                    throw e;
                }
            }
        }
    }

    private List<StoredBatch> sealOnce(BatchSealer sealer, int maxReadings, long sentAt) throws SQLException {
        long[] bytesBefore = pendingBytes.clone();
        long[] countsBefore = pendingCounts.clone();
        try {
            sync(true);
            long newMarkers = 0;
            refusalMarkers.addAll(refusals.drain());
            for (Refusals.Marker m : refusalMarkers) {
                newMarkers += putMarker(m, Refusals.WHY);
            }
            List<Reading> take = new ArrayList<>();
            for (int c = CLASSES - 1; c >= 0 && take.size() < maxReadings; c--) {
                if (pendingCounts[c] == 0) {
                    continue;
                }
                long lastId = -1;
                oldestOfClass.setInt(1, c);
                oldestOfClass.setLong(2, -1);
                oldestOfClass.setInt(3, maxReadings - take.size());
                try (ResultSet rs = oldestOfClass.executeQuery()) {
                    while (rs.next()) {
                        lastId = rs.getLong(1);
                        take.add(reading(rs));
                        pendingBytes[c] -= rs.getLong(8);
                        pendingCounts[c]--;
                    }
                }
                if (lastId >= 0) {
                    deleteOfClass.setInt(1, c);
                    deleteOfClass.setLong(2, lastId);
                    deleteOfClass.executeUpdate();
                }
            }
            List<StoredBatch> batches = take.isEmpty() ? List.of() : sealer.seal(take, sentAt);
            if (!take.isEmpty()) {
                openMarkers.clear();
            }
            for (StoredBatch b : batches) {
                insertBatch.setString(1, b.bootId());
                insertBatch.setLong(2, b.seq());
                insertBatch.setInt(3, b.readings());
                insertBatch.setBytes(4, b.payload());
                insertBatch.executeUpdate();
            }
            commit();
            markers.addAndGet(newMarkers);
            refusalMarkers.clear();
            for (StoredBatch b : batches) {
                sealedBatchesOwn++;
                sealedReadingsOwn += b.readings();
                sealedBytesOwn += b.payload().length;
            }
            publish();
            return batches;
        } catch (SQLException | RuntimeException e) {
            // The sealer has given out the seqs: the cloud will see a gap there, and the readings,
            // still pending, go out in later batches.
            if (!isFull(e)) {
                rollbackQuietly();
            }
            System.arraycopy(bytesBefore, 0, pendingBytes, 0, CLASSES);
            System.arraycopy(countsBefore, 0, pendingCounts, 0, CLASSES);
            openMarkers.clear();
            throw e;
        }
    }

    /** Deletes the oldest readings of the cut's class, at least its bytes' worth, in the open transaction. */
    private List<GapMarkers.Lost> drop(DropPolicy.Cut cut) throws SQLException {
        int c = cut.dataClass().ordinal();
        List<GapMarkers.Lost> lost = new ArrayList<>();
        long freed = 0;
        long lastId = -1;
        boolean more = true;
        while (freed < cut.bytes() && more) {
            more = false;
            oldestOfClass.setInt(1, c);
            oldestOfClass.setLong(2, lastId);
            oldestOfClass.setInt(3, PAGE);
            try (ResultSet rs = oldestOfClass.executeQuery()) {
                while (freed < cut.bytes() && rs.next()) {
                    more = true;
                    lastId = rs.getLong(1);
                    lost.add(new GapMarkers.Lost(rs.getString(2), rs.getLong(3)));
                    freed += rs.getLong(8);
                    pendingCounts[c]--;
                }
            }
        }
        if (lastId >= 0) {
            deleteOfClass.setInt(1, c);
            deleteOfClass.setLong(2, lastId);
            deleteOfClass.executeUpdate();
        }
        pendingBytes[c] -= freed;
        return lost;
    }

    private static final String DROPPED = "buffer full: dropped";

    /**
     * Writes a gap marker, or merges it into the one still pending for the same reason, class and
     * sensor. Markers bypass the cap: they are small, at most one per sensor and class is pending.
     *
     * @return 1 for a new marker, 0 for a merged one
     */
    private int putMarker(Refusals.Marker m, String why) throws SQLException {
        String key = why + "/" + m.dataClass() + "/" + m.reading().sensor();
        Map.Entry<Long, Reading> earlier = openMarkers.get(key);
        if (earlier != null) {
            Reading merged = GapMarkers.merge(earlier.getValue(), m.reading(), m.dataClass(), why);
            long size = DropPolicy.sizeOf(merged);
            updateMarker.setLong(1, merged.ts());
            updateMarker.setString(2, values(merged.values()));
            updateMarker.setString(3, merged.message());
            updateMarker.setLong(4, size);
            updateMarker.setLong(5, earlier.getKey());
            if (updateMarker.executeUpdate() == 1) {
                pendingBytes[DataClass.STATUS.ordinal()] += size - DropPolicy.sizeOf(earlier.getValue());
                openMarkers.put(key, Map.entry(earlier.getKey(), merged));
                return 0;
            }
        }
        insert(m.reading(), DataClass.STATUS, DropPolicy.sizeOf(m.reading()));
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            openMarkers.put(key, Map.entry(rs.getLong(1), m.reading()));
        }
        return 1;
    }

    private void insert(Reading r, DataClass c, long size) throws SQLException {
        insertReading.setInt(1, c.ordinal());
        insertReading.setString(2, r.sensor());
        insertReading.setLong(3, r.ts());
        insertReading.setString(4, values(r.values()));
        insertReading.setString(5, r.unit());
        insertReading.setString(6, r.quality().name());
        insertReading.setString(7, r.message());
        insertReading.setLong(8, size);
        insertReading.executeUpdate();
        pendingBytes[c.ordinal()] += size;
        pendingCounts[c.ordinal()]++;
    }

    private static Reading reading(ResultSet rs) throws SQLException {
        Map<String, Double> values = new HashMap<>();
        String vals = rs.getString(4);
        if (!vals.isEmpty()) {
            for (String pair : vals.split(";")) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
            }
        }
        return new Reading(rs.getString(2), rs.getLong(3), values, rs.getString(5),
                Quality.valueOf(rs.getString(6).toUpperCase(Locale.ROOT)), rs.getString(7));
    }

    /** {@code name=value;...}: value names are {@code [a-z][A-Za-z0-9_]*}, and Double.toString round-trips. */
    private static String values(Map<String, Double> values) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> v : values.entrySet()) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(v.getKey()).append('=').append(Double.toString(v.getValue()));
        }
        return sb.toString();
    }

    private void sync(boolean full) throws SQLException {
        if (full != fullSync) {
            // SQLite refuses it inside a transaction, and the driver opens one after every commit.
            db.setAutoCommit(true);
            try (Statement s = db.createStatement()) {
                s.execute(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
            }
            db.setAutoCommit(false);
            fullSync = full;
        }
    }

    private void commit() throws SQLException {
        db.commit();
        commits.incrementAndGet();
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException e) {
            LOG.warn("buffer {}: rollback failed: {}", path, e.toString());
        }
    }

    private long pendingTotal() {
        long sum = 0;
        for (long b : pendingBytes) {
            sum += b;
        }
        return sum;
    }

    private void publish() {
        long count = 0;
        for (long n : pendingCounts) {
            count += n;
        }
        pendingView = count;
        bytesView = pendingTotal() + sealedBytesOwn;
        sealedBatchesView = sealedBatchesOwn;
        sealedReadingsView = sealedReadingsOwn;
    }
}
