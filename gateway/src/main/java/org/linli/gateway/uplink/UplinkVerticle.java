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
import java.util.Set;

/**
 * Sends readings to the cloud broker: batches them ({@code maxBatchReadings} or
 * {@code maxBatchDelay}, whichever comes first), numbers the batches 1, 2, 3 ... under this process's
 * boot id, keeps each in the {@link MessageStore} until the broker's PUBACK and publishes it at QoS 1
 * on {@code linli/v1/{site}/{gateway}/readings}. After a reconnect every unacknowledged batch is sent
 * again, byte for byte, with its original seq; the cloud drops the duplicates by (bootId, seq).
 *
 * <p>The gateway's online state is a retained message on the status topic: {@code online} on every
 * connect, {@code offline} as the MQTT will and on a clean stop.
 *
 * <p>Start completes once readings can be accepted, without waiting for the cloud broker: holding
 * readings while the cloud is unreachable is this verticle's job, and a gateway booting during an
 * outage must not lose its pins' readings. The connection is made, and remade, in the background.
 */
public final class UplinkVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(UplinkVerticle.class);
    /** Batches published and not yet acknowledged; well under Mosquitto's receive maximum of 20. */
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

    private Batcher batcher;
    private BatchSealer sealer;
    private LogGate warnings;
    private MqttLink link;
    private Future<Void> appends = Future.succeededFuture();
    private final Set<String> inFlight = new HashSet<>();
    private long generation;
    private long highestSentSeq;
    private long flushTimer = -1;
    private long retryTimer = -1;
    private boolean pumping;
    private boolean pumpAgain;
    private boolean stopping;
    private Promise<Void> drained;

    /**
     * @param site     site id
     * @param gateway  gateway id
     * @param broker   the cloud broker
     * @param settings batching and buffer bound
     * @param bootId   this process's boot id
     * @param store    where batches wait for their PUBACK
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

    /** Hands a reading to the uplink; safe from any thread once the verticle is deployed. */
    public void accept(Reading reading) {
        Context ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("the uplink is not deployed");
        }
        ctx.runOnContext(v -> onReading(reading));
    }

    @Override
    public void start(Promise<Void> startPromise) {
        batcher = new Batcher(settings.maxBatchReadings());
        sealer = new BatchSealer(site, gateway, bootId, new WireCodec(), WireLimits.MAX_BYTES);
        warnings = new LogGate(WARN_INTERVAL);
        // Clean start: the store, not the broker session, is the record of what is unacknowledged,
        // and every connect resends it; a broker session would only hold a second, volatile copy
        // of the same queue, and the gateway subscribes to nothing on the cloud broker.
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setWill(statusTopic, new MqttMessage(status("offline"), 1, true, new MqttProperties()));
        BrokerLogin.apply(vertx, broker, options)
                .onSuccess(opts -> {
                    link = new MqttLink(vertx, context, "cloud broker", broker.uri(), "linli-" + site + "-" + gateway,
                            opts, Backoff.standard(), clock, new Events());
                    link.connect();
                    LOG.info("uplink up: boot {}, batches of up to {} readings or {} ms to {}, buffer {} readings",
                            bootId, settings.maxBatchReadings(), settings.maxBatchDelay().toMillis(), readingsTopic,
                            settings.maxBuffered());
                })
                .<Void>mapEmpty()
                .onComplete(startPromise);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        stopping = true;
        cancelTimer(flushTimer);
        flushTimer = -1;
        flush();
        MqttLink l = link;
        if (l == null) {
            stopPromise.complete();
            return;
        }
        appends.compose(v -> l.isConnected() ? drain(DRAIN_ON_STOP) : Future.<Void>succeededFuture())
                .compose(v -> l.isConnected()
                        ? within(l.publish(statusTopic, status("offline"), 1, true), Duration.ofSeconds(1))
                        : Future.<Void>succeededFuture())
                .compose(v -> l.close(Duration.ofSeconds(1)))
                .compose(v -> {
                    stats.connected(false);
                    if (store.batches() > 0) {
                        LOG.warn("uplink stopped with {} readings in {} batches not acknowledged", store.readings(),
                                store.batches());
                    } else {
                        LOG.info("uplink stopped: everything acknowledged, last seq {}", sealer.lastSeq());
                    }
                    return store.close();
                })
                .onComplete(ar -> stopPromise.complete());
    }

    /**
     * Publishes one retained QoS 1 message on the cloud connection, outside the batch buffer (the
     * commissioning report). Completes on the PUBACK; fails at once when the cloud broker is not
     * connected, so the caller decides whether to try again. Safe from any thread.
     */
    public Future<Void> publishRetained(String topic, byte[] payload) {
        Context ctx = context;
        if (ctx == null) {
            return Future.failedFuture(new IllegalStateException("the uplink is not deployed"));
        }
        Promise<Void> published = Promise.promise();
        ctx.runOnContext(v -> {
            if (link == null || !link.isConnected()) {
                published.fail("the cloud broker is not connected");
            } else {
                link.publish(topic, payload, 1, true).onComplete(published);
            }
        });
        return published.future();
    }

    /** The boot id batches are sent under. */
    public String bootId() {
        return bootId;
    }

    private void onReading(Reading reading) {
        stats.readingIn();
        if (stopping) {
            seal(List.of(reading));
            return;
        }
        List<Reading> full = batcher.add(reading);
        if (!full.isEmpty()) {
            cancelTimer(flushTimer);
            flushTimer = -1;
            seal(full);
        } else if (flushTimer < 0) {
            flushTimer = vertx.setTimer(Math.max(1, settings.maxBatchDelay().toMillis()), id -> {
                flushTimer = -1;
                flush();
            });
        }
    }

    private void flush() {
        List<Reading> waiting = batcher.drain();
        if (!waiting.isEmpty()) {
            seal(waiting);
        }
    }

    private void seal(List<Reading> readings) {
        for (StoredBatch batch : sealer.seal(readings, clock.millis())) {
            stats.sealed(batch);
            // Chained so that a store with asynchronous writes still appends in seq order.
            appends = appends.compose(v -> store.append(batch))
                    .map(dropped -> {
                        onDropped(dropped);
                        return (Void) null;
                    })
                    .recover(e -> {
                        LOG.error("uplink: cannot store batch {} ({} readings); it is lost", batch.key(), batch.readings(), e);
                        return Future.succeededFuture();
                    });
        }
        appends.onComplete(v -> {
            updateBuffered();
            pump();
        });
    }

    private void onDropped(MessageStore.Dropped dropped) {
        if (dropped.batches() == 0) {
            return;
        }
        stats.dropped(dropped);
        long suppressed = warnings.admit("dropped", clock.millis());
        if (suppressed != LogGate.SUPPRESS) {
            LOG.warn("uplink buffer full ({} readings): dropped the oldest {} batches, {} readings; {} readings dropped since start",
                    settings.maxBuffered(), dropped.batches(), dropped.readings(), stats.readingsDropped());
        }
    }

    /** Publishes stored batches, oldest first, while the connection is up and the window has room. */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        if (link == null || !link.isConnected() || inFlight.size() >= WINDOW) {
            return;
        }
        pumping = true;
        store.oldest(WINDOW + inFlight.size()).onComplete(ar -> {
            pumping = false;
            if (ar.succeeded()) {
                for (StoredBatch batch : ar.result()) {
                    if (inFlight.size() >= WINDOW || !link.isConnected()) {
                        break;
                    }
                    if (!inFlight.contains(batch.key())) {
                        send(batch);
                    }
                }
            } else {
                LOG.error("uplink: cannot read the buffer", ar.cause());
            }
            if (pumpAgain) {
                pumpAgain = false;
                pump();
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
        if (resend) {
            LOG.debug("uplink: resending batch {}", batch.key());
        }
        link.publish(readingsTopic, batch.payload(), 1, false).onComplete(ar -> {
            if (ar.succeeded()) {
                stats.acked(batch);
                if (sentIn == generation) {
                    inFlight.remove(batch.key());
                }
                store.remove(batch).onComplete(v -> {
                    updateBuffered();
                    if (drained != null && store.batches() == 0) {
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
        if (store.batches() == 0) {
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

    private void updateBuffered() {
        stats.buffered(store.readings(), store.batches());
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
            stats.connected(true);
            link.publish(statusTopic, status("online"), 1, true)
                    .onFailure(e -> LOG.warn("uplink: cannot publish the online status: {}", e.getMessage()));
            if (store.batches() > 0) {
                LOG.info("uplink: {} batches ({} readings) waiting, sending them", store.batches(), store.readings());
            }
            pump();
        }

        @Override
        public void lost(String why) {
            generation++;
            inFlight.clear();
            stats.connected(false);
        }
    }
}
