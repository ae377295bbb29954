package org.linli.cloud.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.linli.cloud.ingest.LogThrottle;
import org.linli.cloud.rules.DeadmanSnapshot;
import org.linli.cloud.rules.EncroachmentSnapshot;
import org.linli.cloud.rules.NoiseSnapshot;
import org.linli.cloud.rules.RuleState;
import org.linli.cloud.rules.RuleStateStore;
import org.linli.cloud.tickets.TicketStatus;
import org.linli.config.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Gauges read from the SQL database every {@code linli.metrics.refresh} on Micronaut's scheduler (never on
 * a scrape, which runs on the event loop): tickets by status ({@code linli_tickets{status}}), and from the rules' saved state the
 * spaces in each state ({@code linli_rule_spaces{rule, state}}) and the devices offline
 * ({@code linli_devices_offline{kind}}). The rule state is the one last saved (at most
 * {@code linli.rules.save-every} old), read without touching the running rules. Every instance shares
 * the database, so every instance reports the same values: take {@code max} across instances.
 */
@Singleton
public class SqlGauges implements MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(SqlGauges.class);

    private final TicketCountRepository tickets;
    private final RuleStateStore rules;
    private final String site;
    private final LogThrottle logThrottle;
    private volatile Counter failures;
    private volatile Map<String, Double> values = Map.of();

    public SqlGauges(TicketCountRepository tickets, RuleStateStore rules, Site site, Clock clock) {
        this.tickets = tickets;
        this.rules = rules;
        this.site = site.id();
        this.logThrottle = new LogThrottle(clock, Duration.ofMinutes(5));
    }

    /** Reads the gauges' values again; a failure keeps the last ones, counts and logs (WARN, at most every 5 min). */
    @Scheduled(fixedDelay = "${linli.metrics.refresh:30s}", initialDelay = "1s")
    public void refresh() {
        try {
            values = read();
        } catch (RuntimeException e) {
            Counter counted = failures;
            if (counted != null) {
                counted.increment();
            }
            logThrottle.acquire("sql").ifPresent(held ->
                    LOG.warn("cannot read the ticket and rule gauges from SQL ({} more held back): {}", held, e.toString()));
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        failures = Counter.builder("linli.metrics.sql.failures")
                .description("reads of the SQL gauges that failed (the last values stay)").register(registry);
        for (TicketStatus status : TicketStatus.values()) {
            gauge(registry, "linli.tickets", "tickets by status", "tickets/" + status.name(), "status",
                    status.name().toLowerCase(Locale.ROOT));
        }
        for (String state : new String[]{"quiet", "loud", "episode"}) {
            Gauge.builder("linli.rule.spaces", this, g -> g.value("noise/" + state)).tag("rule", "noise").tag("state", state)
                    .description("spaces in each rule state (as last saved)").register(registry);
        }
        for (EncroachmentSnapshot.Phase phase : EncroachmentSnapshot.Phase.values()) {
            String state = phase.name().toLowerCase(Locale.ROOT);
            Gauge.builder("linli.rule.spaces", this, g -> g.value("encroachment/" + state)).tag("rule", "encroachment")
                    .tag("state", state).description("spaces in each rule state (as last saved)").register(registry);
        }
        gauge(registry, "linli.devices.offline", "sensors and gateways the deadman rule holds offline (as last saved)",
                "offline/sensor", "kind", "sensor");
        gauge(registry, "linli.devices.offline", "sensors and gateways the deadman rule holds offline (as last saved)",
                "offline/gateway", "kind", "gateway");
    }

    private void gauge(MeterRegistry registry, String name, String description, String key, String tag, String value) {
        Gauge.builder(name, this, g -> g.value(key)).tag(tag, value).description(description).register(registry);
    }

    /** The last value read under {@code key}; 0 before the first read. */
    double value(String key) {
        return values.getOrDefault(key, 0.0);
    }

    private Map<String, Double> read() {
        Map<String, Double> out = new HashMap<>();
        for (StatusCount c : tickets.countByStatus()) {
            out.put("tickets/" + c.status(), (double) c.tickets());
        }
        out.putAll(ruleStates(rules.load(site)));
        return out;
    }

    /** Spaces per rule state and devices offline, from a saved state. */
    static Map<String, Double> ruleStates(RuleState state) {
        Map<String, Double> out = new HashMap<>();
        for (NoiseSnapshot n : state.noise().values()) {
            String s = n.run() == null ? "quiet" : n.run().confirmed() ? "episode" : "loud";
            out.merge("noise/" + s, 1.0, Double::sum);
        }
        for (EncroachmentSnapshot e : state.encroachment().values()) {
            out.merge("encroachment/" + e.phase().name().toLowerCase(Locale.ROOT), 1.0, Double::sum);
        }
        DeadmanSnapshot d = state.deadman();
        if (d != null) {
            out.put("offline/sensor", (double) d.sensors().values().stream().filter(DeadmanSnapshot.SensorLiveness::offline).count());
            out.put("offline/gateway", (double) d.gateways().values().stream().filter(DeadmanSnapshot.GatewayLiveness::offline).count());
        }
        return out;
    }
}
