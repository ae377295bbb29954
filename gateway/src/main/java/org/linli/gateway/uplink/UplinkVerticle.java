package org.linli.gateway.uplink;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.linli.config.BrokerSettings;
import org.linli.config.UplinkSettings;
import org.linli.gateway.log.LogGate;
import org.linli.gateway.mqtt.Backoff;
import org.linli.gateway.mqtt.BrokerLogin;
import org.linli.gateway.mqtt.MqttLink;
import org.linli.wire.Reading;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;
import org.linli.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sends readings to the cloud broker. Every reading goes into the {@link MessageStore} first
 * ({@link #accept} completes when it is stored, which is when the LAN broker may be acknowledged);
 * the store keeps it until the cloud broker's PUBACK for the batch that carries it.
 *
 * <p>Batches are sealed lazily: only while the cloud broker is connected and fewer than
 * {@value #WINDOW} batches wait for a PUBACK, when {@code maxBatchReadings} readings are pending or
 * the oldest pending one has waited {@code maxBatchDelay}, or at once when nothing is in flight and
 * the last batch left more than {@code maxBatchDelay} ago ({@link BatchTiming}). While the cloud is away readings stay
 * pending, classified, so a full buffer can give up the least valuable first. Sealing takes the
 * highest {@link DataClass} first (canteen, status, telemetry, noise aggregates, raw noise), oldest
 * first within a class, so after an outage the cloud learns first what is broken and what is missing.
 * A sealed batch is numbered (this process's boot id, {@code seq} 1, 2, 3 ...) and stored before it
 * is published at QoS 1 on {@code linli/v1/{site}/{gateway}/readings}; until its PUBACK it is sent
 * again after every reconnect, and after a restart, byte for byte with its original boot id and seq,
 * so the cloud drops the duplicates by (bootId, seq).
 *
 * <p>The gateway's online state is a retained message on the status topic: {@code online} on every
 * connect, {@code offline} as the MQTT will and on a clean stop.
 *
 * <p>Start completes once the store is open and readings can be accepted, without waiting for the
 * cloud broker: holding readings while the cloud is unreachable is this verticle's job, and a gateway
 * booting during an outage must not lose its pins' readings. The connection is made, and remade, in
 * the background.
 */
public final class UplinkVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(UplinkVerticle.class);
    /** Batches sealed and not yet acknowledged; well under Mosquitto's receive maximum of 20. */
    static final int WINDOW = 8;
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    private static final Duration DRAIN_ON_STOP = Duration.ofSeconds(3);
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

    private final String site;
    private final String gateway;
    private final BrokerSettings broker;
    private final UplinkSettings settings;
    private final String bootId;
    private final MessageStore store;
    private final Clock clock;
    private final UplinkStats stats;
    private final String readingsTopic;
    private final String statusTopic;
    private final long startedAt;

    private BatchSealer sealer;
    private LogGate warnings;
    private MqttLink link;
    private final Set<String> inFlight = new HashSet<>();
    private long generation;
    private long highestSentSeq;
    /** When the oldest pending reading arrived, -1 when none is pending; 0 for readings from before a restart. */
    private long pendingSince = -1;
    private long flushTimer = -1;
    private BatchTiming timing;
    /** When the last batch was published, for {@link BatchTiming}. */
    private long lastSentAt = BatchTiming.NEVER;
    private long retryTimer = -1;
    private boolean pumping;
    private boolean pumpAgain;
    private boolean stopping;
    private long droppedLogged;
    private long refusedLogged;
    private Promise<Void> drained;
    /** Topics this gateway subscribes to on the cloud broker (its config), with their handlers. */
    private final Map<String, MqttLink.Events> subscriptions = new ConcurrentHashMap<>();
    private final List<Runnable> connectListeners = new CopyOnWriteArrayList<>();

    /**
     * @param site     site id
     * @param gateway  gateway id
     * @param broker   the cloud broker
     * @param settings batching
     * @param bootId   this process's boot id
     * @param store    where readings and batches wait for their PUBACK; opened by this verticle
     * @param clock    stamps {@code sentAt}
     * @param stats    counters, written here
     */
    public UplinkVerticle(String site, String gateway, BrokerSettings broker, UplinkSettings settings, String bootId,
                          MessageStore store, Clock clock, UplinkStats stats) {
        this.site = site;
        this.gateway = gateway;
        this.broker = broker;
        this.settings = settings;
        this.bootId = bootId;
        this.store = store;
        this.clock = clock;
        this.stats = stats;
        this.readingsTopic = Topics.readings(site, gateway);
        this.statusTopic = Topics.status(site, gateway);
        this.startedAt = clock.millis();
    }

    /**
     * Hands a reading to the uplink; safe from any thread once the verticle is deployed. The future
     * completes when the reading is stored (durably, with the SQLite store): acknowledge its source
     * only then. It fails if the store cannot write.
     */
    public Future<Void> accept(Reading reading) {
        Context ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("the uplink is not deployed");
        }
        Promise<Void> stored = Promise.promise();
        ctx.runOnContext(v -> onReading(reading).onComplete(stored));
        return stored.future();
    }

    /**
     * Hands the readings of one source message to the uplink, with the message's key, so that a
     * message delivered again after it was stored is not stored twice (see
     * {@link MessageStore#add(List, MessageKey)}); safe from any thread once deployed. Completes
     * with {@code true} once the readings are stored, {@code false} when they were skipped as a
     * redelivery; either way the message may then be acknowledged.
     */
    public Future<Boolean> accept(List<Reading> readings, MessageKey source) {
        Context ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("the uplink is not deployed");
        }
        Promise<Boolean> stored = Promise.promise();
        ctx.runOnContext(v -> onReadings(readings, source).onComplete(stored));
        return stored.future();
    }

    /**
     * The source of keyed messages (the LAN broker) started a new session: forget the keys noted so
     * far ({@link MessageStore#forgetMessageKeys()}). Ordered with {@link #accept(List, MessageKey)}
     * calls from the same thread.
     */
    public Future<Void> forgetMessageKeys() {
        Context ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("the uplink is not deployed");
        }
        Promise<Void> done = Promise.promise();
        ctx.runOnContext(v -> store.forgetMessageKeys().onComplete(done));
        return done.future();
    }

    @Override
    public void start(Promise<Void> startPromise) {
        sealer = new BatchSealer(site, gateway, bootId, new WireCodec(), WireLimits.MAX_BYTES);
        timing = new BatchTiming(settings.maxBatchReadings(), settings.maxBatchDelay().toMillis());
        warnings = new LogGate(WARN_INTERVAL);
        // Clean start: the store, not the broker session, is the record of what is unacknowledged,
        // and every connect resends it; a broker session would only hold a second, volatile copy
        // of the same queue; the gateway's one subscription (its retained config) is made again on each connect.
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setWill(statusTopic, new MqttMessage(status("offline"), 1, true, new MqttProperties()));
        store.open()
                .onSuccess(v -> {
                    updateBuffered();
                    if (store.pendingReadings() > 0) {
                        pendingSince = 0;
                    }
                    if (store.pendingReadings() > 0 || store.sealedBatches() > 0) {
                        LOG.info("uplink: {} readings kept from before this start, {} of them in {} sealed batches",
                                store.pendingReadings() + store.sealedReadings(), store.sealedReadings(), store.sealedBatches());
                    }
                })
                .compose(v -> BrokerLogin.apply(vertx, broker, options))
                .onSuccess(opts -> {
                    link = new MqttLink(vertx, context, "cloud broker", broker.uri(), "linli-" + site + "-" + gateway,
                            opts, Backoff.standard(), clock, new Events());
                    link.connect();
                    LOG.info("uplink up: boot {}, batches of up to {} readings or {} ms to {}, buffer {} ({} bytes)",
                            bootId, settings.maxBatchReadings(), settings.maxBatchDelay().toMillis(), readingsTopic,
                            settings.store().name().toLowerCase(Locale.ROOT), settings.maxBufferBytes());
                })
                .<Void>mapEmpty()
                .onComplete(startPromise);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        stopping = true;
        cancelTimer(flushTimer);
        flushTimer = -1;
        MqttLink l = link;
        if (l == null) {
            store.close().onComplete(ar -> stopPromise.complete());
            return;
        }
        (l.isConnected() ? drain(DRAIN_ON_STOP) : Future.<Void>succeededFuture())
                .compose(v -> l.isConnected()
                        ? within(l.publish(statusTopic, status("offline"), 1, true), Duration.ofSeconds(1))
                        : Future.<Void>succeededFuture())
                .compose(v -> l.close(Duration.ofSeconds(1)))
                .compose(v -> {
                    stats.connected(false);
                    long left = store.pendingReadings() + store.sealedReadings();
                    if (left > 0) {
                        LOG.warn("uplink stopped with {} readings not acknowledged; {}", left,
                                settings.store() == UplinkSettings.Store.SQLITE ? "they are kept for the next start" : "they are lost");
                    } else {
                        LOG.info("uplink stopped: everything acknowledged, last seq {}", sealer.lastSeq());
                    }
                    return store.close();
                })
                .onComplete(ar -> stopPromise.complete());
    }

    /**
     * Publishes a control message (health, config result) at QoS 1 on the cloud connection; completes
     * on the PUBACK. Fails at once while the cloud broker is not connected: such messages are not
     * buffered, their owners publish the current state again on the next connect.
     */
    public Future<Void> publish(String topic, byte[] payload, boolean retained) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (link == null || !link.isConnected()) {
                done.fail(new IllegalStateException("the cloud broker is not connected"));
            } else {
                link.publish(topic, payload, 1, retained).onComplete(done);
            }
        });
        return done.future();
    }

    /**
     * Subscribes to {@code topic} (no wildcards) at QoS 1 on every connect, the current one included;
     * {@code handler}'s {@code message(topic, payload, receivedAt)} runs on this verticle's context.
     * The session is a clean one, so a retained message on the topic arrives again after each connect.
     */
    public void subscribe(String topic, MqttLink.Events handler) {
        subscriptions.put(topic, handler);
        context.runOnContext(v -> {
            if (link != null && link.isConnected()) {
                subscribeAll(List.of(topic));
            }
        });
    }

    /** Runs {@code listener} on this verticle's context after each connect to the cloud broker. */
    public void onConnected(Runnable listener) {
        connectListeners.add(listener);
    }

    private void subscribeAll(List<String> topics) {
        link.subscribe(topics, 1).onFailure(e -> LOG.warn("uplink: cannot subscribe to {}: {}", topics, e.getMessage()));
    }

    /**
     * Publishes one retained QoS 1 message on the cloud connection, outside the batch buffer (the
     * commissioning report). Completes on the PUBACK; fails at once when the cloud broker is not
     * connected, so the caller decides whether to try again. Safe from any thread.
     */
    public Future<Void> publishRetained(String topic, byte[] payload) {
        if (context == null) {
            return Future.failedFuture(new IllegalStateException("the uplink is not deployed"));
        }
        return publish(topic, payload, true);
    }

    /** The boot id batches are sent under. */
    public String bootId() {
        return bootId;
    }

    private Future<Void> onReading(Reading reading) {
        return onReadings(List.of(reading), null).mapEmpty();
    }

    private Future<Boolean> onReadings(List<Reading> readings, MessageKey source) {
        for (Reading reading : readings) {
            stats.readingIn();
            stats.sensors().record(reading);
        }
        if (pendingSince < 0 && !readings.isEmpty()) {
            pendingSince = clock.millis();
        }
        Future<Boolean> stored = source == null && readings.size() == 1
                ? store.add(readings.get(0)).map(true) : store.add(readings, source);
        return stored.onComplete(ar -> {
            updateBuffered();
            if (ar.failed()) {
                long suppressed = warnings.admit("store", clock.millis());
                if (suppressed != LogGate.SUPPRESS) {
                    LOG.error("uplink: cannot store {} reading(s) of {}; not acknowledged{}", readings.size(),
                            readings.isEmpty() ? "a message" : readings.get(0).sensor(),
                            suppressed > 0 ? " (" + suppressed + " more since the last error)" : "", ar.cause());
                }
                return;
            }
            if (!ar.result()) {
                stats.redeliverySkipped(readings.size());
            }
            onDropped();
            if (store.pendingReadings() >= settings.maxBatchReadings()) {
                pump();
            } else {
                armFlush();
            }
        });
    }

    /** A timer for when the pending readings are due ({@link BatchTiming}). */
    private void armFlush() {
        if (flushTimer >= 0 || stopping || store.pendingReadings() == 0) {
            return;
        }
        long now = clock.millis();
        long due = timing.dueAt(store.pendingReadings(), pendingSince < 0 ? now : pendingSince, pipeIdle(), lastSentAt);
        long wait = due <= now ? 1 : Math.max(1, due - now);
        flushTimer = vertx.setTimer(wait, id -> {
            flushTimer = -1;
            pump();
        });
    }

    private void onDropped() {
        long dropped = store.droppedReadings();
        long refused = store.refusedReadings();
        if (dropped == droppedLogged && refused == refusedLogged) {
            return;
        }
        long suppressed = warnings.admit("dropped", clock.millis());
        if (suppressed != LogGate.SUPPRESS) {
            LOG.warn("uplink buffer full ({} of {} bytes): {} readings dropped, lowest class and oldest first, and {}"
                            + " refused because only data worth more was left (canteen records are never dropped);"
                            + " {} since start, gap markers tell the cloud", store.bytes(), settings.maxBufferBytes(),
                    dropped - droppedLogged, refused - refusedLogged, dropped + refused);
            droppedLogged = dropped;
            refusedLogged = refused;
        }
    }

    /**
     * Whether pending readings should be sealed now ({@link BatchTiming}): a full batch, the oldest
     * has waited long enough, or the pipe is idle and the last batch left long enough ago.
     */
    private boolean sealDue() {
        long pending = store.pendingReadings();
        if (pending <= 0) {
            return false;
        }
        if (stopping || pendingSince < 0) {
            return true;
        }
        return timing.dueAt(pending, pendingSince, pipeIdle(), lastSentAt) <= clock.millis();
    }

    /** Nothing sealed waits for a PUBACK. */
    private boolean pipeIdle() {
        return inFlight.isEmpty() && store.sealedBatches() == 0;
    }

    /**
     * Publishes sealed batches, oldest first, while the connection is up and the window has room,
     * and seals more when it has room and readings are due.
     */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        if (link == null || !link.isConnected()) {
            return;
        }
        pumping = true;
        store.sealed(WINDOW)
                .compose(batches -> {
                    for (StoredBatch batch : batches) {
                        if (inFlight.size() >= WINDOW || !link.isConnected()) {
                            break;
                        }
                        if (!inFlight.contains(batch.key())) {
                            send(batch);
                        }
                    }
                    if (batches.size() >= WINDOW || !sealDue()) {
                        return Future.succeededFuture(List.<StoredBatch>of());
                    }
                    return store.seal(sealer, settings.maxBatchReadings(), clock.millis());
                })
                .onComplete(ar -> {
                    pumping = false;
                    if (ar.succeeded()) {
                        for (StoredBatch batch : ar.result()) {
                            stats.sealed(batch);
                        }
                        if (!ar.result().isEmpty()) {
                            pendingSince = store.pendingReadings() == 0 ? -1 : Math.max(pendingSince, 0);
                            pumpAgain = true;
                        }
                    } else {
                        LOG.error("uplink: cannot read or seal the buffer", ar.cause());
                        scheduleRetry();
                    }
                    updateBuffered();
                    if (pumpAgain) {
                        pumpAgain = false;
                        pump();
                    } else {
                        armFlush();
                    }
                });
    }

    private void send(StoredBatch batch) {
        long sentIn = generation;
        inFlight.add(batch.key());
        boolean resend = batch.bootId().equals(bootId) && batch.seq() <= highestSentSeq;
        if (batch.bootId().equals(bootId)) {
            highestSentSeq = Math.max(highestSentSeq, batch.seq());
        }
        stats.published(resend);
        lastSentAt = clock.millis();
        if (resend) {
            LOG.debug("uplink: resending batch {}", batch.key());
        }
        link.publish(readingsTopic, batch.payload(), 1, false).onComplete(ar -> {
            if (ar.succeeded()) {
                stats.acked(batch);
                stats.uploaded(clock.millis());
                store.remove(batch).onComplete(v -> {
                    // Only now: a pump() whose sealed() read the store before this removal would
                    // otherwise find the batch not in flight and send it again (seen by deploy/bench).
                    if (sentIn == generation) {
                        inFlight.remove(batch.key());
                    }
                    updateBuffered();
                    if (drained != null && isEmpty()) {
                        drained.tryComplete();
                    }
                    pump();
                });
            } else if (sentIn == generation) {
                // A failure from an earlier connection is moot: that connect already resent the batch.
                inFlight.remove(batch.key());
                stats.publishFailed();
                long suppressed = warnings.admit("publish", clock.millis());
                if (suppressed != LogGate.SUPPRESS) {
                    LOG.warn("uplink: batch {} not acknowledged ({}); it stays buffered and is sent again{}", batch.key(),
                            ar.cause().getMessage(), suppressed > 0 ? " (" + suppressed + " more since the last warning)" : "");
                }
                scheduleRetry();
            }
        });
    }

    private void scheduleRetry() {
        if (retryTimer < 0 && !stopping) {
            retryTimer = vertx.setTimer(RETRY_DELAY.toMillis(), id -> {
                retryTimer = -1;
                pump();
            });
        }
    }

    private Future<Void> drain(Duration timeout) {
        drained = Promise.promise();
        if (isEmpty()) {
            drained.tryComplete();
        } else {
            pump();
        }
        return within(drained.future(), timeout);
    }

    private Future<Void> within(Future<Void> future, Duration timeout) {
        Promise<Void> done = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), id -> done.tryComplete());
        future.onComplete(ar -> {
            vertx.cancelTimer(timer);
            done.tryComplete();
        });
        return done.future();
    }

    private boolean isEmpty() {
        return store.sealedBatches() == 0 && store.pendingReadings() == 0;
    }

    private void updateBuffered() {
        stats.buffered(store);
    }

    private void cancelTimer(long id) {
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    private byte[] status(String state) {
        JsonObject status = new JsonObject().put("state", state).put("site", site).put("gateway", gateway)
                .put("bootId", bootId);
        if ("online".equals(state)) {
            status.put("since", startedAt).put("at", clock.millis());
        }
        return status.toBuffer().getBytes();
    }

    private final class Events implements MqttLink.Events {
        @Override
        public void connected(boolean reconnect) {
            // Whatever was in flight belongs to the old connection: with a clean start Paho drops
            // it silently, so the batches go out again from the store with their original seq.
            generation++;
            inFlight.clear();
            if (reconnect) {
                stats.reconnected();
            }
            stats.connected(true);
            link.publish(statusTopic, status("online"), 1, true)
                    .onFailure(e -> LOG.warn("uplink: cannot publish the online status: {}", e.getMessage()));
            if (store.sealedBatches() > 0 || store.pendingReadings() > 0) {
                LOG.info("uplink: {} sealed batches ({} readings) and {} readings not yet in a batch waiting, sending them",
                        store.sealedBatches(), store.sealedReadings(), store.pendingReadings());
            }
            if (!subscriptions.isEmpty()) {
                subscribeAll(List.copyOf(subscriptions.keySet()));
            }
            connectListeners.forEach(Runnable::run);
            pump();
        }

        @Override
        public void message(String topic, byte[] payload, long receivedAt) {
            MqttLink.Events handler = subscriptions.get(topic);
            if (handler != null) {
                handler.message(topic, payload, receivedAt);
            }
        }

        @Override
        public void lost(String why) {
            generation++;
            inFlight.clear();
            stats.connected(false);
        }
    }
}
