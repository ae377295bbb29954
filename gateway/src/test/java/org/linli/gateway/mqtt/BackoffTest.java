package org.linli.gateway.mqtt;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private final Backoff backoff = Backoff.standard();

    @Test
    void shouldDoubleTheCeilingAfterEachFailure() {
        assertEquals(Duration.ofSeconds(1), backoff.ceiling(1));
        assertEquals(Duration.ofSeconds(2), backoff.ceiling(2));
        assertEquals(Duration.ofSeconds(16), backoff.ceiling(5));
    }

    @Test
    void shouldNeverRaiseTheCeilingAboveTheCap() {
        assertEquals(Duration.ofSeconds(30), backoff.ceiling(6));
        assertEquals(Duration.ofSeconds(30), backoff.ceiling(10_000));
    }

    @Test
    void shouldWaitTheWholeCeilingWhenTheDrawIsAtTheTop() {
        Backoff top = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), fixed(0.9999999));

        assertEquals(Duration.ofSeconds(4), top.delay(3));
        assertEquals(Duration.ofSeconds(30), top.delay(50));
    }

    @Test
    void shouldWaitAtLeastOneMillisecondWhenTheDrawIsZero() {
        Backoff bottom = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), fixed(0.0));

        assertEquals(Duration.ofMillis(1), bottom.delay(1));
        assertEquals(Duration.ofMillis(1), bottom.delay(7));
    }

    @Test
    void shouldScaleTheDrawToTheCeiling() {
        Backoff half = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), fixed(0.5));

        assertEquals(Duration.ofMillis(501), half.delay(1));
        assertEquals(Duration.ofMillis(4_001), half.delay(4));
    }

    @Test
    void shouldSpreadAFleetOverTheWholeInterval() {
        Backoff seeded = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(42));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int gateway = 0; gateway < 1_000; gateway++) {
            long ms = seeded.delay(4).toMillis();
            assertTrue(ms >= 1 && ms <= 8_000, ms + " ms");
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertTrue(min < 500 && max > 7_500, "min " + min + ", max " + max);
    }

    /** A {@link Random} whose every draw is {@code value}. */
    private static Random fixed(double value) {
        return new Random() {
            private static final long serialVersionUID = 1L;

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
