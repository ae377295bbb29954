package org.linli.cloud.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The local, durable buffer between MQTT and InfluxDB: accepted batches, as InfluxDB line protocol,
 * in append-only segment files. A batch is acknowledged to the broker only once {@link #append}
 * returned, that is after the segment was forced to disk ({@code fsync}); a whole group of batches
 * shares one {@code fsync}. The writer reads from the head ({@link #peek}) and, after InfluxDB has
 * answered 204, {@link #trim}s what it wrote.
 *
 * <p>Why segment files and not SQLite: the spool is a FIFO of opaque records written once and read
 * once, so an append plus one {@code fsync} per group is all the durability needs, with no page
 * rewrites, no WAL checkpoints and no JNI library; a torn last record (crash during a write) is found
 * by its length and CRC32 and cut off at start-up.
 *
 * <p>Files in the directory: {@code <n>.seg} (20-digit segment number, a new one once the current one
 * is over {@code segmentBytes}) and {@code head} (the first record not yet written to InfluxDB: segment
 * number and offset, replaced atomically and not forced: a lost update only means that InfluxDB gets
 * points again that it already has, which it overwrites, as they have the same series and timestamp).
 * A segment is deleted once all its records are trimmed.
 *
 * <p>{@code capBytes} bounds the records held (header included); {@link #append} refuses a group that
 * would go over it ({@link Full}), unless the spool is empty, so that any single group always fits.
 * The files may hold up to one segment more than that, until trimmed records' segments are deleted.
 *
 * <p>Record: {@code int length, int crc32(body), body}; body: {@code long appendedAt (epoch ms), UTF
 * gateway, UTF bootId, long seq, int points, int lineBytes, lineBytes of UTF-8 line protocol}.
 * Thread-safe: the ingest worker appends while the writer peeks and trims.
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final String SUFFIX = ".seg";
    private static final int HEADER = 8;
    /** A record longer than this is taken as garbage (a batch is at most a few MiB). */
    private static final int MAX_RECORD = 64 * 1024 * 1024;

    private final Path dir;
    private final long capBytes;
    private final long segmentBytes;
    private final TreeMap<Long, FileChannel> segments = new TreeMap<>();
    private final Deque<Rec> records = new ArrayDeque<>();
    private long liveBytes;
    private long livePoints;
    private long activeSegment;
    private long activeSize;
    private boolean closed;
    /** Held by the one appending: appends are serialised without holding the spool's monitor during I/O. */
    private final Object appending = new Object();
    /** The last append was refused for the cap, and nothing was trimmed since. */
    private boolean refusing;

    /**
     * One batch to keep.
     *
     * @param gateway gateway id
     * @param bootId  its boot id
     * @param seq     batch number
     * @param points  how many points the lines hold
     * @param lines   the points as InfluxDB line protocol, one per line, precision ms
     */
    public record Entry(String gateway, String bootId, long seq, int points, String lines) {
    }

    /**
     * A record as held: where it is and what it is.
     *
     * @param appendedAt epoch ms when it was appended (the writer's 1 s batching measures from this)
     */
    public record Rec(long segment, long offset, int length, int points, long appendedAt, String gateway,
                      String bootId, long seq) {
        long bytes() {
            return HEADER + (long) length;
        }
    }

    /** {@link #append} would take the spool over its cap: acknowledge nothing, try again later. */
    public static final class Full extends Exception {
        private static final long serialVersionUID = 1L;

        Full(String message) {
            super(message, null, false, false);
        }
    }

    private Spool(Path dir, long capBytes, long segmentBytes) {
        this.dir = dir;
        this.capBytes = capBytes;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens (or creates) the spool in {@code dir}, cutting off a torn record at the end of a segment and
     * skipping the records before the saved head.
     *
     * @param capBytes     most bytes of records held (at least 1 MiB is sensible)
     * @param segmentBytes size at which a new segment file is started
     */
    public static Spool open(Path dir, long capBytes, long segmentBytes) throws IOException {
        if (capBytes < 1 || segmentBytes < 1) {
            throw new IllegalArgumentException("capBytes and segmentBytes must be positive");
        }
        Files.createDirectories(dir);
        Spool spool = new Spool(dir, capBytes, segmentBytes);
        spool.load();
        return spool;
    }

    private void load() throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX) && n.length() == 20 + SUFFIX.length())
                    .forEach(n -> numbers.add(Long.parseLong(n.substring(0, 20))));
        }
        numbers.sort(null);
        long[] head = readHead();
        for (long n : numbers) {
            FileChannel ch = FileChannel.open(segmentPath(n), StandardOpenOption.READ, StandardOpenOption.WRITE);
            segments.put(n, ch);
            long valid = scan(n, ch, head);
            if (valid < ch.size()) {
                LOG.warn("spool segment {}: cutting off {} bytes of a torn or corrupt record at offset {}",
                        segmentPath(n), ch.size() - valid, valid);
                ch.truncate(valid);
                ch.force(true);
            }
        }
        if (segments.isEmpty()) {
            newSegment(0);
        } else {
            activeSegment = segments.lastKey();
            activeSize = segments.get(activeSegment).size();
        }
        deleteTrimmedSegments();
        if (!records.isEmpty()) {
            LOG.info("spool {}: {} batches ({} points, {} bytes) not yet in InfluxDB, to be written first",
                    dir, records.size(), livePoints, liveBytes);
        }
    }

    /** Reads the records of one segment; returns the length of its valid prefix. */
    private long scan(long segment, FileChannel ch, long[] head) throws IOException {
        long size = ch.size();
        long offset = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (offset + HEADER <= size) {
            header.clear();
            readFully(ch, header, offset);
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            if (length < 1 || length > MAX_RECORD || offset + HEADER + length > size) {
                return offset;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            readFully(ch, body, offset + HEADER);
            if (crc(body.array()) != crc) {
                return offset;
            }
            boolean trimmed = segment < head[0] || (segment == head[0] && offset < head[1]);
            if (!trimmed) {
                Rec rec = describe(segment, offset, body.array());
                records.addLast(rec);
                liveBytes += rec.bytes();
                livePoints += rec.points();
            }
            offset += HEADER + length;
        }
        return offset;
    }

    private static Rec describe(long segment, long offset, byte[] body) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body))) {
            long appendedAt = in.readLong();
            String gateway = in.readUTF();
            String bootId = in.readUTF();
            long seq = in.readLong();
            int points = in.readInt();
            return new Rec(segment, offset, body.length, points, appendedAt, gateway, bootId, seq);
        }
    }

    /**
     * Appends {@code entries} and forces them to disk: when this returns they survive a crash.
     *
     * @param appendedAt epoch ms, stamped on each record
     * @throws Full        when they would take the spool over its cap (and it is not empty)
     * @throws IOException when the disk refuses; nothing is to be acknowledged then
     */
    public void append(List<Entry> entries, long appendedAt) throws Full, IOException {
        if (entries.isEmpty()) {
            return;
        }
        List<byte[]> bodies = new ArrayList<>(entries.size());
        long bytes = 0;
        for (Entry e : entries) {
            byte[] body = encode(e, appendedAt);
            bodies.add(body);
            bytes += HEADER + body.length;
        }
        // One appender at a time; the write and the fsync happen outside the monitor, so the writer
        // can read and trim meanwhile. The new records become visible only once they are on disk.
        synchronized (appending) {
            FileChannel ch;
            long segment;
            long start;
            synchronized (this) {
                ensureOpen();
                if (!records.isEmpty() && liveBytes + bytes > capBytes) {
                    refusing = true;
                    throw new Full("spool holds " + liveBytes + " bytes; " + bytes + " more would pass its cap of " + capBytes);
                }
                if (activeSize >= segmentBytes) {
                    newSegment(activeSegment + 1);
                }
                segment = activeSegment;
                ch = segments.get(segment);
                start = activeSize;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, bytes));
            List<Rec> added = new ArrayList<>(entries.size());
            long offset = start;
            for (int i = 0; i < bodies.size(); i++) {
                byte[] body = bodies.get(i);
                buf.putInt(body.length).putInt(crc(body)).put(body);
                Entry e = entries.get(i);
                added.add(new Rec(segment, offset, body.length, e.points(), appendedAt, e.gateway(), e.bootId(), e.seq()));
                offset += HEADER + body.length;
            }
            buf.flip();
            try {
                long at = start;
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
                ch.force(false);
            } catch (IOException e) {
                // Cut off whatever part was written, so the next append starts on a record boundary.
                try {
                    ch.truncate(start);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            synchronized (this) {
                activeSize = offset;
                refusing = false;
                for (Rec r : added) {
                    records.addLast(r);
                    liveBytes += r.bytes();
                    livePoints += r.points();
                }
                notifyAll();
            }
        }
    }

    /**
     * The records at the head, oldest first, whole records up to {@code maxPoints} points (at least one
     * record when there is any). They stay until {@link #trim}.
     */
    public synchronized List<Rec> peek(int maxPoints) {
        List<Rec> out = new ArrayList<>();
        int points = 0;
        for (Rec r : records) {
            if (!out.isEmpty() && points + r.points() > maxPoints) {
                break;
            }
            out.add(r);
            points += r.points();
        }
        return out;
    }

    /**
     * Like {@link #peek}, but from the record after {@code after} (from the head when {@code after} is
     * null or no longer held, i.e. trimmed).
     */
    public synchronized List<Rec> peekAfter(Rec after, int maxPoints) {
        List<Rec> out = new ArrayList<>();
        int points = 0;
        boolean taking = after == null || !records.contains(after);
        for (Rec r : records) {
            if (!taking) {
                taking = r.equals(after);
                continue;
            }
            if (!out.isEmpty() && points + r.points() > maxPoints) {
                break;
            }
            out.add(r);
            points += r.points();
        }
        return out;
    }

    /** Waits up to {@code millis} for the next append (or trim, or close). */
    public synchronized void awaitChange(long millis) throws InterruptedException {
        if (!closed && millis > 0) {
            wait(millis);
        }
    }

    /** The line protocol of {@code rec}, read back from its segment. */
    public String lines(Rec rec) throws IOException {
        FileChannel ch;
        synchronized (this) {
            ensureOpen();
            ch = segments.get(rec.segment());
            if (ch == null) {
                throw new IOException("segment " + rec.segment() + " is gone");
            }
        }
        ByteBuffer body = ByteBuffer.allocate(rec.length());
        readFully(ch, body, rec.offset() + HEADER);
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body.array()))) {
            in.readLong();
            in.readUTF();
            in.readUTF();
            in.readLong();
            in.readInt();
            byte[] lines = new byte[in.readInt()];
            in.readFully(lines);
            return new String(lines, StandardCharsets.UTF_8);
        }
    }

    /**
     * Removes the head records up to and including {@code last} (which must be held), after InfluxDB
     * has stored them; saves the new head and deletes segments left without records.
     */
    public synchronized void trim(Rec last) throws IOException {
        if (!records.contains(last)) {
            throw new IllegalArgumentException("not in the spool: " + last);
        }
        while (true) {
            Rec r = records.removeFirst();
            liveBytes -= r.bytes();
            livePoints -= r.points();
            if (r.equals(last)) {
                break;
            }
        }
        refusing = false;
        Rec next = records.peekFirst();
        writeHead(next == null ? activeSegment : next.segment(), next == null ? activeSize : next.offset());
        deleteTrimmedSegments();
        notifyAll();
    }

    /** Every record held, oldest first: the batches accepted but not yet in InfluxDB. */
    public synchronized List<Rec> records() {
        return List.copyOf(records);
    }

    /** Bytes of the records held. */
    public synchronized long bytes() {
        return liveBytes;
    }

    /** Points in the records held. */
    public synchronized long points() {
        return livePoints;
    }

    /** Batches held. */
    public synchronized int size() {
        return records.size();
    }

    /** Epoch ms when the oldest record held was appended, or -1 when none is. */
    public synchronized long oldestAppendedAt() {
        Rec r = records.peekFirst();
        return r == null ? -1 : r.appendedAt();
    }

    public long capBytes() {
        return capBytes;
    }

    /** Whether the records held reached the cap, or the last append was refused for it since the last trim. */
    public synchronized boolean full() {
        return refusing || liveBytes >= capBytes;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (FileChannel ch : segments.values()) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.warn("closing a spool segment: {}", e.toString());
            }
        }
        notifyAll();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("spool " + dir + " is closed");
        }
    }

    private void newSegment(long n) throws IOException {
        FileChannel ch = FileChannel.open(segmentPath(n), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        segments.put(n, ch);
        activeSegment = n;
        activeSize = ch.size();
        forceDirectory();
        deleteTrimmedSegments();
    }

    /** Deletes every segment before the one holding the head record (never the active one). */
    private void deleteTrimmedSegments() throws IOException {
        long keepFrom = records.isEmpty() ? activeSegment : records.peekFirst().segment();
        Iterator<Map.Entry<Long, FileChannel>> it = segments.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, FileChannel> e = it.next();
            if (e.getKey() >= keepFrom || e.getKey() == activeSegment) {
                break;
            }
            e.getValue().close();
            Files.deleteIfExists(segmentPath(e.getKey()));
            it.remove();
        }
    }

    private long[] readHead() throws IOException {
        Path head = dir.resolve("head");
        if (!Files.exists(head)) {
            return new long[] {0, 0};
        }
        String[] parts = Files.readString(head, StandardCharsets.US_ASCII).trim().split(" ");
        try {
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (RuntimeException e) {
            LOG.warn("spool {}: unreadable head file ({}); writing every record held again", dir, e.toString());
            return new long[] {0, 0};
        }
    }

    private void writeHead(long segment, long offset) throws IOException {
        Path tmp = dir.resolve("head.tmp");
        Files.writeString(tmp, segment + " " + offset + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve("head"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    private Path segmentPath(long n) {
        return dir.resolve(String.format("%020d%s", n, SUFFIX));
    }

    private static byte[] encode(Entry e, long appendedAt) {
        byte[] lines = e.lines().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(lines.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(appendedAt);
            out.writeUTF(e.gateway());
            out.writeUTF(e.bootId());
            out.writeLong(e.seq());
            out.writeInt(e.points());
            out.writeInt(lines.length);
            out.write(lines);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    private static int crc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new IOException("unexpected end of spool segment at " + at);
            }
            at += n;
        }
    }
}
