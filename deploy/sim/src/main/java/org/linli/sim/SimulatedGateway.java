package org.linli.sim;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Vertx;
import org.linli.config.ConfigException;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.config.GpioProvider;
import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;
import org.linli.gateway.app.GatewayApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A simulated site for the demo: the real gateway ({@link GatewayApp}) on Pi4J's mock platform, with
 * people walking past its PIR pins and its LAN devices publishing on the LAN broker, as they would on
 * site. Later the load driver grows from here.
 *
 * <p>Run: {@code java -jar deploy/sim/target/linli-sim.jar GATEWAY.yaml}. The config must say
 * {@code gpio: mock}. Environment: {@code LINLI_SIM_SEED} (default 1) makes a run repeatable.
 */
public final class SimulatedGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedGateway.class);
    private static final long START_TIMEOUT_S = 60;

    private final Vertx vertx;
    private final GatewayApp app;
    private final ScheduledExecutorService scheduler;
    private final List<LanDevice> devices;

    private SimulatedGateway(Vertx vertx, GatewayApp app, ScheduledExecutorService scheduler, List<LanDevice> devices) {
        this.vertx = vertx;
        this.app = app;
        this.scheduler = scheduler;
        this.devices = devices;
    }

    /** Starts the gateway and the simulated people and devices; fails when the gateway does not start. */
    public static SimulatedGateway start(GatewayConfig config, long seed) throws Exception {
        if (config.gpioProvider() != GpioProvider.MOCK) {
            throw new IllegalArgumentException("the simulator drives Pi4J's mock pins: set 'gpio: mock' in the gateway config");
        }
        Vertx vertx = Vertx.vertx();
        GatewayApp app;
        try {
            app = GatewayApp.start(vertx, config).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "linli-sim");
            t.setDaemon(true);
            return t;
        });
        Visitors visitors = new Visitors(seed);
        List<LanDevice> devices = new ArrayList<>();
        for (SensorSpec sensor : config.sensors()) {
            if (sensor.binding() instanceof SensorBinding.GpioInput) {
                MockDigitalInput pin = app.pi4j().orElseThrow().io(sensor.id());
                schedulePin(scheduler, visitors, sensor.id(), pin);
            } else if (sensor.binding() instanceof SensorBinding.MqttTopic topic && config.lanBroker() != null) {
                LanDevice device = new LanDevice(config.lanBroker().uri(), "sim-" + sensor.id(), topic);
                devices.add(device);
                scheduleDevice(scheduler, visitors, sensor.id(), device);
            }
        }
        LOG.info("simulating {} sensors on gateway {} (boot {})", config.sensors().size(), config.gateway(), app.bootId());
        return new SimulatedGateway(vertx, app, scheduler, devices);
    }

    private static void schedulePin(ScheduledExecutorService scheduler, Visitors visitors, String sensor, MockDigitalInput pin) {
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            boolean high = pin.state() != DigitalState.HIGH;
            pin.mockState(high ? DigitalState.HIGH : DigitalState.LOW);
            LOG.info("{}: {}", sensor, high ? "someone walks in" : "the space is quiet again");
            scheduler.schedule(step[0], visitors.nextPinChangeMillis(high), TimeUnit.MILLISECONDS);
        };
        scheduler.schedule(step[0], visitors.firstDelayMillis(), TimeUnit.MILLISECONDS);
    }

    private static void scheduleDevice(ScheduledExecutorService scheduler, Visitors visitors, String sensor, LanDevice device) {
        boolean[] occupied = {false};
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            occupied[0] = visitors.nextOccupied(occupied[0]);
            try {
                device.publish(occupied[0]);
                LOG.info("{}: {}", sensor, occupied[0] ? "a car stands in the lane" : "the lane is clear");
            } catch (Exception e) {
                LOG.warn("{}: cannot publish on the LAN broker: {}", sensor, e.getMessage());
            }
            scheduler.schedule(step[0], visitors.nextDeviceReportMillis(), TimeUnit.MILLISECONDS);
        };
        scheduler.schedule(step[0], visitors.firstDelayMillis(), TimeUnit.MILLISECONDS);
    }

    /** The gateway under simulation. */
    public GatewayApp app() {
        return app;
    }

    @Override
    public void close() throws Exception {
        scheduler.shutdownNow();
        for (LanDevice device : devices) {
            device.close();
        }
        try {
            app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            LOG.error("usage: java -jar linli-sim.jar GATEWAY.yaml");
            System.exit(2);
        }
        GatewayConfig config;
        try {
            config = GatewayConfigLoader.load(Path.of(args[0]));
        } catch (ConfigException e) {
            LOG.error("the gateway config cannot be used:\n{}", e.getMessage());
            System.exit(2);
            return;
        }
        long seed = Long.parseLong(System.getenv().getOrDefault("LINLI_SIM_SEED", "1"));
        try {
            SimulatedGateway sim = start(config, seed);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    sim.close();
                    LOG.info("simulated gateway stopped");
                } catch (Exception e) {
                    LOG.warn("stopping the simulated gateway failed", e);
                }
            }, "linli-sim-stop"));
        } catch (Exception e) {
            LOG.error("the simulated gateway did not start", e);
            System.exit(1);
        }
    }
}
