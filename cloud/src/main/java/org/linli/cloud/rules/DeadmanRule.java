package org.linli.cloud.rules;

import org.linli.cloud.rules.DeadmanEvent.GatewayBack;
import org.linli.cloud.rules.DeadmanEvent.GatewayOffline;
import org.linli.cloud.rules.DeadmanEvent.SensorBack;
import org.linli.cloud.rules.DeadmanEvent.SensorOffline;
import org.linli.cloud.rules.DeadmanSnapshot.GatewayLiveness;
import org.linli.cloud.rules.DeadmanSnapshot.SensorLiveness;
import org.linli.config.GatewaySpec;
import org.linli.config.SensorSpec;
import org.linli.config.Site;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Device liveness (deadman) for every sensor and gateway of a site. Silence has no events, so the rule
 * is driven by readings, gateway status messages and {@link #tick} (processing time); readings carry
 * the gateway's source time, and the rule's "now" is the latest of both.
 *
 * <p>A sensor is offline after an OFFLINE status (at once) or when its last GOOD/SUSPECT reading is
 * older than its kind's heartbeat interval; ERROR readings prove the gateway lives but not the sensor,
 * so a sensor that only errs goes offline after the interval. It is back with a good reading newer than
 * now minus the interval: a backlog of old readings after a reconnect does not flap it. A gateway is
 * offline when its status says so, or when every one of its sensors has been silent (no reading of any
 * quality) for its interval and no online status came within the longest of them. Sensors report
 * their own offline events as well; grouping them under the gateway is the ticket layer's business.
 * Each sensor starts as heard at the rule's start, so one never heard goes offline one interval later.
 *
 * <p>Not thread-safe: one thread (or one actor) per instance. {@link #snapshot} and {@code restore} give
 * the same events afterwards as an uninterrupted run.
 */
public final class DeadmanRule {
    private record Known(String gateway, Duration interval) {
    }

    private final Map<String, Known> known = new TreeMap<>();
    private final Map<String, List<String>> gatewaySensors = new TreeMap<>();
    private final Map<String, Duration> gatewayInterval = new TreeMap<>();

    private final Map<String, SensorLiveness> sensors = new TreeMap<>();
    private final Map<String, GatewayLiveness> gateways = new TreeMap<>();
    private Instant now;

    /**
     * @param site     the sensors and gateways to watch
     * @param settings heartbeat intervals per sensor kind
     * @param start    processing time at start: every device counts as heard then
     */
    public DeadmanRule(Site site, RuleSettings.Deadman settings, Instant start) {
        Objects.requireNonNull(settings, "settings");
        this.now = Objects.requireNonNull(start, "start");
        for (GatewaySpec g : site.gateways()) {
            List<String> ids = new ArrayList<>();
            Duration longest = Duration.ZERO;
            for (SensorSpec sensor : g.sensors()) {
                Duration interval = settings.heartbeat(sensor.kind());
                known.put(sensor.id(), new Known(g.id(), interval));
                ids.add(sensor.id());
                longest = interval.compareTo(longest) > 0 ? interval : longest;
                sensors.put(sensor.id(), new SensorLiveness(start, start, null, null, false, null));
            }
            gatewaySensors.put(g.id(), List.copyOf(ids));
            gatewayInterval.put(g.id(), longest);
            gateways.put(g.id(), new GatewayLiveness(start, true, false, null));
        }
    }

    /**
     * A rule in the state of {@code snapshot}. Devices the site has gained since count as heard at the
     * snapshot's time; devices it has lost are dropped.
     */
    public static DeadmanRule restore(Site site, RuleSettings.Deadman settings, DeadmanSnapshot snapshot) {
        DeadmanRule r = new DeadmanRule(site, settings, snapshot.now());
        snapshot.sensors().forEach((id, l) -> r.sensors.computeIfPresent(id, (k, v) -> l));
        snapshot.gateways().forEach((id, l) -> r.gateways.computeIfPresent(id, (k, v) -> l));
        return r;
    }

    /** The rule's state now. */
    public DeadmanSnapshot snapshot() {
        return new DeadmanSnapshot(now, sensors, gateways);
    }

    /**
     * A rule in the state of {@code snapshot}, resumed at {@code start} after the cloud was away: what
     * the cloud did not hear while it was down is not the devices' silence, so every device that was
     * not offline counts as heard at {@code start} (as in a fresh start); offline ones stay offline, so
     * an outage that goes on is not reported twice.
     */
    public static DeadmanRule resume(Site site, RuleSettings.Deadman settings, DeadmanSnapshot snapshot, Instant start) {
        DeadmanRule r = restore(site, settings, snapshot);
        r.now = later(r.now, start);
        r.sensors.replaceAll((id, l) -> l.offline() ? l : new SensorLiveness(later(l.lastAny(), start),
                later(l.lastGood(), start), l.offlineStatus(), l.statusMessage(), false, null));
        r.gateways.replaceAll((id, g) -> g.offline() || !g.online() ? g
                : new GatewayLiveness(later(g.statusAt(), start), true, false, null));
        return r;
    }

    /** Takes a reading of any sensor of the site (unknown sensors are ignored). */
    public List<DeadmanEvent> accept(Reading r) {
        if (!update(r)) {
            return List.of();
        }
        return tick(Instant.ofEpochMilli(r.ts()));
    }

    /**
     * Takes the readings of one batch, then judges once at the latest of their times: as {@link #accept}
     * each, except that a sensor that would go offline and come back within the batch is not reported.
     */
    public List<DeadmanEvent> acceptAll(List<Reading> readings) {
        Instant latest = null;
        for (Reading r : readings) {
            if (update(r)) {
                Instant ts = Instant.ofEpochMilli(r.ts());
                latest = latest == null ? ts : later(latest, ts);
            }
        }
        return latest == null ? List.of() : tick(latest);
    }

    private boolean update(Reading r) {
        SensorLiveness l = sensors.get(r.sensor());
        if (l == null) {
            return false;
        }
        Instant ts = Instant.ofEpochMilli(r.ts());
        Instant lastAny = later(l.lastAny(), ts);
        if (r.quality().carriesValues()) {
            Instant lastGood = later(l.lastGood(), ts);
            boolean statusStillNewer = l.offlineStatus() != null && l.offlineStatus().isAfter(lastGood);
            l = new SensorLiveness(lastAny, lastGood, statusStillNewer ? l.offlineStatus() : null,
                    statusStillNewer ? l.statusMessage() : null, l.offline(), l.offlineSince());
        } else if (r.quality() == Quality.OFFLINE && ts.isAfter(l.lastGood())) {
            l = new SensorLiveness(lastAny, l.lastGood(), ts, r.message(), l.offline(), l.offlineSince());
        } else {
            l = new SensorLiveness(lastAny, l.lastGood(), l.offlineStatus(), l.statusMessage(), l.offline(),
                    l.offlineSince());
        }
        sensors.put(r.sensor(), l);
        return true;
    }

    /** Takes a gateway's status message (online/offline, e.g. its MQTT last will). */
    public List<DeadmanEvent> gatewayStatus(String gateway, Instant at, boolean online) {
        GatewayLiveness g = gateways.get(gateway);
        if (g == null) {
            return List.of();
        }
        if (!at.isBefore(g.statusAt())) {
            gateways.put(gateway, new GatewayLiveness(at, online, g.offline(), g.offlineSince()));
        }
        return tick(at);
    }

    /** Moves the rule's time to {@code t} (if later) and reports what changed. */
    public List<DeadmanEvent> tick(Instant t) {
        now = later(now, t);
        List<DeadmanEvent> out = new ArrayList<>();
        sensors.replaceAll((id, l) -> judgeSensor(id, l, out));
        gateways.replaceAll((id, g) -> judgeGateway(id, g, out));
        return out;
    }

    private SensorLiveness judgeSensor(String id, SensorLiveness l, List<DeadmanEvent> out) {
        Known k = known.get(id);
        Instant silentAt = l.lastGood().plus(k.interval());
        boolean offline = l.offlineStatus() != null || !now.isBefore(silentAt);
        if (offline && !l.offline()) {
            boolean byStatus = l.offlineStatus() != null && l.offlineStatus().isBefore(silentAt);
            Instant at = byStatus ? l.offlineStatus() : silentAt;
            String reason = byStatus ? "offline status: " + l.statusMessage()
                    : "no good reading for " + k.interval();
            out.add(new SensorOffline(id, k.gateway(), at, l.lastGood(), reason));
            return new SensorLiveness(l.lastAny(), l.lastGood(), l.offlineStatus(), l.statusMessage(), true, at);
        }
        if (!offline && l.offline()) {
            out.add(new SensorBack(id, k.gateway(), l.lastGood(), l.offlineSince()));
            return new SensorLiveness(l.lastAny(), l.lastGood(), null, null, false, null);
        }
        return l;
    }

    private GatewayLiveness judgeGateway(String id, GatewayLiveness g, List<DeadmanEvent> out) {
        Instant silentAt = g.statusAt().plus(gatewayInterval.get(id));
        Instant lastHeard = g.statusAt();
        for (String sensorId : gatewaySensors.get(id)) {
            SensorLiveness l = sensors.get(sensorId);
            silentAt = later(silentAt, l.lastAny().plus(known.get(sensorId).interval()));
            lastHeard = later(lastHeard, l.lastAny());
        }
        boolean silent = !gatewaySensors.get(id).isEmpty() && !now.isBefore(silentAt);
        boolean offline = !g.online() || silent;
        if (offline && !g.offline()) {
            Instant at = !g.online() ? g.statusAt() : silentAt;
            String reason = !g.online() ? "status offline" : "all sensors silent";
            out.add(new GatewayOffline(id, at, reason));
            return new GatewayLiveness(g.statusAt(), g.online(), true, at);
        }
        if (!offline && g.offline()) {
            out.add(new GatewayBack(id, lastHeard, g.offlineSince()));
            return new GatewayLiveness(g.statusAt(), g.online(), false, null);
        }
        return g;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
