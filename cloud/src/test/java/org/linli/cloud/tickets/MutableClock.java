package org.linli.cloud.tickets;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.linli.cloud.app.IngestFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The application's clock, set by the test; only with {@code linli.test.mutable-clock=true}. */
@Singleton
@Replaces(value = Clock.class, factory = IngestFactory.class)
@Requires(property = "linli.test.mutable-clock", value = "true")
public class MutableClock extends Clock {
    private volatile Instant now = Instant.now();

    public void set(Instant t) {
        now = t;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        return now;
    }
}
