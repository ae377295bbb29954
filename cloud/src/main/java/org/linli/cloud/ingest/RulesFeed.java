package org.linli.cloud.ingest;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.linli.wire.ReadingBatch;
import org.linli.wire.TopicAddress;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;
import org.linli.wire.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the rules of one cloud instance among several (a shared subscription): while the readings are
 * split between the instances for InfluxDB, the rules of a space need every reading of it. So this feed
 * has its own persistent session ({@code <client id>-rules}) with a <b>plain</b> subscription to every
 * gateway's readings, status and health, and hands the {@link IngestListener} (the rules, which run only
 * this instance's scopes) every batch once: copies the broker sends again are dropped by (gateway, boot
 * id, sequence) with a tracker of its own. Nothing is stored here: the shared subscription stores.
 *
 * <p>One thread of its own, in arrival order, with a tick a second; a message is acknowledged after the
 * rules took it.
 */
public final class RulesFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesFeed.class);
    static final int RECEIVE_MAXIMUM = 100;
    private static final int MAX_GROUP = 100;
    private static final Duration TICK = Duration.ofSeconds(1);

    private record Message(String topic, byte[] payload, IngestWorker.Acknowledgement ack) {
    }

    private final MqttSession session;
    private final WireCodec codec;
    private final BatchMapper mapper;
    private final SequenceTracker sequences;
    private final IngestListener rules;
    private final Clock clock;
    private final String site;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>(10_000);
    private final Thread thread;
    private volatile boolean stopping;
    private Instant lastTick = Instant.MIN;
    private boolean subscribedOnce;

    /**
     * @param clientId this feed's own session id: stable across restarts, unique per instance
     * @param rules    the rules of this instance
     * @param site     this cloud's site id: status messages of other sites are ignored
     */
    public RulesFeed(String uri, String clientId, String username, byte[] password, Duration sessionExpiry,
                     WireCodec codec, BatchMapper mapper, IngestListener rules, Clock clock, String site) throws MqttException {
        this.codec = codec;
        this.mapper = mapper;
        this.rules = rules;
        this.clock = clock;
        this.site = site;
        this.sequences = new SequenceTracker(clock, 1);
        this.session = new MqttSession(uri, clientId, username, password, sessionExpiry, RECEIVE_MAXIMUM,
                List.of(Topics.allReadings(), GatewayStatus.STATUS_FILTER, GatewayStatus.HEALTH_FILTER), this::submit);
        this.thread = new Thread(this::run, "linli-rules-feed");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
        session.start();
    }

    /** True when connected with the subscriptions granted. */
    public boolean isUp() {
        return session.isUp();
    }

    private void submit(String topic, byte[] payload, IngestWorker.Acknowledgement ack) {
        try {
            queue.put(new Message(topic, payload, ack));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Message> group = new ArrayList<>();
        while (!stopping) {
            try {
                Message m = queue.poll(200, TimeUnit.MILLISECONDS);
                if (m != null) {
                    group.add(m);
                    queue.drainTo(group, MAX_GROUP - 1);
                    process(group);
                    group.clear();
                }
                Instant now = clock.instant();
                // No tick (so no scope taken) before the subscription was first granted: a scope taken earlier
                // would miss what arrives until then, as a new session has nothing queued.
                subscribedOnce = subscribedOnce || session.isUp();
                if (subscribedOnce && (lastTick.equals(Instant.MIN) || Duration.between(lastTick, now).compareTo(TICK) >= 0)) {
                    lastTick = now;
                    rules.tick(now);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The rules' own failures are logged where they happen; keep the thread alive.
                LOG.error("the rules failed on a group of {} messages; they are acknowledged (stored by the ingest all the same)",
                        group.size(), e);
                group.forEach(RulesFeed::acknowledge);
                group.clear();
            }
        }
    }

    private void process(List<Message> group) {
        List<MappedBatch> batches = new ArrayList<>();
        for (Message m : group) {
            if (GatewayStatus.handles(m.topic())) {
                if (!batches.isEmpty()) {
                    rules.accepted(List.copyOf(batches)); // in arrival order
                    batches.clear();
                }
                status(m);
                continue;
            }
            try {
                TopicAddress address = Topics.parse(m.topic());
                ReadingBatch batch = codec.decode(m.payload());
                MappedBatch mapped = mapper.map(address, batch);
                if (sequences.seen(batch.gateway(), batch.bootId(), batch.seq())) {
                    continue;
                }
                sequences.record(batch.gateway(), batch.bootId(), batch.seq());
                batches.add(mapped);
            } catch (WireException e) {
                LOG.debug("rules feed: refused on {}: {}", m.topic(), e.getMessage()); // counted by the ingest
            }
        }
        if (!batches.isEmpty()) {
            rules.accepted(batches);
        }
        group.forEach(RulesFeed::acknowledge);
    }

    private void status(Message m) {
        try {
            TopicAddress address = Topics.parse(m.topic());
            if (site.equals(address.site())) {
                GatewayStatus.parse(address, m.payload(), clock.instant())
                        .ifPresent(s -> rules.gatewayStatus(s.gateway(), s.at(), s.online()));
            }
        } catch (WireException e) {
            LOG.debug("status on a bad topic {}: {}", m.topic(), e.getMessage());
        }
    }

    private static void acknowledge(Message m) {
        try {
            m.ack().ack();
        } catch (Exception e) {
            LOG.debug("cannot acknowledge a message on {}: {}", m.topic(), e.toString());
        }
    }

    /** Disconnects, lets the thread finish, then closes the rules (which save and give their scopes up). */
    @Override
    public void close() {
        session.disconnect();
        stopping = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rules.close();
        session.release();
    }
}
