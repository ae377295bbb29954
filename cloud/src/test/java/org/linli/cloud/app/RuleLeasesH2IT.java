package org.linli.cloud.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.linli.cloud.rules.Lease;
import org.linli.cloud.rules.NoiseSnapshot;
import org.linli.cloud.rules.RuleLeases;
import org.linli.cloud.rules.RuleState;
import org.linli.cloud.rules.RuleStateStore;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule leases' SQL (migration V9) on the embedded default, an H2 file in PostgreSQL mode: takes are
 * compare-and-set on the epoch, a live lease of another instance cannot be taken, an expired one can, and
 * a state save with a stale epoch is fenced off and changes nothing.
 */
@Timeout(60)
class RuleLeasesH2IT {
    private static final String SITE = "huayuan";
    private static final String SCOPE = "space:plaza-east";
    private static final Instant NOW = Instant.parse("2026-06-10T11:30:00Z");

    @TempDir
    static Path dataDir;

    private static EmbeddedServer server;
    private static RuleLeases leases;
    private static RuleStateStore store;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(RuleLeasesH2IT.class.getResource("/site-rules.yaml").toURI()).toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-leases-h2-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("linli.rules.enabled", "false");
        props.put("micronaut.server.port", -1);
        props.put("datasources.default.url", "jdbc:h2:file:" + dataDir + "/linli-cloud;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        server = ApplicationContext.run(EmbeddedServer.class, props);
        leases = server.getApplicationContext().getBean(RuleLeases.class);
        store = server.getApplicationContext().getBean(RuleStateStore.class);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static RuleState state(Instant watermark) {
        return new RuleState(Map.of("plaza-east", new NoiseSnapshot("plaza-east", List.of(), watermark, watermark,
                List.of(), null, null)), Map.of(), null);
    }

    @Test
    void shouldHandALeaseToOneInstanceAtATimeAndFenceOffTheStaleOwnersSave() {
        leases.heartbeat(SITE, "a", NOW.plusSeconds(15));
        leases.heartbeat(SITE, "b", NOW.plusSeconds(15));
        assertEquals(Set.of("a", "b"), leases.read(SITE, NOW).live());

        OptionalLong a = leases.take(SITE, SCOPE, "a", null, NOW.plusSeconds(15), NOW);
        OptionalLong b = leases.take(SITE, SCOPE, "b", null, NOW.plusSeconds(15), NOW); // the same lease seen
        assertEquals(OptionalLong.of(1), a);
        assertTrue(b.isEmpty(), "the compare-and-set lets one instance win");

        Lease seen = leases.read(SITE, NOW).leases().get(SCOPE);
        assertEquals("a", seen.owner());
        assertTrue(leases.take(SITE, SCOPE, "b", seen, NOW.plusSeconds(15), NOW).isEmpty(), "a's lease is live");
        assertTrue(store.saveFenced(SITE, SCOPE, state(NOW), "a", 1));

        // a stops renewing: once the lease ran out, b takes it with the next epoch.
        Instant later = NOW.plusSeconds(20);
        assertFalse(leases.read(SITE, later).live().contains("a"));
        assertEquals(OptionalLong.of(2), leases.take(SITE, SCOPE, "b", leases.read(SITE, later).leases().get(SCOPE),
                later.plusSeconds(15), later));

        assertFalse(store.saveFenced(SITE, SCOPE, state(NOW.plusSeconds(60)), "a", 1), "a's epoch is stale");
        assertEquals(NOW, store.load(SITE).noise().get("plaza-east").watermark(), "the stale save changed nothing");
        assertTrue(store.saveFenced(SITE, SCOPE, state(later), "b", 2));
        assertEquals(later, store.load(SITE).noise().get("plaza-east").watermark());

        leases.renew(SITE, "b", later.plusSeconds(30));
        assertEquals(later.plusSeconds(30), leases.read(SITE, later).leases().get(SCOPE).expiresAt());
        leases.release(SITE, SCOPE, "b", 2, later);
        Lease released = leases.read(SITE, later).leases().get(SCOPE);
        assertTrue(released.freeAt(later));
        assertEquals(OptionalLong.of(3), leases.take(SITE, SCOPE, "a", released, later.plus(Duration.ofSeconds(15)), later),
                "a released lease is free at once");
        leases.leave(SITE, "b");
        assertFalse(leases.read(SITE, later).live().contains("b"));
    }
}
