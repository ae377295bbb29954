package org.linli.gateway.systemd;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.testing.Eventually.eventually;

/** The exec path, with a fake {@code systemd-notify} that writes its arguments to a file. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SystemdNotifierTest {
    private static final NotifyPlan NOTIFY = new NotifyPlan(true, null, null);

    @TempDir
    Path dir;
    private Path fake;
    private Path calls;

    @BeforeEach
    void fakeSystemdNotify() throws IOException {
        calls = dir.resolve("calls.txt");
        fake = dir.resolve("systemd-notify");
        Files.writeString(fake, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void shouldSendReady(Vertx vertx, VertxTestContext test) {
        new SystemdNotifier(NOTIFY, fake.toString()).ready(vertx).onComplete(test.succeeding(v -> test.verify(() -> {
            assertEquals(List.of("--ready"), calls());
            test.completeNow();
        })));
    }

    @Test
    void shouldSendStopping() throws IOException {
        new SystemdNotifier(NOTIFY, fake.toString()).stopping();

        assertEquals(List.of("STOPPING=1"), calls());
    }

    @Test
    void shouldRunNothingWithoutANotifySocket(Vertx vertx, VertxTestContext test) {
        SystemdNotifier off = new SystemdNotifier(NotifyPlan.OFF, fake.toString());
        off.startWatchdog(vertx);
        off.ready(vertx).onComplete(test.succeeding(v -> test.verify(() -> {
            off.stopping();
            assertFalse(Files.exists(calls));
            test.completeNow();
        })));
    }

    @Test
    void shouldReportAFailingBinaryWithoutThrowing() {
        assertFalse(new SystemdNotifier(NOTIFY, dir.resolve("missing").toString()).sendNow("--ready"));
        assertTrue(new SystemdNotifier(NOTIFY, fake.toString()).sendNow("--ready"));
    }

    @Test
    void shouldPingTheWatchdogFromATimer(Vertx vertx, VertxTestContext test) {
        SystemdNotifier notifier = new SystemdNotifier(new NotifyPlan(true, Duration.ofMillis(50), null), fake.toString());
        notifier.startWatchdog(vertx);

        eventually(vertx, "three pings", Duration.ofSeconds(10), () -> pings() >= 3)
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    notifier.stopWatchdog(vertx);
                    assertTrue(calls().stream().allMatch("WATCHDOG=1"::equals), calls().toString());
                    test.completeNow();
                })));
    }

    /**
     * Blocks the watchdog timer's event loop on purpose: while it is stuck no ping may start (one
     * already handed to a worker may still finish), and pings resume once it runs again.
     */
    @Test
    void shouldStopPingingWhileTheEventLoopIsStuck(Vertx vertx, VertxTestContext test) throws Exception {
        SystemdNotifier notifier = new SystemdNotifier(new NotifyPlan(true, Duration.ofMillis(50), null), fake.toString());
        io.vertx.core.Context loop = vertx.getOrCreateContext();
        loop.runOnContext(v -> notifier.startWatchdog(vertx));
        eventually(vertx, "the first ping", Duration.ofSeconds(10), () -> pings() >= 1)
                .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);

        CountDownLatch stuck = new CountDownLatch(1);
        long[] during = new long[2];
        loop.runOnContext(v -> {
            during[0] = pings();
            try {
                stuck.await(800, TimeUnit.MILLISECONDS); // 16 intervals with the loop blocked
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            during[1] = pings();
        });
        eventually(vertx, "pings after the loop runs again", Duration.ofSeconds(10), () -> during[1] > 0 && pings() > during[1] + 1)
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    notifier.stopWatchdog(vertx);
                    assertTrue(during[1] - during[0] <= 1, "pings while stuck: " + (during[1] - during[0]));
                    test.completeNow();
                })));
    }

    private long pings() {
        try {
            return calls().stream().filter("WATCHDOG=1"::equals).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }
}
