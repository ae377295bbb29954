package org.linli.gateway.mqtt;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackoffTest {
    private final Backoff backoff = Backoff.standard();

    @Test
    void shouldDoubleTheWaitAfterEachFailure() {
        assertEquals(Duration.ofSeconds(1), backoff.delay(1));
        assertEquals(Duration.ofSeconds(2), backoff.delay(2));
        assertEquals(Duration.ofSeconds(16), backoff.delay(5));
    }

    @Test
    void shouldNeverWaitLongerThanTheCap() {
        assertEquals(Duration.ofSeconds(30), backoff.delay(6));
        assertEquals(Duration.ofSeconds(30), backoff.delay(10_000));
    }
}
