package org.linli.gateway.lan;

import org.junit.jupiter.api.Test;
import org.linli.gateway.testing.MutableClock;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SilenceTest {
    private final MutableClock clock = new MutableClock(1_795_000_000_000L);
    private final Silence silence = new Silence(Duration.ofSeconds(60), 2.5, clock);

    @Test
    void shouldStayOnlineWithin2Point5Heartbeats() {
        clock.advance(149_999);

        assertEquals(Optional.empty(), silence.check());
        assertFalse(silence.silent());
    }

    @Test
    void shouldGoOfflineOnceAfter2Point5HeartbeatsOfSilence() {
        clock.advance(150_000);

        assertEquals(Optional.of("no message for 150 s (heartbeat 60 s)"), silence.check());
        clock.advance(600_000);
        assertEquals(Optional.empty(), silence.check(), "once per silence");
        assertTrue(silence.silent());
    }

    @Test
    void shouldCountFromTheLastMessage() {
        clock.advance(100_000);
        silence.heard();
        clock.advance(100_000);

        assertEquals(Optional.empty(), silence.check());
    }

    @Test
    void shouldSayWhenTheDeviceComesBack() {
        clock.advance(150_000);
        silence.check();

        assertTrue(silence.heard(), "was offline");
        assertFalse(silence.heard());
        clock.advance(150_000);
        assertTrue(silence.check().isPresent(), "can go offline again");
    }
}
