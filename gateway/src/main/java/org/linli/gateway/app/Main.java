package org.linli.gateway.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import org.linli.config.ConfigException;
import org.linli.config.ConfigProblem;
import org.linli.config.GatewayConfig;
import org.linli.gateway.remote.RemoteConfig;
import org.linli.gateway.systemd.SystemdNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar linli-gateway.jar CONFIG.yaml} (or the path in {@code LINLI_GATEWAY_CONFIG}).
 *
 * <p>Exit codes: 2 for a missing or invalid config (every problem is logged, nothing is started),
 * 1 for a fault at start that retrying cannot fix. A broker that cannot be reached is not such a
 * fault: the gateway keeps trying. SIGTERM and Ctrl-C stop it cleanly: drivers first, then the
 * uplink sends what it holds if it can, then Pi4J releases the pins.
 *
 * <p>A newer config from the cloud, once persisted, ends the process with {@value #EXIT_RESTART}
 * after the same clean stop; systemd starts it again and {@link BootConfig} picks the new file.
 * Under systemd ({@code Type=notify}, {@code NotifyAccess=all}) it reports READY, WATCHDOG and
 * STOPPING through {@link SystemdNotifier}.
 */
public final class Main {
    /** The environment variable naming the config file when no argument is given. */
    public static final String CONFIG_ENV = "LINLI_GATEWAY_CONFIG";
    static final int EXIT_CONFIG = 2;
    static final int EXIT_START = 1;
    /** A config from the cloud was persisted: start again on it. */
    static final int EXIT_RESTART = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final long STOP_TIMEOUT_SECONDS = 15;

    private Main() {
    }

    public static void main(String[] args) {
        preloadSqlite();
        // Paho logs through java.util.logging: send it to the same log.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();

        String file = args.length > 0 ? args[0] : System.getenv(CONFIG_ENV);
        if (file == null || file.isBlank()) {
            LOG.error("usage: java -jar linli-gateway.jar CONFIG.yaml (or set {})", CONFIG_ENV);
            System.exit(EXIT_CONFIG);
            return;
        }
        BootConfig boot;
        try {
            boot = BootConfig.choose(Path.of(file));
        } catch (ConfigException e) {
            LOG.error("{} is not a usable gateway config ({} problem(s)); nothing started:", file, e.problems().size());
            for (ConfigProblem problem : e.problems()) {
                LOG.error("  {}", problem);
            }
            System.exit(EXIT_CONFIG);
            return;
        }
        if (boot.note() != null) {
            LOG.warn("using {}: {}", file, boot.note());
        }
        LOG.info("config {} version {}", boot.source(), boot.version());
        run(boot);
    }

    private static void run(BootConfig boot) {
        GatewayConfig config = boot.config();
        // A gateway needs little: one event loop, a few workers, no file cache in the working directory.
        // One loop: the verticles hand readings to each other without waking another thread (a
        // cross-thread hop per reading costs more CPU than the work it hands over), one thread
        // fewer, and the systemd watchdog's timer, which runs on it, then proves every verticle's loop.
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(4)
                .setInternalBlockingPoolSize(2)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        AtomicReference<Future<GatewayApp>> app = new AtomicReference<>();
        SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            systemd.stopping();
            stop(vertx, app.get());
        }, "linli-gateway-stop"));
        // From the start, not from READY: the pings prove the event loop turns, also while drivers wait.
        systemd.startWatchdog(vertx);
        RemoteConfig remote = new RemoteConfig(boot.version(), boot.failedVersion(), boot.remoteFile(), version -> {
            LOG.info("restarting to run config version {} (exit code {})", version, EXIT_RESTART);
            new Thread(() -> System.exit(EXIT_RESTART), "linli-gateway-exit").start();
        });
        LOG.info("starting gateway {}/{} ({} sensors, gpio {})", config.site(), config.gateway(), config.sensors().size(),
                config.gpioProvider().name().toLowerCase(Locale.ROOT));
        Future<GatewayApp> started = GatewayApp.start(vertx, config, Clock.systemUTC(), remote);
        app.set(started);
        started.onSuccess(a -> systemd.ready(vertx));
        started.onFailure(e -> {
            LOG.error("gateway cannot start: {}", e.getMessage(), e);
            if (boot.remote()) {
                setAsideFailedRemoteConfig(boot);
            }
            // Exit from a thread of our own: the shutdown hook must not wait on the thread that called exit.
            vertx.close().onComplete(ar -> new Thread(() -> System.exit(EXIT_START), "linli-gateway-exit").start());
        });
    }

    /**
     * Loads SQLite's native library on a thread of its own, beside the config parsing and the
     * Vert.x start: sqlite-jdbc extracts it from the jar and compares it with the copy in the
     * temporary directory on every start, 0.3–0.5 s that the buffer's open would otherwise wait for
     * (the start to READY is to stay under 2 s). A failure here is left to the open, which reports it.
     */
    private static void preloadSqlite() {
        Thread t = new Thread(() -> {
            try {
                org.sqlite.SQLiteJDBCLoader.initialize();
            } catch (Exception | LinkageError e) {
                LOG.debug("SQLite native library not preloaded: {}", e.toString());
            }
        }, "linli-sqlite-load");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A remote config that passed validation can still fail at start (a pin another program holds,
     * a wrong LAN broker). Moving it aside makes the next start run the local file, and its version
     * is refused from then on, so the gateway does not restart into it for ever.
     */
    private static void setAsideFailedRemoteConfig(BootConfig boot) {
        Path failed = RemoteConfig.failedFileFor(boot.remoteFile());
        try {
            Files.move(boot.remoteFile(), failed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.error("remote config version {} moved to {}; the next start runs the local file", boot.version(), failed);
        } catch (IOException e) {
            LOG.error("cannot move {} aside: {}", boot.remoteFile(), e.toString());
        }
    }

    private static void stop(Vertx vertx, Future<GatewayApp> app) {
        LOG.info("stopping");
        Future<Void> stopped = app != null && app.succeeded() ? app.result().stop() : Future.succeededFuture();
        try {
            stopped.eventually(() -> vertx.close())
                    .toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("did not stop cleanly within {} s: {}", STOP_TIMEOUT_SECONDS, e.toString());
        }
    }
}
