package org.linli.cloud.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.linli.cloud.rules.DeadmanEvent;
import org.linli.cloud.rules.EncroachmentEvent;
import org.linli.cloud.rules.NoiseEvent;
import org.linli.cloud.rules.RuleEventSink;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts what the rules decide, {@code linli_rule_events_total{rule, event}}: a sink like the tickets,
 * reading the events and changing nothing. Every (rule, event) pair is registered at zero up front, so
 * a rate can be taken before the first event. Delivery is at least once (RuleEventSink), so after a
 * crash an event may be counted twice; the counts are for rates, not for the record.
 */
@Singleton
public class RuleEventMeters implements RuleEventSink {
    private final Map<String, Counter> counters = new HashMap<>();

    public RuleEventMeters(MeterRegistry registry) {
        for (String event : new String[]{"episode-started", "episode-updated", "episode-ended", "night-impulse"}) {
            register(registry, "noise", event);
        }
        register(registry, "encroachment", "started");
        register(registry, "encroachment", "ended");
        for (String event : new String[]{"sensor-offline", "sensor-back", "gateway-offline", "gateway-back"}) {
            register(registry, "deadman", event);
        }
    }

    private void register(MeterRegistry registry, String rule, String event) {
        counters.put(rule + "/" + event, Counter.builder("linli.rule.events").tag("rule", rule).tag("event", event)
                .description("events the rules decided, by rule and event").register(registry));
    }

    @Override
    public void noise(NoiseEvent event) {
        count("noise", event instanceof NoiseEvent.EpisodeStarted ? "episode-started"
                : event instanceof NoiseEvent.EpisodeUpdated ? "episode-updated"
                : event instanceof NoiseEvent.EpisodeEnded ? "episode-ended" : "night-impulse");
    }

    @Override
    public void encroachment(EncroachmentEvent event) {
        count("encroachment", event instanceof EncroachmentEvent.EncroachmentStarted ? "started" : "ended");
    }

    @Override
    public void deadman(DeadmanEvent event) {
        count("deadman", event instanceof DeadmanEvent.SensorOffline ? "sensor-offline"
                : event instanceof DeadmanEvent.SensorBack ? "sensor-back"
                : event instanceof DeadmanEvent.GatewayOffline ? "gateway-offline" : "gateway-back");
    }

    private void count(String rule, String event) {
        counters.get(rule + "/" + event).increment();
    }
}
