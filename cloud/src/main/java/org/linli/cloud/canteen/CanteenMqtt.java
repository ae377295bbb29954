package org.linli.cloud.canteen;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.linli.cloud.ingest.IngestWorker;
import org.linli.cloud.ingest.MqttSession;
import org.linli.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The canteen's own MQTT connection (an {@link MqttSession}, client id {@code <linli.mqtt.client-id>-canteen}):
 * takes every counter's meal records (QoS 1, manual acks, a persistent session: a record is
 * acknowledged only after its transaction committed) and publishes roster, policy and claims
 * retained to every counter gateway: at each (re)connection, after a roster change, and for claims
 * at most once per debounce interval after new meals and when the local day changes.
 */
public final class CanteenMqtt implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CanteenMqtt.class);
    /** Unacknowledged meal messages the broker may hand over at once. */
    static final int RECEIVE_MAXIMUM = 50;

    private final MqttSession session;
    private final MealWorker worker;
    private final CanteenOutbox outbox;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration debounce;
    private final ExecutorService meals;
    private final ScheduledExecutorService push;
    private final AtomicBoolean claimsDirty = new AtomicBoolean(true);
    private volatile LocalDate claimsDate;

    public CanteenMqtt(String uri, String clientId, String username, byte[] password, Duration sessionExpiry,
                       MealWorker worker, CanteenOutbox outbox, Clock clock, ZoneId zone, Duration debounce)
            throws MqttException {
        this.worker = worker;
        this.outbox = outbox;
        this.clock = clock;
        this.zone = zone;
        this.debounce = debounce;
        this.meals = Executors.newSingleThreadExecutor(r -> thread(r, "linli-canteen-meals"));
        this.push = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "linli-canteen-push"));
        this.session = new MqttSession(uri, clientId, username, password, sessionExpiry, RECEIVE_MAXIMUM,
                List.of(Topics.allCanteenMeals()), this::mealArrived);
        // The broker may have lost its retained copies: roster, policy and claims go out at every connection.
        session.onConnected(() -> push.execute(this::publishAll));
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts connecting and the claims tick; returns without waiting for the broker. */
    public void start() {
        session.start();
        long period = Math.max(100, debounce.toMillis());
        push.scheduleWithFixedDelay(this::claimsTick, period, period, TimeUnit.MILLISECONDS);
    }

    /** Roster, policies and claims, e.g. after a (re)connection: the broker may have lost its retained copies. */
    private void publishAll() {
        try {
            publish(outbox.roster(clock.instant()));
            publish(outbox.policies());
            claimsDirty.set(true);
            claimsTick();
        } catch (RuntimeException e) {
            LOG.warn("canteen: cannot publish roster and policy: {}", e.toString());
        }
    }

    /** Call after the roster changed: publishes it to every counter without waiting. */
    public void rosterChanged() {
        push.execute(() -> {
            try {
                publish(outbox.roster(clock.instant()));
            } catch (RuntimeException e) {
                LOG.warn("canteen: cannot publish the roster: {}", e.toString());
            }
        });
    }

    /** Call after new subsidised meals: the claims go out at the next tick. */
    public void claimsChanged() {
        claimsDirty.set(true);
    }

    private void claimsTick() {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (!session.isConnected() || (!claimsDirty.get() && today.equals(claimsDate))) {
            return;
        }
        claimsDirty.set(false);
        try {
            publish(outbox.claims(today, clock.instant()));
            claimsDate = today;
        } catch (RuntimeException e) {
            claimsDirty.set(true);
            LOG.warn("canteen: cannot publish the claims of {}: {}", today, e.toString());
        }
    }

    private void publish(List<CanteenOutbox.Outbound> messages) {
        for (CanteenOutbox.Outbound m : messages) {
            if (!session.isConnected()) {
                throw new IllegalStateException("not connected; everything is published again on reconnection");
            }
            try {
                session.publish(m.topic(), m.payload(), true);
                LOG.debug("canteen: published {} ({} bytes)", m.topic(), m.payload().length);
            } catch (MqttException e) {
                throw new IllegalStateException("cannot publish " + m.topic() + ": " + e.getMessage(), e);
            }
        }
    }

    /** On Paho's thread: the meal worker takes it on its own; acknowledged once its transaction committed. */
    private void mealArrived(String topic, byte[] payload, IngestWorker.Acknowledgement ack) {
        meals.execute(() -> {
            MealWorker.Outcome outcome = worker.process(topic, payload);
            if (outcome == MealWorker.Outcome.STOPPED) {
                return; // not stored: the broker delivers it again on the resumed session
            }
            if (outcome == MealWorker.Outcome.DONE_NEW_CLAIMS) {
                claimsDirty.set(true);
            }
            try {
                ack.ack();
            } catch (Exception e) {
                LOG.debug("canteen: cannot acknowledge a meal message on {}", topic, e);
            }
        });
    }

    /** Connected with the meal subscription granted. */
    public boolean isUp() {
        return session.isUp();
    }

    @Override
    public void close() {
        push.shutdownNow();
        session.disconnect();
        worker.stop();
        meals.shutdownNow();
        try {
            meals.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.release();
    }
}
