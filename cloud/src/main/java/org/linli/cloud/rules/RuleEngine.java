package org.linli.cloud.rules;

import org.linli.config.GatewaySpec;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;
import org.linli.config.Site;
import org.linli.config.Space;
import org.linli.wire.Reading;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * All rules of one site, fed by the ingest: routes each reading to the rules of its sensor's space,
 * advances time and collects what they decide.
 *
 * <p>Partitioned per space: each space has its own {@link NoiseRule} (if it has a noise zone and noise
 * sensors) and {@link EncroachmentRule} (if its kind is watched and it has occupancy sensors); the
 * site has one {@link DeadmanRule}. A reading goes to the rules of its sensor's space (by the site
 * inventory) and to the deadman rule; readings of unknown sensors are ignored.
 *
 * <p>Settings per space: the engine's settings overridden by the site inventory's site-wide
 * {@code rules:} block, then by the space's own ({@link RuleSettings#forSpace}).
 *
 * <p>Time: readings bring event time (their source timestamps). {@link #tick} brings processing time:
 * the deadman rule takes it as it is (silence has no events), and the space rules are advanced to
 * {@code now - idleLag}, so an episode ends and a dwell runs out although no reading came, while a
 * gateway's backlog younger than {@code idleLag} still counts when it arrives.
 *
 * <p>Not thread-safe: the ingest worker's one thread calls it. {@link #snapshot()} and
 * {@link #restore} give the same decisions afterwards as an uninterrupted run (except that the deadman
 * rule does not count the time the cloud was away as the devices' silence); {@link #changed()} says
 * what changed since the last call, so that only that is saved.
 *
 * <p>Settings changed between a save and a restore (the site file was edited, the cloud restarted): the
 * saved state is kept and the new settings apply from the restore on. A noise rule keeps its judged
 * minutes; a shorter window drops the older ones with the next judged minute, a longer one fills from
 * then on; a loud run counts towards the new {@code startAfter}, an open episode ends by the new
 * {@code endAfter}. An encroachment keeps its occupied time: if that already reaches a shorter new dwell
 * (or confirm, or cooldown), the step happens at the first moment after the restore, never in the past.
 * A space no longer watched (a dwell removed) drops its saved state; a newly watched one starts fresh.
 */
public final class RuleEngine {
    private static final Set<SensorKind> NOISE = EnumSet.of(SensorKind.NOISE_MODULE, SensorKind.SOUND_LEVEL_METER);
    private static final Set<SensorKind> OCCUPANCY = EnumSet.of(SensorKind.PIR, SensorKind.PRESENCE, SensorKind.PARKING);

    private final Site site;
    private final RuleSettings settings;
    private final Duration idleLag;
    private final Map<String, RuleSettings> spaceSettings = new HashMap<>();
    private final Map<String, SensorSpec> sensors = new HashMap<>();
    private final Map<String, NoiseRule> noise = new TreeMap<>();
    private final Map<String, EncroachmentRule> encroachment = new TreeMap<>();
    private DeadmanRule deadman;
    private final Set<String> changedNoise = new TreeSet<>();
    private final Set<String> changedEncroachment = new TreeSet<>();
    private boolean changedDeadman;

    /**
     * @param site     spaces, gateways and sensors
     * @param settings the rules' settings
     * @param idleLag  how far behind processing time a {@link #tick} moves the space rules' event time
     * @param start    processing time now
     */
    public RuleEngine(Site site, RuleSettings settings, Duration idleLag, Instant start) {
        this(site, settings, idleLag, RuleState.empty(), start);
    }

    private RuleEngine(Site site, RuleSettings settings, Duration idleLag, RuleState state, Instant start) {
        this.site = Objects.requireNonNull(site, "site");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.idleLag = Objects.requireNonNull(idleLag, "idleLag");
        Map<String, Set<String>> noiseSensors = new HashMap<>();
        Map<String, Set<String>> occupancySensors = new HashMap<>();
        for (GatewaySpec g : site.gateways()) {
            for (SensorSpec s : g.sensors()) {
                sensors.put(s.id(), s);
                if (NOISE.contains(s.kind())) {
                    noiseSensors.computeIfAbsent(s.space(), k -> new HashSet<>()).add(s.id());
                } else if (OCCUPANCY.contains(s.kind())) {
                    occupancySensors.computeIfAbsent(s.space(), k -> new HashSet<>()).add(s.id());
                }
            }
        }
        for (Space space : site.spaces()) {
            RuleSettings own = settings.forSpace(site.rules(), space);
            spaceSettings.put(space.id(), own);
            if (space.noiseZone() != null && noiseSensors.containsKey(space.id())) {
                NoiseSnapshot saved = state.noise().get(space.id());
                noise.put(space.id(), saved == null ? new NoiseRule(space, site.zone(), own.noise())
                        : NoiseRule.restore(space, site.zone(), own.noise(), saved));
            }
            Set<String> occupancy = occupancySensors.get(space.id());
            if (occupancy != null && EncroachmentRule.watches(space, own.encroachment())) {
                EncroachmentSnapshot saved = state.encroachment().get(space.id());
                encroachment.put(space.id(), saved == null
                        ? new EncroachmentRule(space, occupancy, site.zone(), own.encroachment())
                        : EncroachmentRule.restore(space, occupancy, site.zone(), own.encroachment(), saved));
            }
        }
        deadman = state.deadman() == null ? new DeadmanRule(site, settings.deadman(), start)
                : DeadmanRule.resume(site, settings.deadman(), state.deadman(), start);
    }

    /**
     * An engine in the state of {@code state} (as saved from an engine of the same site), resumed at
     * {@code start}. Spaces without saved state start fresh; saved state of spaces the site no longer
     * has is dropped.
     */
    public static RuleEngine restore(Site site, RuleSettings settings, Duration idleLag, RuleState state, Instant start) {
        return new RuleEngine(site, settings, idleLag, state, start);
    }

    /** Takes the readings of one accepted batch, in order. */
    public RuleEvents accept(List<Reading> readings) {
        List<NoiseEvent> n = new ArrayList<>();
        List<EncroachmentEvent> e = new ArrayList<>();
        for (Reading r : readings) {
            SensorSpec sensor = sensors.get(r.sensor());
            if (sensor == null) {
                continue;
            }
            if (NOISE.contains(sensor.kind())) {
                NoiseRule rule = noise.get(sensor.space());
                if (rule != null) {
                    NoiseMinute.of(r).ifPresent(m -> {
                        n.addAll(rule.accept(m));
                        changedNoise.add(sensor.space());
                    });
                }
            } else if (OCCUPANCY.contains(sensor.kind())) {
                EncroachmentRule rule = encroachment.get(sensor.space());
                if (rule != null) {
                    e.addAll(rule.accept(r));
                    changedEncroachment.add(sensor.space());
                }
            }
        }
        List<DeadmanEvent> d = deadman.acceptAll(readings);
        changedDeadman = true;
        return new RuleEvents(n, e, d);
    }

    /** A gateway's status (online/offline) at {@code at}. */
    public RuleEvents gatewayStatus(String gateway, Instant at, boolean online) {
        changedDeadman = true;
        return new RuleEvents(List.of(), List.of(), deadman.gatewayStatus(gateway, at, online));
    }

    /** Processing time has reached {@code now}. */
    public RuleEvents tick(Instant now) {
        Instant eventTime = now.minus(idleLag);
        List<NoiseEvent> n = new ArrayList<>();
        noise.forEach((space, rule) -> {
            List<NoiseEvent> out = rule.advanceTo(eventTime);
            if (!out.isEmpty()) {
                n.addAll(out);
                changedNoise.add(space);
            }
        });
        List<EncroachmentEvent> e = new ArrayList<>();
        encroachment.forEach((space, rule) -> {
            List<EncroachmentEvent> out = rule.advanceTo(eventTime);
            e.addAll(out);
            changedEncroachment.add(space);
        });
        List<DeadmanEvent> d = deadman.tick(now);
        changedDeadman = true;
        return new RuleEvents(n, e, d);
    }

    /** Every rule's state. */
    public RuleState snapshot() {
        Map<String, NoiseSnapshot> n = new LinkedHashMap<>();
        noise.forEach((space, rule) -> n.put(space, rule.snapshot()));
        Map<String, EncroachmentSnapshot> e = new LinkedHashMap<>();
        encroachment.forEach((space, rule) -> e.put(space, rule.snapshot()));
        return new RuleState(n, e, deadman.snapshot());
    }

    /** The state of the rules that took input since the last call (or since the start), and forgets which. */
    public RuleState changed() {
        return changed(true);
    }

    /**
     * Like {@link #changed()}; without the deadman rule unless {@code withDeadman} (its snapshot holds
     * every sensor of the site, and it takes every reading: it is left marked changed for a later call).
     */
    public RuleState changed(boolean withDeadman) {
        Map<String, NoiseSnapshot> n = new LinkedHashMap<>();
        changedNoise.forEach(space -> n.put(space, noise.get(space).snapshot()));
        Map<String, EncroachmentSnapshot> e = new LinkedHashMap<>();
        changedEncroachment.forEach(space -> e.put(space, encroachment.get(space).snapshot()));
        boolean dead = withDeadman && changedDeadman;
        RuleState out = new RuleState(n, e, dead ? deadman.snapshot() : null);
        changedNoise.clear();
        changedEncroachment.clear();
        if (withDeadman) {
            changedDeadman = false;
        }
        return out;
    }

    /** The spaces with a noise rule. */
    public Set<String> noiseSpaces() {
        return Set.copyOf(noise.keySet());
    }

    /** The spaces with an encroachment rule. */
    public Set<String> encroachmentSpaces() {
        return Set.copyOf(encroachment.keySet());
    }

    /** The site. */
    public Site site() {
        return site;
    }

    /** The settings before the site inventory's local rules (the defaults of every space). */
    public RuleSettings settings() {
        return settings;
    }

    /**
     * The settings the rules of {@code spaceId} apply: {@link #settings()} with the site's and the space's
     * local rules.
     *
     * @throws IllegalArgumentException for a space the site does not have
     */
    public RuleSettings settings(String spaceId) {
        RuleSettings own = spaceSettings.get(spaceId);
        if (own == null) {
            throw new IllegalArgumentException("no space " + spaceId + " in site " + site.id());
        }
        return own;
    }
}
