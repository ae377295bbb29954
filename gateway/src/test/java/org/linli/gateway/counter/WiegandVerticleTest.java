package org.linli.gateway.counter;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.canteen.VerificationMethod;
import org.linli.gateway.testing.MutableClock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.counter.CounterFixture.LUNCH;
import static org.linli.gateway.counter.CounterVerticleTest.await;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * Wiegand terminals on Pi4J's mock pins: pulses on D0/D1 (timed by a monotonic clock the test steps)
 * become frames, frames become decisions through the roster's credentials; bad frames are counted by
 * reason and decide nothing.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class WiegandVerticleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long BIT_MICROS = 1_000;

    @TempDir
    Path dir;

    private CounterRig rig;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        Path ledger = dir.resolve("ledger.db");
        CounterRig.seedRoster(ledger, 7);
        rig = await(new CounterRig(vertx, new MutableClock(LUNCH.toEpochMilli()), ledger).start());
    }

    @AfterEach
    void stop() throws Exception {
        await(rig.stop());
    }

    @Test
    void shouldDecideAGoodW26CardFrame(Vertx vertx) throws Exception {
        rig.pulses("card-1", CounterRig.frame(8, 12, 16, 34567), BIT_MICROS);

        await(eventually(vertx, "a decision", WAIT, () -> rig.counter.latest().isPresent()));
        LedgerEntry e = rig.counter.latest().orElseThrow();
        assertEquals("m-zhang", e.decision().memberId());
        assertEquals(VerificationMethod.CARD, e.decision().method());
        assertEquals("card-1", e.terminalId());
        assertTrue(e.decision().eligible());
        await(eventually(vertx, "the green light", WAIT, () -> rig.lit("green")));
    }

    @Test
    void shouldDecideAGoodW34FrameFromAFaceTerminalAsAFaceMatch(Vertx vertx) throws Exception {
        rig.pulses("face-1", CounterRig.frame(16, 200, 16, 65535), BIT_MICROS);

        await(eventually(vertx, "a decision", WAIT, () -> rig.counter.latest().isPresent()));
        LedgerEntry e = rig.counter.latest().orElseThrow();
        assertEquals("m-wang", e.decision().memberId());
        assertEquals(VerificationMethod.FACE, e.decision().method());
        assertTrue(e.decision().eligible(), e.decision().en());
    }

    @Test
    void shouldRejectBadParityWithoutADecision(Vertx vertx) throws Exception {
        String good = CounterRig.frame(8, 12, 16, 34567);
        String badEven = (good.charAt(0) == '0' ? "1" : "0") + good.substring(1);
        String badOdd = good.substring(0, 25) + (good.charAt(25) == '0' ? "1" : "0");

        rig.pulses("card-1", badEven, BIT_MICROS);
        rig.pulses("card-1", badOdd, BIT_MICROS);

        await(eventually(vertx, "two rejections", WAIT, () -> rig.stats.wiegandRejected("bad-even-parity") == 1
                && rig.stats.wiegandRejected("bad-odd-parity") == 1));
        assertEquals(0, rig.stats.decisions());
    }

    @Test
    void shouldRejectATruncatedFrameAndAFrameOfTheOtherFormat(Vertx vertx) throws Exception {
        rig.pulses("card-1", CounterRig.frame(8, 12, 16, 34567).substring(0, 20), BIT_MICROS);
        rig.pulses("card-1", CounterRig.frame(16, 200, 16, 65535), BIT_MICROS);

        await(eventually(vertx, "two rejections", WAIT, () -> rig.stats.wiegandRejected("unsupported-length") == 1
                && rig.stats.wiegandRejected("unexpected-format") == 1));
        assertEquals(0, rig.stats.decisions());
    }

    @Test
    void shouldRejectNoisePulsesAndDecideTheNextGoodFrame(Vertx vertx) throws Exception {
        rig.pulses("card-1", CounterRig.frame(8, 12, 16, 34567), 50); // 50 µs apart: no reader sends that
        rig.pulses("card-1", "1", BIT_MICROS); // a lone spike on D1
        rig.pulses("card-1", CounterRig.frame(8, 12, 16, 34567), BIT_MICROS);

        await(eventually(vertx, "the good frame decided", WAIT, () -> rig.stats.decisions() == 1));
        assertEquals(1, rig.stats.wiegandRejected("noise"));
        assertEquals(1, rig.stats.wiegandRejected("unsupported-length"));
        assertEquals("m-zhang", rig.counter.latest().orElseThrow().decision().memberId());
    }
}
