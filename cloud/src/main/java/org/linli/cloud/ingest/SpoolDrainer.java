package org.linli.cloud.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Empties the {@link Spool} into InfluxDB: writes of up to {@code maxPoints} points (whole batches), as
 * soon as that many are waiting or the oldest waiting record is {@code maxDelay} old, from
 * {@code writers} threads at once; records leave the spool only after their write succeeded
 * (InfluxDB's 204) <b>and every write before theirs did</b>, so the spool is trimmed in order. While
 * InfluxDB cannot be reached, the failed writes are tried again with backoff (no new ones are started)
 * and the spool grows; the ingest worker stops acknowledging once it is full.
 *
 * <p>A crash after a write but before its trim writes those points again after the restart: InfluxDB
 * keeps one point per series and timestamp, so the second write overwrites the first with the same
 * values and nothing doubles.
 *
 * <p>When InfluxDB refuses the points themselves (a {@code partial write}: field type conflict, beyond
 * retention), the records of that write are written again one by one, so only the refusing batch is
 * dropped (counted as a store refusal) and its neighbours are stored.
 *
 * <p>{@link #step()} is one claim-write-complete cycle, for tests; {@link #start()} runs the threads.
 */
public final class SpoolDrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolDrainer.class);

    /** Where the points go: InfluxDB, in production. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Writes newline-separated line protocol (precision ms) in one request.
         *
         * @throws PointsRefusedException when InfluxDB refuses the points themselves: do not retry
         * @throws RuntimeException       when it cannot be reached or fails otherwise: retry
         */
        void write(String lines);
    }

    /** Records handed to one write, contiguous; in {@link #inflight} until trimmed. */
    static final class Chunk {
        final List<Spool.Rec> recs;
        final int points;
        boolean done;
        boolean retry;

        Chunk(List<Spool.Rec> recs) {
            this.recs = List.copyOf(recs);
            this.points = recs.stream().mapToInt(Spool.Rec::points).sum();
        }

        Spool.Rec last() {
            return recs.get(recs.size() - 1);
        }
    }

    private final Spool spool;
    private final Sink sink;
    private final int maxPoints;
    private final Duration maxDelay;
    private final Backoff backoff;
    private final Clock clock;
    private final IngestCounters counters;
    private final LogThrottle throttle;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    /** Claimed chunks in spool order; guarded by this. */
    private final Deque<Chunk> inflight = new ArrayDeque<>();
    /** The last record claimed; guarded by this. */
    private Spool.Rec claimedUpTo;
    private int inflightPoints;
    private int failures;
    private volatile boolean failing;

    /**
     * @param maxPoints most points in one write (5,000)
     * @param maxDelay  longest a record waits for a fuller write (1 s)
     * @param writers   writes in flight at once (threads)
     */
    public SpoolDrainer(Spool spool, Sink sink, int maxPoints, Duration maxDelay, int writers, Backoff backoff,
                        Clock clock, IngestCounters counters, LogThrottle throttle) {
        if (maxPoints < 1 || writers < 1) {
            throw new IllegalArgumentException("maxPoints and writers must be 1 or more, were " + maxPoints + ", " + writers);
        }
        this.spool = spool;
        this.sink = sink;
        this.maxPoints = maxPoints;
        this.maxDelay = maxDelay;
        this.backoff = backoff;
        this.clock = clock;
        this.counters = counters;
        this.throttle = throttle;
        for (int i = 1; i <= writers; i++) {
            Thread t = new Thread(this::run, "linli-influx-writer-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    /** With one writer. */
    public SpoolDrainer(Spool spool, Sink sink, int maxPoints, Duration maxDelay, Backoff backoff, Clock clock,
                        IngestCounters counters, LogThrottle throttle) {
        this(spool, sink, maxPoints, maxDelay, 1, backoff, clock, counters, throttle);
    }

    public void start() {
        threads.forEach(Thread::start);
    }

    /**
     * Claims the next write, writes it and completes it.
     *
     * @param force write what is waiting even if it is not due
     * @return how long to wait before the next step: zero after a write, the remaining delay when nothing
     *         is due, the backoff after a failure, {@code maxDelay} when nothing is waiting
     */
    public Duration step(boolean force) {
        Object claimed = claim(force);
        if (claimed instanceof Duration wait) {
            return wait;
        }
        Chunk chunk = (Chunk) claimed;
        Exception failure = write(chunk);
        return failure == null ? Duration.ZERO : failed(chunk, failure);
    }

    /** {@link #step(boolean)} without force. */
    public Duration step() {
        return step(false);
    }

    /** True while the last write attempt failed (InfluxDB down or failing). */
    public boolean failing() {
        return failing;
    }

    /**
     * A chunk to write: a failed one to retry first; else, unless writes are failing, the next records
     * if due. Otherwise how long to wait.
     */
    synchronized Object claim(boolean force) {
        for (Chunk c : inflight) {
            if (c.retry) {
                c.retry = false;
                return c;
            }
        }
        if (failing && !inflight.isEmpty()) {
            return backoff.delay(Math.max(1, failures));
        }
        List<Spool.Rec> next = spool.peekAfter(claimedUpTo, maxPoints);
        if (next.isEmpty()) {
            return maxDelay;
        }
        long age = clock.millis() - next.get(0).appendedAt();
        long waiting = spool.points() - inflightPoints;
        if (!force && waiting < maxPoints && age < maxDelay.toMillis()) {
            return Duration.ofMillis(maxDelay.toMillis() - age);
        }
        Chunk c = new Chunk(next);
        inflight.addLast(c);
        inflightPoints += c.points;
        claimedUpTo = c.last();
        return c;
    }

    /** Writes {@code chunk} (one by one after a refusal) and completes it; the failure, or null. */
    Exception write(Chunk chunk) {
        try {
            sink.write(lines(chunk.recs));
        } catch (PointsRefusedException e) {
            Exception other = writeOneByOne(chunk);
            if (other != null) {
                return other;
            }
        } catch (IOException | RuntimeException e) {
            return e;
        }
        try {
            complete(chunk);
        } catch (IOException e) {
            return e;
        }
        return null;
    }

    private String lines(List<Spool.Rec> recs) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Spool.Rec r : recs) {
            lines.append(spool.lines(r)).append('\n');
        }
        return lines.toString();
    }

    /** After a refusal: each record alone, so that only the refusing ones are dropped. Another failure, or null. */
    private Exception writeOneByOne(Chunk chunk) {
        for (Spool.Rec r : chunk.recs) {
            try {
                sink.write(lines(List.of(r)));
            } catch (PointsRefusedException e) {
                OptionalLong suppressed = throttle.acquire("influx-refused");
                if (suppressed.isPresent()) {
                    LOG.warn("InfluxDB refused the points of {} {} #{}; they are dropped, not retried: {}",
                            r.gateway(), r.bootId(), r.seq(), e.getMessage());
                }
                counters.storeRefused();
            } catch (IOException | RuntimeException e) {
                return e;
            }
        }
        return null;
    }

    /** {@code chunk} is in InfluxDB: trims every completed chunk at the head of the spool. */
    private synchronized void complete(Chunk chunk) throws IOException {
        chunk.done = true;
        counters.written(chunk.recs.size(), chunk.points);
        while (!inflight.isEmpty() && inflight.peekFirst().done) {
            Chunk head = inflight.peekFirst();
            spool.trim(head.last()); // first: if it fails, the chunk stays and is written (and trimmed) again
            inflight.removeFirst();
            inflightPoints -= head.points;
        }
        counters.spoolDepth(spool.size(), spool.points(), spool.bytes());
        if (failures > 0) {
            LOG.info("InfluxDB writes work again, after {} failed attempts; {} points still spooled", failures, spool.points());
        }
        failures = 0;
        failing = false;
    }

    private synchronized Duration failed(Chunk chunk, Exception e) {
        chunk.retry = true;
        failures++;
        failing = true;
        counters.writeFailed();
        Duration wait = backoff.delay(failures);
        OptionalLong suppressed = throttle.acquire("influx-down");
        if (suppressed.isPresent()) {
            LOG.warn("cannot write to InfluxDB (attempt {}), retrying in {} ms; {} points ({} bytes) spooled meanwhile: {}",
                    failures, wait.toMillis(), spool.points(), spool.bytes(), e.toString());
        }
        return wait;
    }

    private void run() {
        try {
            while (stopping.getCount() > 0) {
                Duration wait = step(false);
                if (wait.isZero()) {
                    continue;
                }
                if (failing) {
                    stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    // Woken by each append and trim: a batch that fills up is written at once.
                    spool.awaitChange(wait.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("InfluxDB writer stopped unexpectedly; spooled points are written after a restart", e);
        }
    }

    /**
     * Stops the threads, then writes what is held if InfluxDB takes it; what it does not take stays in
     * the spool for the next start.
     */
    @Override
    public void close() {
        stopping.countDown();
        synchronized (spool) {
            spool.notifyAll();
        }
        boolean alive = false;
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(35));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            alive |= t.isAlive();
        }
        if (!failing && !alive) {
            for (int i = 0; i < 100 && spool.size() > 0 && !failing; i++) {
                step(true);
            }
        }
        if (spool.size() > 0) {
            LOG.info("{} points ({} batches) stay in the spool {} for the next start", spool.points(), spool.size(), spool.dir());
        }
    }
}
