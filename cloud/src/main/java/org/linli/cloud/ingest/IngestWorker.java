package org.linli.cloud.ingest;

import org.linli.wire.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that takes MQTT messages in arrival order, stores them and only then lets them be
 * acknowledged. Refused messages and duplicates are acknowledged at once: they will never become valid.
 *
 * <p>While InfluxDB is down the worker retries the same batch with backoff and takes nothing else, so
 * the order is kept and nothing is acknowledged that is not stored; the broker holds the rest (the
 * subscription's receive maximum bounds how many it hands over unacknowledged). There is no disk spool
 * yet: a later issue adds one so the broker's queue is not the only buffer during a long outage.
 */
public final class IngestWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestWorker.class);
    /** Messages waiting for the worker before {@link #submit} blocks its caller. */
    static final int QUEUE_CAPACITY = 10_000;

    private final Intake intake;
    private final CommissioningReports reports;
    private final InfluxWriter writer;
    private final Backoff backoff;
    private final LogThrottle throttle;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;

    /** Called once the message is stored or can be dropped. */
    @FunctionalInterface
    public interface Acknowledgement {
        void ack() throws Exception;
    }

    private record Message(String topic, byte[] payload, Acknowledgement ack) {
    }

    /**
     * @param intake  decides on reading batches
     * @param reports takes the commissioning reports, which arrive on the same connection
     */
    public IngestWorker(Intake intake, CommissioningReports reports, InfluxWriter writer, Backoff backoff, LogThrottle throttle) {
        this.intake = intake;
        this.reports = reports;
        this.writer = writer;
        this.backoff = backoff;
        this.throttle = throttle;
        this.thread = new Thread(this::run, "linli-ingest");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Hands a message to the worker. Returns at once unless {@link #QUEUE_CAPACITY} messages wait, which
     * only QoS 0 floods can cause: then the caller waits, which slows the broker down.
     */
    public void submit(String topic, byte[] payload, Acknowledgement ack) {
        try {
            queue.put(new Message(topic, payload, ack));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while queueing a message on {}; the broker will deliver it again", topic);
        }
    }

    private void run() {
        try {
            while (stopping.getCount() > 0) {
                Message m = queue.poll(200, TimeUnit.MILLISECONDS);
                if (m != null) {
                    processSafely(m);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Stopping e) {
            LOG.info("ingest worker stopped while retrying a write; the broker will deliver that batch again");
        }
        LOG.debug("ingest worker ended, {} messages left to the broker", queue.size());
    }

    /** Keeps the one worker thread alive whatever a message does; it is left unacknowledged then. */
    private void processSafely(Message m) throws InterruptedException {
        try {
            process(m);
        } catch (Stopping e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("failed on a message on {}; left unacknowledged for the broker to deliver again", m.topic(), e);
        }
    }

    private void process(Message m) throws InterruptedException {
        if (CommissioningReports.handles(m.topic())) {
            reports.accept(m.topic(), m.payload()).ifPresent(e -> warnRejected(e.reason(), m.topic(), e.getMessage()));
            acknowledge(m);
            return;
        }
        Verdict verdict;
        try {
            verdict = intake.examine(m.topic(), m.payload());
        } catch (RuntimeException e) {
            // A bug, not bad input: say so loudly, but do not let one message stall the subscription.
            LOG.error("cannot examine a message on {} ({} bytes); acknowledging it unread", m.topic(), m.payload().length, e);
            acknowledge(m);
            return;
        }
        if (verdict instanceof Verdict.Rejected r) {
            warnRejected(r.reason(), m.topic(), r.detail());
        } else if (verdict instanceof Verdict.Duplicate d) {
            LOG.debug("duplicate batch {} {} #{} dropped", d.gateway(), d.bootId(), d.seq());
        } else if (verdict instanceof Verdict.Store s) {
            for (RejectedReading r : s.batch().rejected()) {
                warnRejected(r.reason(), m.topic(), r.detail());
            }
            store(s);
        }
        acknowledge(m);
    }

    private void store(Verdict.Store s) throws InterruptedException {
        int failures = 0;
        while (true) {
            try {
                writer.write(s.batch().points());
                break;
            } catch (PointsRefusedException e) {
                OptionalLong suppressed = throttle.acquire("influx-refused");
                if (suppressed.isPresent()) {
                    LOG.warn("InfluxDB refused the points of {} #{}; they are dropped, not retried: {}{}",
                            s.batch().batch().gateway(), s.batch().batch().seq(), e.getMessage(), held(suppressed));
                }
                intake.refusedByStore(s);
                return;
            } catch (RuntimeException e) {
                failures++;
                Duration wait = backoff.delay(failures);
                OptionalLong suppressed = throttle.acquire("influx-down");
                if (suppressed.isPresent()) {
                    LOG.warn("cannot write to InfluxDB (attempt {} for {} #{}), retrying in {} ms; nothing is acknowledged meanwhile: {}",
                            failures, s.batch().batch().gateway(), s.batch().batch().seq(), wait.toMillis(), e.toString());
                }
                if (stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new Stopping();
                }
            }
        }
        intake.stored(s);
        if (failures > 0) {
            LOG.info("InfluxDB writes work again, after {} failed attempts", failures);
        }
        LOG.debug("stored {} points of {} #{}", s.batch().points().size(), s.batch().batch().gateway(), s.batch().batch().seq());
    }

    private void warnRejected(RejectReason reason, String topic, String detail) {
        OptionalLong suppressed = throttle.acquire("reject-" + reason.code());
        if (suppressed.isPresent()) {
            LOG.warn("rejected ({}) on {}: {}{}", reason.code(), topic, detail, held(suppressed));
        } else {
            LOG.debug("rejected ({}) on {}: {}", reason.code(), topic, detail);
        }
    }

    /** The note about lines held back by the throttle, empty when there were none. */
    private static String held(OptionalLong suppressed) {
        long n = suppressed.orElse(0);
        return n == 0 ? "" : " (" + n + " more like it since the last such warning, not logged)";
    }

    private static void acknowledge(Message m) {
        try {
            m.ack().ack();
        } catch (Exception e) {
            // Not fatal: the broker delivers the message again and the sequence tracker drops it.
            LOG.warn("cannot acknowledge a message on {}: {}", m.topic(), e.toString());
        }
    }

    /** Stops taking messages; one being retried is left unacknowledged for the broker to deliver again. */
    @Override
    public void close() {
        stopping.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("ingest worker did not stop within 10 s");
        }
    }

    /** Thrown through the retry loop when the worker is closed. */
    private static final class Stopping extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopping() {
            super(null, null, false, false);
        }
    }
}
