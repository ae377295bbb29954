package org.linli.cloud.ingest;

import org.linli.wire.RejectReason;
import org.linli.wire.TopicAddress;
import org.linli.wire.Topics;
import org.linli.wire.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that takes MQTT messages in arrival order, appends accepted batches to the durable
 * {@link Spool} and only then lets them be acknowledged; the {@link SpoolDrainer} writes them on to
 * InfluxDB. Refused messages and duplicates are acknowledged at once: they will never become valid.
 *
 * <p>Messages are taken in groups (whatever is queued, up to {@link #MAX_GROUP}): the group's batches
 * go to the spool in one append with one {@code fsync}, are recorded in the {@link SequenceTracker}
 * (so its state is exactly what was acknowledged), handed to the {@link IngestListener} (the rules), and
 * then every message of the group is acknowledged. When the spool is full (InfluxDB down for long) or
 * the disk refuses, the worker keeps the group, acknowledges nothing and tries again: the broker holds
 * the rest (the subscription's receive maximum bounds how many it hands over unacknowledged).
 *
 * <p>Gateway status and health messages go to the listener (liveness); commissioning reports to
 * {@link CommissioningReports}.
 */
public final class IngestWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestWorker.class);
    /** Messages waiting for the worker before {@link #submit} blocks its caller. */
    static final int QUEUE_CAPACITY = 10_000;
    /** Most messages in one group (one spool append, one fsync). */
    static final int MAX_GROUP = 1_000;
    private static final Duration TICK = Duration.ofSeconds(1);

    private final Intake intake;
    private final CommissioningReports reports;
    private final Spool spool;
    private final IngestListener listener;
    private final IngestCounters counters;
    private final Backoff backoff;
    private final LogThrottle throttle;
    private final Clock clock;
    private final String site;
    /** As they came from MQTT, for the decoder. */
    private final BlockingQueue<Message> arrived = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    /** Decoded, in the same order, for the worker. */
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread decoder;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private Instant lastTick = Instant.MIN;
    private volatile boolean waitingForRoom;

    /** Called once the message is stored or can be dropped. */
    @FunctionalInterface
    public interface Acknowledgement {
        void ack() throws Exception;
    }

    /** A message; {@code decoded} is null when it is not a batch of readings or decoding failed (a bug). */
    private record Message(String topic, byte[] payload, Intake.Decoded decoded, Acknowledgement ack) {
    }

    /**
     * @param intake   decides on reading batches
     * @param reports  takes the commissioning reports, which arrive on the same connection
     * @param spool    where accepted batches go before they are acknowledged
     * @param listener told about accepted batches and gateway liveness (the rules)
     * @param site     this cloud's site id: status messages of other sites are ignored
     */
    public IngestWorker(Intake intake, CommissioningReports reports, Spool spool, IngestListener listener,
                        IngestCounters counters, Backoff backoff, LogThrottle throttle, Clock clock, String site) {
        this.intake = intake;
        this.reports = reports;
        this.spool = spool;
        this.listener = listener;
        this.counters = counters;
        this.backoff = backoff;
        this.throttle = throttle;
        this.clock = clock;
        this.site = site;
        this.thread = new Thread(this::run, "linli-ingest");
        this.thread.setDaemon(true);
        this.decoder = new Thread(this::decode, "linli-decode");
        this.decoder.setDaemon(true);
    }

    public void start() {
        decoder.start();
        thread.start();
    }

    /**
     * Decoding a batch needs no state, so a thread of its own does it, in arrival order, while the
     * worker stores the batches before: the MQTT client's thread only reads packets, the worker only
     * appends, acknowledges and runs the rules.
     */
    private void decode() {
        try {
            while (stopping.getCount() > 0) {
                Message m = arrived.poll(200, TimeUnit.MILLISECONDS);
                if (m == null) {
                    continue;
                }
                Intake.Decoded decoded = null;
                if (!CommissioningReports.handles(m.topic()) && !GatewayStatus.handles(m.topic())) {
                    try {
                        decoded = intake.decode(m.topic(), m.payload());
                    } catch (RuntimeException e) {
                        LOG.debug("decoding a message on {} failed; the worker examines it again", m.topic(), e);
                    }
                }
                queue.put(new Message(m.topic(), m.payload(), decoded, m.ack()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands a message to the worker. Returns at once unless {@link #QUEUE_CAPACITY} messages wait, which
     * only QoS 0 floods can cause: then the caller waits, which slows the broker down.
     */
    public void submit(String topic, byte[] payload, Acknowledgement ack) {
        try {
            arrived.put(new Message(topic, payload, null, ack));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while queueing a message on {}; the broker will deliver it again", topic);
        }
    }

    /** True while the spool is full and nothing is acknowledged (backpressure). */
    public boolean waitingForRoom() {
        return waitingForRoom;
    }

    private void run() {
        List<Message> group = new ArrayList<>();
        try {
            while (stopping.getCount() > 0) {
                Message m = queue.poll(200, TimeUnit.MILLISECONDS);
                if (m != null) {
                    group.add(m);
                    queue.drainTo(group, MAX_GROUP - 1);
                    processSafely(group);
                    group.clear();
                }
                tickSafely();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Stopping e) {
            LOG.info("ingest worker stopped while waiting for the spool; the broker will deliver those messages again");
        }
        LOG.debug("ingest worker ended, {} messages left to the broker", queue.size());
    }

    private void tickSafely() {
        Instant now = clock.instant();
        if (Duration.between(lastTick, now).compareTo(TICK) < 0 && !lastTick.equals(Instant.MIN)) {
            return;
        }
        lastTick = now;
        try {
            listener.tick(now);
        } catch (RuntimeException e) {
            OptionalLong suppressed = throttle.acquire("listener-tick");
            if (suppressed.isPresent()) {
                LOG.error("the rules failed on a tick", e);
            }
        }
    }

    /** Keeps the one worker thread alive whatever a group does; what failed is left unacknowledged. */
    private void processSafely(List<Message> group) throws InterruptedException {
        try {
            process(group);
        } catch (Stopping e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("failed on a group of {} messages; left unacknowledged for the broker to deliver again", group.size(), e);
        }
    }

    private void process(List<Message> group) throws InterruptedException {
        List<Message> toAck = new ArrayList<>(group.size());
        List<Verdict.Store> stores = new ArrayList<>();
        List<Spool.Entry> entries = new ArrayList<>();
        Set<String> inGroup = new HashSet<>();
        for (Message m : group) {
            if (CommissioningReports.handles(m.topic())) {
                reports.accept(m.topic(), m.payload()).ifPresent(e -> warnRejected(e.reason(), m.topic(), e.getMessage()));
                toAck.add(m);
                continue;
            }
            if (GatewayStatus.handles(m.topic())) {
                status(m);
                toAck.add(m);
                continue;
            }
            Verdict verdict;
            try {
                verdict = m.decoded() != null ? intake.examine(m.topic(), m.payload(), m.decoded())
                        : intake.examine(m.topic(), m.payload());
            } catch (RuntimeException e) {
                // A bug, not bad input: say so loudly, but do not let one message stall the subscription.
                LOG.error("cannot examine a message on {} ({} bytes); acknowledging it unread", m.topic(), m.payload().length, e);
                toAck.add(m);
                continue;
            }
            if (verdict instanceof Verdict.Rejected r) {
                warnRejected(r.reason(), m.topic(), r.detail());
            } else if (verdict instanceof Verdict.Duplicate d) {
                LOG.debug("duplicate batch {} {} #{} dropped", d.gateway(), d.bootId(), d.seq());
            } else if (verdict instanceof Verdict.Store s) {
                for (RejectedReading r : s.batch().rejected()) {
                    warnRejected(r.reason(), m.topic(), r.detail());
                }
                var b = s.batch().batch();
                if (!inGroup.add(b.gateway() + '\u0000' + b.bootId() + '\u0000' + b.seq())) {
                    counters.duplicate(); // the same batch twice in one group: the second is a duplicate
                } else {
                    stores.add(s);
                    if (!s.batch().points().isEmpty()) {
                        entries.add(new Spool.Entry(b.gateway(), b.bootId(), b.seq(), s.batch().points().size(), s.lines()));
                    }
                }
            }
            toAck.add(m);
        }
        appendDurably(entries);
        List<MappedBatch> accepted = new ArrayList<>(stores.size());
        for (Verdict.Store s : stores) {
            intake.stored(s);
            accepted.add(s.batch());
        }
        counters.spoolDepth(spool.size(), spool.points(), spool.bytes());
        if (!accepted.isEmpty()) {
            try {
                listener.accepted(accepted);
            } catch (RuntimeException e) {
                // The readings are safe in the spool; only the rules missed them.
                LOG.error("the rules failed on {} accepted batches; they are stored all the same", accepted.size(), e);
            }
        }
        for (Message m : toAck) {
            acknowledge(m);
        }
    }

    private void status(Message m) {
        try {
            TopicAddress address = Topics.parse(m.topic());
            if (!site.equals(address.site())) {
                return;
            }
            GatewayStatus.parse(address, m.payload(), clock.instant())
                    .ifPresent(s -> listener.gatewayStatus(s.gateway(), s.at(), s.online()));
        } catch (WireException e) {
            LOG.debug("status on a bad topic {}: {}", m.topic(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("the rules failed on a status message on {}", m.topic(), e);
        }
    }

    /** Appends until it worked: waits while the spool is full or the disk fails, acknowledging nothing. */
    private void appendDurably(List<Spool.Entry> entries) throws InterruptedException {
        int failures = 0;
        boolean counted = false;
        while (true) {
            try {
                spool.append(entries, clock.millis());
                if (waitingForRoom) {
                    LOG.info("the spool has room again; acknowledging resumes");
                }
                waitingForRoom = false;
                return;
            } catch (Spool.Full e) {
                waitingForRoom = true;
                if (!counted) {
                    counters.spoolFull();
                    counted = true;
                }
                OptionalLong suppressed = throttle.acquire("spool-full");
                if (suppressed.isPresent()) {
                    LOG.warn("the spool is full ({}); acknowledging nothing until InfluxDB takes its points, the broker holds the rest",
                            e.getMessage());
                }
                if (stopping.await(200, TimeUnit.MILLISECONDS)) {
                    throw new Stopping();
                }
            } catch (IOException e) {
                failures++;
                Duration wait = backoff.delay(failures);
                OptionalLong suppressed = throttle.acquire("spool-io");
                if (suppressed.isPresent()) {
                    LOG.error("cannot append to the spool {} (attempt {}), retrying in {} ms; acknowledging nothing meanwhile",
                            spool.dir(), failures, wait.toMillis(), e);
                }
                if (stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new Stopping();
                }
            }
        }
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

    /** Stops taking messages; a group waiting for the spool is left unacknowledged for the broker to deliver again. */
    @Override
    public void close() {
        stopping.countDown();
        try {
            decoder.join(TimeUnit.SECONDS.toMillis(2));
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("ingest worker did not stop within 10 s");
        }
        listener.close();
    }

    /** Thrown through the retry loop when the worker is closed. */
    private static final class Stopping extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopping() {
            super(null, null, false, false);
        }
    }
}
