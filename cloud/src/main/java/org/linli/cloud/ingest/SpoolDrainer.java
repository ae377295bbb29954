package org.linli.cloud.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Empties the {@link Spool} into InfluxDB: one write of up to {@code maxPoints} points, as soon as that
 * many are held or the oldest held record is {@code maxDelay} old; the records leave the spool only
 * after the write succeeded (InfluxDB's 204). While InfluxDB cannot be reached, the same records are
 * tried again with backoff and the spool grows; the ingest worker stops acknowledging once it is full.
 *
 * <p>A crash after a write but before its trim writes those points again after the restart: InfluxDB
 * keeps one point per series and timestamp, so the second write overwrites the first with the same
 * values and nothing doubles.
 *
 * <p>When InfluxDB refuses the points themselves (a {@code partial write}: field type conflict, beyond
 * retention), the records of that write are written again one by one, so only the refusing batch is
 * dropped (counted as a store refusal) and its neighbours are stored.
 *
 * <p>{@link #step()} is one decision, for tests; {@link #start()} runs it on its own thread.
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

    private final Spool spool;
    private final Sink sink;
    private final int maxPoints;
    private final Duration maxDelay;
    private final Backoff backoff;
    private final Clock clock;
    private final IngestCounters counters;
    private final LogThrottle throttle;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private int failures;
    private volatile boolean failing;

    /**
     * @param maxPoints most points in one write (5,000)
     * @param maxDelay  longest a record waits for a fuller write (1 s)
     */
    public SpoolDrainer(Spool spool, Sink sink, int maxPoints, Duration maxDelay, Backoff backoff, Clock clock,
                        IngestCounters counters, LogThrottle throttle) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be 1 or more, was " + maxPoints);
        }
        this.spool = spool;
        this.sink = sink;
        this.maxPoints = maxPoints;
        this.maxDelay = maxDelay;
        this.backoff = backoff;
        this.clock = clock;
        this.counters = counters;
        this.throttle = throttle;
        this.thread = new Thread(this::run, "linli-influx-writer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Writes the head of the spool if it is due (full or old enough), or when {@code force}.
     *
     * @return how long to wait before the next step: zero after a write, the remaining delay when the
     *         head is not due, the backoff after a failure, {@code maxDelay} when the spool is empty
     */
    public Duration step(boolean force) {
        List<Spool.Rec> head = spool.peek(maxPoints);
        if (head.isEmpty()) {
            return maxDelay;
        }
        long age = clock.millis() - head.get(0).appendedAt();
        if (!force && spool.points() < maxPoints && age < maxDelay.toMillis()) {
            return Duration.ofMillis(maxDelay.toMillis() - age);
        }
        try {
            write(head);
        } catch (PointsRefusedException e) {
            if (!writeOneByOne(head)) {
                return failed(e);
            }
        } catch (IOException | RuntimeException e) {
            return failed(e);
        }
        return Duration.ZERO;
    }

    /** {@link #step(boolean)} without force. */
    public Duration step() {
        return step(false);
    }

    /** True while the last write attempt failed (InfluxDB down or failing). */
    public boolean failing() {
        return failing;
    }

    private void write(List<Spool.Rec> recs) throws IOException {
        StringBuilder lines = new StringBuilder();
        int points = 0;
        for (Spool.Rec r : recs) {
            lines.append(spool.lines(r)).append('\n');
            points += r.points();
        }
        sink.write(lines.toString());
        spool.trim(recs.get(recs.size() - 1));
        succeeded(recs.size(), points);
    }

    /** After a refusal: each record alone, so that only the refusing ones are dropped. False on another failure. */
    private boolean writeOneByOne(List<Spool.Rec> recs) {
        for (Spool.Rec r : recs) {
            try {
                write(List.of(r));
            } catch (PointsRefusedException e) {
                OptionalLong suppressed = throttle.acquire("influx-refused");
                if (suppressed.isPresent()) {
                    LOG.warn("InfluxDB refused the points of {} {} #{}; they are dropped, not retried: {}",
                            r.gateway(), r.bootId(), r.seq(), e.getMessage());
                }
                try {
                    spool.trim(r);
                } catch (IOException io) {
                    LOG.warn("cannot trim the spool: {}", io.toString());
                    return false;
                }
                counters.storeRefused();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private void succeeded(int batches, int points) {
        counters.written(batches, points);
        counters.spoolDepth(spool.size(), spool.points(), spool.bytes());
        if (failures > 0) {
            LOG.info("InfluxDB writes work again, after {} failed attempts; {} points still spooled", failures, spool.points());
        }
        failures = 0;
        failing = false;
    }

    private Duration failed(Exception e) {
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
                    // Woken by each append: a batch that fills up is written at once, not after the delay.
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
     * Stops the thread, then writes what is held if InfluxDB takes it within a few attempts; what it
     * does not take stays in the spool for the next start.
     */
    @Override
    public void close() {
        stopping.countDown();
        synchronized (spool) {
            spool.notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(35));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!failing && !thread.isAlive()) {
            for (int i = 0; i < 100 && spool.size() > 0 && !failing; i++) {
                step(true);
            }
        }
        if (spool.size() > 0) {
            LOG.info("{} points ({} batches) stay in the spool {} for the next start", spool.points(), spool.size(), spool.dir());
        }
    }
}
