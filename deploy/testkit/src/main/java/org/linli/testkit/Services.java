package org.linli.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension that starts real Mosquitto, InfluxDB and PostgreSQL processes once per test class
 * and stops them after it. Register it on a <em>static</em> field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Services services = Services.mosquitto().influx();
 *
 * @Test
 * void shouldStoreTelemetry() {
 *     String broker = services.mosquittoProcess().uri();       // tcp://127.0.0.1:PORT
 *     String influx = services.influxProcess().url();          // http://127.0.0.1:PORT
 * }
 * }</pre>
 *
 * <p>Choosing the services: start from {@link #mosquitto()} (one broker), {@link #mosquitto(String...)}
 * (several independent brokers, each with a name) or {@link #create()} (no broker), then add
 * {@link #influx()} and {@link #postgres()}. Two brokers, e.g. the gateway's LAN broker and the cloud
 * broker, are declared and looked up by name:
 *
 * <pre>{@code
 * static final Services services = Services.mosquitto("lan", "cloud").postgres();
 * ...
 * services.mosquittoProcess("lan").uri();
 * }</pre>
 *
 * <p>The builder and the accessors have different names because Java cannot have a static
 * {@code mosquitto()} beside an instance {@code mosquitto()}.
 *
 * <p>Work directories: {@code target/it-services/TESTCLASS/SERVICE-N} of the module (see
 * {@link WorkDirs#root()}; system property {@code linli.testkit.dir} moves them), where N is the
 * broker name or 1. They are emptied before the start and left in place afterwards, so that the logs
 * can be read after a failure. A JVM shutdown hook stops everything if the test JVM exits without
 * reaching {@code afterAll}, and a later run ends processes that even the hook could not stop.
 *
 * <p>Nested test classes share the services of the class that registered the extension.
 */
public final class Services implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(Services.class);
    private static final String DEFAULT_BROKER = "1";

    private final List<String> brokerNames;
    private boolean withInflux;
    private boolean withPostgres;

    // No locks: the shutdown hook must never wait for a start-up that holds one. JUnit calls the
    // callbacks from one thread; volatile and a synchronized map publish the processes to the others.
    private final Map<String, MosquittoProcess> brokers = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile InfluxProcess influx;
    private volatile PostgresProcess postgres;
    private volatile String ownerId;
    private volatile Thread shutdownHook;

    private Services(List<String> brokerNames) {
        this.brokerNames = List.copyOf(brokerNames);
    }

    /** No broker; add {@link #influx()} and/or {@link #postgres()}. */
    public static Services create() {
        return new Services(List.of());
    }

    /** One Mosquitto broker, reached with {@link #mosquittoProcess()}. */
    public static Services mosquitto() {
        return new Services(List.of(DEFAULT_BROKER));
    }

    /**
     * One independent Mosquitto broker per name (lower-case letters, digits and dashes), each with its
     * own port and data, reached with {@link #mosquittoProcess(String)}.
     */
    public static Services mosquitto(String... names) {
        if (names.length == 0) {
            return mosquitto();
        }
        List<String> unique = new ArrayList<>();
        for (String name : names) {
            if (name == null || !name.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("broker name must be lower-case letters, digits and dashes: " + name);
            }
            if (unique.contains(name)) {
                throw new IllegalArgumentException("broker name given twice: " + name);
            }
            unique.add(name);
        }
        return new Services(unique);
    }

    /** Adds an InfluxDB, reached with {@link #influxProcess()}. */
    public Services influx() {
        requireNotStarted();
        withInflux = true;
        return this;
    }

    /** Adds a PostgreSQL server, reached with {@link #postgresProcess()}. */
    public Services postgres() {
        requireNotStarted();
        withPostgres = true;
        return this;
    }

    /** The only broker; fails if there is none or there are several (then use the name). */
    public MosquittoProcess mosquittoProcess() {
        requireStarted();
        synchronized (brokers) {
            if (brokers.size() != 1) {
                throw new IllegalStateException("there are " + brokers.size() + " brokers " + brokers.keySet()
                        + "; use mosquittoProcess(name)");
            }
            return brokers.values().iterator().next();
        }
    }

    /** The broker declared with this name in {@link #mosquitto(String...)}. */
    public MosquittoProcess mosquittoProcess(String name) {
        requireStarted();
        MosquittoProcess broker = brokers.get(name);
        if (broker == null) {
            throw new IllegalArgumentException("no broker named '" + name + "'; declared: " + brokers.keySet());
        }
        return broker;
    }

    public InfluxProcess influxProcess() {
        requireStarted();
        if (influx == null) {
            throw new IllegalStateException("InfluxDB was not requested: add .influx() to the Services declaration");
        }
        return influx;
    }

    public PostgresProcess postgresProcess() {
        requireStarted();
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL was not requested: add .postgres() to the Services declaration");
        }
        return postgres;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ownerId != null) {
            return; // a nested class of the owner: the services already run
        }
        Path classDir = WorkDirs.root().resolve(context.getRequiredTestClass().getSimpleName());
        ownerId = context.getUniqueId();
        shutdownHook = new Thread(this::stopAll, "linli-testkit-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            // The slowest first: initdb takes the longest, a broker is up in a few milliseconds.
            if (withPostgres) {
                postgres = PostgresProcess.start(WorkDirs.reset(classDir.resolve("postgres-1")));
            }
            if (withInflux) {
                influx = InfluxProcess.start(WorkDirs.reset(classDir.resolve("influx-1")));
            }
            for (String name : brokerNames) {
                brokers.put(name, MosquittoProcess.start(WorkDirs.reset(classDir.resolve("mosquitto-" + name))));
            }
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(ownerId)) {
            release();
        }
    }

    private void release() {
        try {
            stopAll();
        } finally {
            removeShutdownHook();
            ownerId = null;
        }
    }

    // Stops everything that was started, in reverse order, and reports the first failure with the rest suppressed.
    private void stopAll() {
        List<AutoCloseable> started = new ArrayList<>();
        started.add(postgres);
        started.add(influx);
        synchronized (brokers) {
            started.addAll(brokers.values());
        }
        RuntimeException failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            AutoCloseable service = started.get(i);
            if (service == null) {
                continue;
            }
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("cannot stop {}", service, e);
                if (failure == null) {
                    failure = new IllegalStateException("cannot stop " + service, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        brokers.clear();
        influx = null;
        postgres = null;
        if (failure != null) {
            throw failure;
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook runs or has run; nothing to undo.
        }
        shutdownHook = null;
    }

    private void requireNotStarted() {
        if (ownerId != null) {
            throw new IllegalStateException("services already started; declare them before the tests run");
        }
    }

    private void requireStarted() {
        if (ownerId == null) {
            throw new IllegalStateException("services not started: register Services with @RegisterExtension on a"
                    + " static field, and use it from tests or @BeforeAll methods");
        }
    }
}
