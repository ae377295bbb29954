package org.linli.gateway.systemd;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells systemd how the gateway is doing: {@code READY=1} once the drivers are up, {@code WATCHDOG=1}
 * pings, {@code STOPPING=1} on shutdown.
 *
 * <p>Java 17 cannot send the datagram to {@code NOTIFY_SOCKET} itself (JDK 16 brought Unix domain
 * sockets to stream channels only, and the notify socket is a datagram socket), so this runs
 * {@code systemd-notify}, which
 * sends it from a child process. systemd accepts messages from other processes of the service only
 * with {@code NotifyAccess=all} in the unit. Each call forks a short-lived process: a ping every 15 s
 * or more costs nothing worth counting on a Pi.
 *
 * <p>The watchdog pings come from a Vert.x periodic timer, so they stop when that event loop is
 * stuck: the handler runs on the loop and only then hands the (blocking) exec to a worker. A ping
 * still running when the next is due is not doubled. The exec never runs on an event loop.
 */
public final class SystemdNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);
    /** The binary, found on the PATH unless {@code LINLI_SYSTEMD_NOTIFY} names another. */
    public static final String DEFAULT_BINARY = "systemd-notify";
    private static final long EXEC_TIMEOUT_SECONDS = 5;

    private final NotifyPlan plan;
    private final String binary;
    private long watchdogTimer = -1;
    private volatile boolean pinging;
    private volatile boolean warned;

    public SystemdNotifier(NotifyPlan plan, String binary) {
        this.plan = plan;
        this.binary = binary;
    }

    /** From this process's environment. */
    public static SystemdNotifier fromEnvironment() {
        String binary = System.getenv("LINLI_SYSTEMD_NOTIFY");
        return new SystemdNotifier(NotifyPlan.from(System.getenv(), ProcessHandle.current().pid()),
                binary == null || binary.isBlank() ? DEFAULT_BINARY : binary);
    }

    /** What was decided. */
    public NotifyPlan plan() {
        return plan;
    }

    /** {@code systemd-notify --ready}, on a worker thread. */
    public Future<Void> ready(Vertx vertx) {
        return send(vertx, "--ready");
    }

    /** {@code systemd-notify STOPPING=1}, blocking: for the shutdown hook. */
    public void stopping() {
        sendNow("STOPPING=1");
    }

    /** Starts pinging {@code WATCHDOG=1} every half of {@code WATCHDOG_USEC}, if systemd asked for it. */
    public void startWatchdog(Vertx vertx) {
        if (plan.note() != null) {
            LOG.warn("systemd watchdog off: {}", plan.note());
        }
        if (!plan.enabled() || !plan.watchdog() || watchdogTimer >= 0) {
            return;
        }
        LOG.info("systemd watchdog: a ping every {} ms", plan.watchdogInterval().toMillis());
        watchdogTimer = vertx.setPeriodic(0, plan.watchdogInterval().toMillis(), id -> {
            if (pinging) {
                return;
            }
            pinging = true;
            send(vertx, "WATCHDOG=1").onComplete(ar -> pinging = false);
        });
    }

    /** Stops the pings. */
    public void stopWatchdog(Vertx vertx) {
        if (watchdogTimer >= 0) {
            vertx.cancelTimer(watchdogTimer);
            watchdogTimer = -1;
        }
    }

    private Future<Void> send(Vertx vertx, String... args) {
        if (!plan.enabled()) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            sendNow(args);
            return null;
        }, false);
    }

    /** Runs {@code systemd-notify args}; a failure is logged (once at WARN, then at DEBUG), never thrown. */
    boolean sendNow(String... args) {
        if (!plan.enabled()) {
            return false;
        }
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readNBytes(4096), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(EXEC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return failed(command, "no exit within " + EXEC_TIMEOUT_SECONDS + " s");
            }
            return p.exitValue() == 0 || failed(command, "exit " + p.exitValue() + (output.isEmpty() ? "" : ": " + output));
        } catch (IOException e) {
            return failed(command, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(command, "interrupted");
        }
    }

    private boolean failed(List<String> command, String why) {
        if (!warned) {
            warned = true;
            LOG.warn("systemd: {} failed ({}); is NotifyAccess=all set in the unit? (further failures at DEBUG)",
                    String.join(" ", command), why);
        } else {
            LOG.debug("systemd: {} failed ({})", String.join(" ", command), why);
        }
        return false;
    }
}
