package org.linli.cloud.ingest;

import org.linli.config.Site;
import org.linli.wire.CommissioningCodec;
import org.linli.wire.CommissioningReport;
import org.linli.wire.RejectReason;
import org.linli.wire.TopicAddress;
import org.linli.wire.Topics;
import org.linli.wire.WireException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The latest commissioning report of every gateway, as the gateways publish them (retained) on
 * {@code linli/v1/{site}/{gateway}/commissioning}. A report that breaks the contract, names another
 * gateway than its topic, or comes from a gateway not in the site inventory is refused and counted in
 * {@link IngestCounters} under its reason, like a reading. An empty payload (a cleared retained
 * message) forgets the gateway's report. Held in memory: the broker's retained copy brings every
 * report back when the cloud restarts and subscribes again. Thread-safe.
 */
public final class CommissioningReports {

    /**
     * One report as it was received.
     *
     * @param report     the decoded report
     * @param receivedAt when the cloud received it
     */
    public record Received(CommissioningReport report, Instant receivedAt) {
    }

    private final CommissioningCodec codec;
    private final Site site;
    private final IngestCounters counters;
    private final Clock clock;
    private final TreeMap<String, Received> latest = new TreeMap<>();

    public CommissioningReports(CommissioningCodec codec, Site site, IngestCounters counters, Clock clock) {
        this.codec = codec;
        this.site = site;
        this.counters = counters;
        this.clock = clock;
    }

    /** Whether {@code topic} is a commissioning topic, so this class should take its message. */
    public static boolean handles(String topic) {
        return topic.endsWith("/" + Topics.COMMISSIONING);
    }

    /** Takes one message; returns the refusal, counted, when it cannot be used. */
    public Optional<WireException> accept(String topic, byte[] payload) {
        try {
            TopicAddress address = Topics.parse(topic);
            if (!Topics.COMMISSIONING.equals(address.channel())) {
                throw new WireException(RejectReason.BAD_TOPIC, "topic '" + topic + "' is not a commissioning topic");
            }
            if (!site.id().equals(address.site()) || site.gateway(address.gateway()).isEmpty()) {
                throw new WireException(RejectReason.UNKNOWN_GATEWAY,
                        "gateway " + address.site() + "/" + address.gateway() + " is not in the site inventory");
            }
            String key = address.gateway();
            if (payload.length == 0) {
                synchronized (this) {
                    latest.remove(key);
                }
                return Optional.empty();
            }
            CommissioningReport report = codec.decode(payload);
            if (!report.site().equals(address.site()) || !report.gateway().equals(address.gateway())) {
                throw new WireException(RejectReason.TOPIC_MISMATCH, "report of " + report.site() + "/" + report.gateway()
                        + " on the topic of " + address.site() + "/" + address.gateway());
            }
            synchronized (this) {
                Received held = latest.get(key);
                // A late copy of an older run must not replace a newer report.
                if (held == null || held.report().finishedAt() <= report.finishedAt()) {
                    latest.put(key, new Received(report, clock.instant()));
                }
            }
            return Optional.empty();
        } catch (WireException e) {
            counters.rejected(e.reason(), topic, e.getMessage(), payload);
            return Optional.of(e);
        }
    }

    /** The latest report per gateway, by gateway id. */
    public synchronized List<Received> snapshot() {
        return List.copyOf(latest.values());
    }
}
