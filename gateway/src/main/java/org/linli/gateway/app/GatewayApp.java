package org.linli.gateway.app;

import com.pi4j.context.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.linli.config.GatewayConfig;
import org.linli.config.UplinkSettings;
import org.linli.config.SensorSpec;
import org.linli.config.CanteenSettings;
import org.linli.gateway.counter.CounterPageVerticle;
import org.linli.gateway.counter.CounterStats;
import org.linli.gateway.counter.CounterVerticle;
import org.linli.gateway.counter.SignalsVerticle;
import org.linli.gateway.counter.TerminalLanVerticle;
import org.linli.gateway.counter.WiegandVerticle;
import org.linli.gateway.gpio.GpioVerticle;
import org.linli.gateway.health.HealthVerticle;
import org.linli.gateway.i2c.NoiseModuleSettings;
import org.linli.gateway.i2c.NoiseModuleVerticle;
import org.linli.gateway.lan.LanStats;
import org.linli.gateway.metrics.GatewayMeters;
import org.linli.gateway.metrics.MetricsHandler;
import org.linli.gateway.lan.LanVerticle;
import org.linli.gateway.pi4j.Pi4jPlatform;
import org.linli.gateway.remote.RemoteConfig;
import org.linli.gateway.remote.RemoteConfigVerticle;
import org.linli.gateway.status.ReadingTap;
import org.linli.gateway.status.StatusVerticle;
import org.linli.gateway.status.WiringCheck;
import org.linli.gateway.uplink.MessageStores;
import org.linli.gateway.uplink.UplinkStats;
import org.linli.gateway.uplink.UplinkVerticle;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One running gateway: the uplink, then the pin and LAN drivers feeding it, as Vert.x verticles in
 * the given {@link Vertx}. Used by {@link Main}, by tests, and by the simulated gateways.
 */
public final class GatewayApp {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final String bootId;
    private final UplinkStats uplinkStats = new UplinkStats();
    private final LanStats lanStats = new LanStats();
    private final CounterStats counterStats = new CounterStats();
    private CounterVerticle counter;
    private CounterPageVerticle counterPage;
    private UplinkVerticle uplink;
    private ReadingTap tap;
    private StatusVerticle statusPage;
    private Pi4jPlatform pi4j;
    private String uplinkId;
    private final List<String> driverIds = new CopyOnWriteArrayList<>();

    private GatewayApp(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.bootId = UUID.randomUUID().toString();
    }

    /** Starts a gateway with the system clock. */
    public static Future<GatewayApp> start(Vertx vertx, GatewayConfig config) {
        return start(vertx, config, Clock.systemUTC());
    }

    /**
     * Starts a gateway. The future completes when every driver is up: pins provisioned and the LAN
     * broker subscribed; if the LAN broker is unreachable that waits (retrying) until it is reachable.
     * The cloud broker is not waited for: readings are buffered until it is. The future fails on a
     * fault that retrying cannot fix (a pin that cannot be opened, an unreadable password file), after
     * undeploying whatever had started.
     */
    public static Future<GatewayApp> start(Vertx vertx, GatewayConfig config, Clock clock) {
        return start(vertx, config, clock, RemoteConfig.withoutRestart(config));
    }

    /**
     * Starts a gateway as {@link #start(Vertx, GatewayConfig, Clock)} does, taking configs from the
     * cloud as {@code remote} says (the running version, where to persist, how to apply).
     */
    public static Future<GatewayApp> start(Vertx vertx, GatewayConfig config, Clock clock, RemoteConfig remote) {
        GatewayApp app = new GatewayApp(vertx, config);
        return app.deploy(clock, remote).map(app)
                .recover(e -> app.stop().transform(ignored -> Future.<GatewayApp>failedFuture(e)));
    }

    private Future<Void> deploy(Clock clock, RemoteConfig remote) {
        DriverPlan plan = DriverPlan.of(config);
        uplink = new UplinkVerticle(config.site(), config.gateway(), config.cloudBroker(), config.uplink(), bootId,
                MessageStores.create(config.uplink()), clock, uplinkStats);
        return vertx.deployVerticle(uplink).compose(id -> {
            uplinkId = id;
            // Every reading goes to the uplink and is also shown on the status page.
            tap = new ReadingTap(uplink::accept, uplink::accept, uplink::forgetMessageKeys);
            return startStatusPage(plan, clock);
        }).compose(ignored -> {
            for (SensorSpec s : plan.unsupported()) {
                LOG.warn("sensor {}: no {} driver in this gateway version; reported as an error reading", s.id(),
                        s.transport().name().toLowerCase(Locale.ROOT));
                tap.accept(Reading.status(s.id(), clock.millis(), Quality.ERROR,
                        s.transport().name().toLowerCase(Locale.ROOT) + " driver not available in this gateway version"));
            }
            List<Future<String>> drivers = new ArrayList<>();
            // Health and remote config use the uplink's connection; stopped with the drivers, before it.
            drivers.add(track(vertx.deployVerticle(new HealthVerticle(config.site(), config.gateway(), bootId,
                    remote.runningVersion(), config.sensors().stream().map(SensorSpec::id).toList(), uplink, uplinkStats,
                    config.uplink().healthInterval(), clock))));
            drivers.add(track(vertx.deployVerticle(new RemoteConfigVerticle(config.site(), config.gateway(), remote, uplink))));
            boolean counterInputs = config.counter().map(c -> !c.wiegandTerminals().isEmpty()).orElse(false);
            boolean counterOutputs = config.counter().map(c -> !c.outputs().pins().isEmpty()).orElse(false);
            if (plan.needsGpio() || plan.needsNoise() || counterInputs || counterOutputs) {
                pi4j = new Pi4jPlatform(config.gpioProvider(), plan.needsGpio() || counterInputs, plan.needsNoise(),
                        counterOutputs);
            }
            config.counter().ifPresent(c -> drivers.add(startCounter(c, clock)));
            if (plan.needsGpio()) {
                drivers.add(track(vertx.deployVerticle(new GpioVerticle(pi4j, plan.pins(), clock, tap,
                        config.occupancy().stateInterval()))));
            }
            if (plan.needsNoise()) {
                drivers.add(track(vertx.deployVerticle(new NoiseModuleVerticle(pi4j, plan.noiseModules(), clock,
                        NoiseModuleSettings.defaults(), tap))));
            }
            if (plan.needsLan()) {
                drivers.add(track(vertx.deployVerticle(new LanVerticle(config.lanBroker(),
                        "linli-" + config.site() + "-" + config.gateway() + "-lan", plan.lanTopics(), clock,
                        tap, lanStats, config.occupancy().stateInterval()))));
            }
            // Fail as soon as one driver fails: a pin fault must not wait for a LAN broker that is down.
            return Future.all(drivers).<Void>mapEmpty();
        }).onSuccess(v -> LOG.info("gateway {}/{} up: {} pin(s), {} LAN sensor(s), {} noise module(s), boot {}",
                config.site(), config.gateway(), plan.pins().size(), plan.lanTopics().size(),
                plan.noiseModules().size(), bootId)).mapEmpty();
    }

    /**
     * The canteen counter: the ledger and decisions first, then what feeds and shows them (page,
     * Wiegand lines, LAN terminals, lights). Its page is part of the counter: a port that cannot be
     * bound fails the start, unlike the installer's status page.
     */
    private Future<String> startCounter(CanteenSettings c, Clock clock) {
        counter = new CounterVerticle(config.site(), config.gateway(), c, uplink, uplinkStats::connected, clock,
                counterStats);
        return track(vertx.deployVerticle(counter)).compose(id -> {
            List<Future<String>> parts = new ArrayList<>();
            counterPage = new CounterPageVerticle(c.page(), counter);
            parts.add(track(vertx.deployVerticle(counterPage)));
            if (!c.wiegandTerminals().isEmpty()) {
                parts.add(track(vertx.deployVerticle(new WiegandVerticle(pi4j, c.wiegandTerminals(), counter,
                        System::nanoTime))));
            }
            if (!c.outputs().pins().isEmpty()) {
                parts.add(track(vertx.deployVerticle(new SignalsVerticle(pi4j, c.outputs(), counter))));
            }
            if (c.networkTerminals().stream().anyMatch(t -> t.topic() != null)) {
                parts.add(track(vertx.deployVerticle(new TerminalLanVerticle(config.lanBroker(),
                        "linli-" + config.site() + "-" + config.gateway() + "-counter", c.networkTerminals(), counter,
                        clock))));
            }
            return Future.all(parts).map(id);
        });
    }

    /**
     * The installer's status page. A port that cannot be bound is logged, not fatal: the sensors'
     * readings matter more than the page that shows them.
     */
    private Future<Void> startStatusPage(DriverPlan plan, Clock clock) {
        if (!config.statusPage().enabled()) {
            return Future.succeededFuture();
        }
        StatusVerticle page = new StatusVerticle(config, bootId, tap, uplinkStats, lanStats, plan.needsLan(),
                uplink::publishRetained, storageCheckDir(), clock, WiringCheck.DEFAULT_WINDOW);
        GatewayMeters meters = new GatewayMeters(config, uplinkStats, lanStats, counterStats);
        tap.listen(meters);
        page.withMetrics(new MetricsHandler(meters));
        return vertx.deployVerticle(page).<Void>map(id -> {
            statusPage = page;
            driverIds.add(id);
            return null;
        }).recover(e -> {
            LOG.error("{}; the gateway runs without its status page", e.getMessage());
            return Future.succeededFuture();
        });
    }

    /** Where commissioning measures write latency: the buffer's own directory, the disk that matters. */
    private Path storageCheckDir() {
        Path store = config.uplink().storePath();
        if (config.uplink().store() == UplinkSettings.Store.SQLITE && store != null
                && store.toAbsolutePath().getParent() != null) {
            return store.toAbsolutePath().getParent();
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private Future<String> track(Future<String> deployment) {
        return deployment.onSuccess(driverIds::add);
    }

    /**
     * Stops the drivers (the last one holding Pi4J shuts it down), then the uplink (which sends what
     * is buffered, if it can, within a few seconds). Safe to call more than once.
     */
    public Future<Void> stop() {
        List<Future<Void>> drivers = new ArrayList<>();
        for (String id : driverIds) {
            drivers.add(vertx.undeploy(id));
        }
        driverIds.clear();
        return Future.join(drivers).transform(ar -> {
            if (uplinkId == null) {
                return Future.<Void>succeededFuture();
            }
            String id = uplinkId;
            uplinkId = null;
            return vertx.undeploy(id);
        }).onComplete(ar -> LOG.info("gateway {}/{} stopped", config.site(), config.gateway()));
    }

    /** The Pi4J context of the pins and I2C devices; empty when no sensor needs Pi4J, or after stop. */
    public Optional<Context> pi4j() {
        return pi4j == null ? Optional.empty() : Optional.ofNullable(pi4j.context());
    }

    /** The random id of this start, sent with every batch. */
    public String bootId() {
        return bootId;
    }

    /** The config this gateway runs. */
    public GatewayConfig config() {
        return config;
    }

    /** Counters of the uplink to the cloud broker. */
    public UplinkStats uplinkStats() {
        return uplinkStats;
    }

    /** Counters of the LAN MQTT driver. */
    public LanStats lanStats() {
        return lanStats;
    }

    /** The port of the status page, empty when it is off or could not listen. */
    public OptionalInt statusPagePort() {
        StatusVerticle page = statusPage;
        return page == null || page.port() < 0 ? OptionalInt.empty() : OptionalInt.of(page.port());
    }

    /** The canteen counter; empty when the config has none. */
    public Optional<CounterVerticle> counter() {
        return Optional.ofNullable(counter);
    }

    /** Counters of the canteen counter (all zero without one). */
    public CounterStats counterStats() {
        return counterStats;
    }

    /** The port of the counter page, empty without a counter or before it listens. */
    public OptionalInt counterPagePort() {
        CounterPageVerticle page = counterPage;
        return page == null || page.port() < 0 ? OptionalInt.empty() : OptionalInt.of(page.port());
    }

    /** Hands a reading to the uplink as if a driver had made it (simulators, tests). */
    public void inject(Reading reading) {
        tap.accept(reading);
    }
}
