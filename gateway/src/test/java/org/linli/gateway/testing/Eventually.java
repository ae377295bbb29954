package org.linli.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Polls a condition on Vert.x timers instead of sleeping: the future completes once it holds. */
public final class Eventually {
    private static final long POLL_MS = 20;

    private Eventually() {
    }

    /** Completes when {@code condition} holds, fails with a {@link TimeoutException} naming {@code what} after {@code timeout}. */
    public static Future<Void> eventually(Vertx vertx, String what, Duration timeout, BooleanSupplier condition) {
        Promise<Void> promise = Promise.promise();
        long deadline = System.nanoTime() + timeout.toNanos();
        poll(vertx, what, deadline, condition, promise);
        return promise.future();
    }

    private static void poll(Vertx vertx, String what, long deadline, BooleanSupplier condition, Promise<Void> promise) {
        boolean holds;
        try {
            holds = condition.getAsBoolean();
        } catch (RuntimeException e) {
            promise.fail(e);
            return;
        }
        if (holds) {
            promise.complete();
        } else if (System.nanoTime() > deadline) {
            promise.fail(new TimeoutException("timed out waiting for " + what));
        } else {
            vertx.setTimer(POLL_MS, id -> poll(vertx, what, deadline, condition, promise));
        }
    }
}
