package org.linli.cloud.rules;

import org.linli.config.GatewaySpec;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;
import org.linli.config.Site;
import org.linli.config.Space;
import org.linli.wire.Reading;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
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
    /** The scope of a site's deadman rule (see {@link #scopes()}). */
    public static final String DEADMAN = "deadman";
    /** Readings of a space kept for a take at most (the oldest go first). */
    static final int PARKED_PER_SPACE = 2_000;
    /** Readings of a space kept for a take at most this far behind its newest, in event time. */
    static final Duration PARKED_SPAN = Duration.ofMinutes(30);

    private final Map<String, RuleSettings> spaceSettings = new HashMap<>();
    private final Map<String, SensorSpec> sensors = new HashMap<>();
    private final Map<String, NoiseRule> noise = new TreeMap<>();
    private final Map<String, EncroachmentRule> encroachment = new TreeMap<>();
    private DeadmanRule deadman;
    /** Per space: the ids of its occupancy sensors (for rebuilding its encroachment rule). */
    private final Map<String, Set<String>> occupancySensors = new HashMap<>();
    /** The scopes this engine runs: all of them, or this instance's share (see {@link #owningNothing}). */
    private final Set<String> owned = new TreeSet<>();
    /** Readings of space scopes not owned, for the owner-to-be: see {@link #take}. */
    private final Map<String, ArrayDeque<Reading>> parked = new HashMap<>();
    private final Map<String, Long> parkedNewest = new HashMap<>();
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
        owned.addAll(scopes());
    }

    /**
     * An engine of the site that runs no scope yet: one cloud instance among several, which {@link #take}s
     * its share. Readings of the spaces it does not run are parked a while, so a scope taken over gets
     * what arrived before the take.
     */
    public static RuleEngine owningNothing(Site site, RuleSettings settings, Duration idleLag, Instant start) {
        RuleEngine engine = new RuleEngine(site, settings, idleLag, RuleState.empty(), start);
        engine.owned.clear();
        return engine;
    }

    /** The scope of a space's rules. */
    public static String spaceScope(String space) {
        return "space:" + space;
    }

    /**
     * Every scope of the site: {@code space:<id>} for each space with a rule (its noise and encroachment
     * rules go together) and {@link #DEADMAN} for the site's deadman rule. A scope runs on one instance.
     */
    public Set<String> scopes() {
        Set<String> all = new TreeSet<>();
        noise.keySet().forEach(s -> all.add(spaceScope(s)));
        encroachment.keySet().forEach(s -> all.add(spaceScope(s)));
        all.add(DEADMAN);
        return all;
    }

    /** The scopes this engine runs. */
    public Set<String> owned() {
        return Set.copyOf(owned);
    }

    /** The part of {@code state} that belongs to {@code scope}. */
    public static RuleState part(RuleState state, String scope) {
        if (DEADMAN.equals(scope)) {
            return new RuleState(Map.of(), Map.of(), state.deadman());
        }
        String space = scope.substring("space:".length());
        NoiseSnapshot n = state.noise().get(space);
        EncroachmentSnapshot e = state.encroachment().get(space);
        return new RuleState(n == null ? Map.of() : Map.of(space, n), e == null ? Map.of() : Map.of(space, e), null);
    }

    /**
     * Starts running {@code scope} from {@code saved} (its part of the saved state; empty: fresh), resumed at
     * {@code now}; returns what the replay decided.
     *
     * @see #take(String, RuleState, Instant, List)
     */
    public RuleEvents take(String scope, RuleState saved, Instant now) {
        return take(scope, saved, now, List.of());
    }

    /**
     * Starts running {@code scope} from {@code saved} (its part of the saved state; empty: fresh), resumed at
     * {@code now}, and replays into it, in time order and once each, the readings parked for it and
     * {@code history} (the stored readings since {@link #savedUpTo}); readings older than the restored
     * state's event time are ignored. Returns what the replay decided.
     */
    public RuleEvents take(String scope, RuleState saved, Instant now, List<Reading> history) {
        if (!scopes().contains(scope) || owned.contains(scope)) {
            return RuleEvents.none();
        }
        owned.add(scope);
        if (DEADMAN.equals(scope)) {
            deadman = saved.deadman() == null ? new DeadmanRule(site, settings.deadman(), now)
                    : DeadmanRule.resume(site, settings.deadman(), saved.deadman(), now);
            changedDeadman = true;
            return RuleEvents.none();
        }
        String id = scope.substring("space:".length());
        Space space = site.spaces().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        RuleSettings own = spaceSettings.get(id);
        if (noise.containsKey(id)) {
            NoiseSnapshot n = saved.noise().get(id);
            noise.put(id, n == null ? new NoiseRule(space, site.zone(), own.noise())
                    : NoiseRule.restore(space, site.zone(), own.noise(), n));
            changedNoise.add(id);
        }
        Instant encroachmentClock = null;
        if (encroachment.containsKey(id)) {
            EncroachmentSnapshot e = saved.encroachment().get(id);
            Set<String> occupancy = occupancySensors.get(id);
            encroachment.put(id, e == null ? new EncroachmentRule(space, occupancy, site.zone(), own.encroachment())
                    : EncroachmentRule.restore(space, occupancy, site.zone(), own.encroachment(), e));
            encroachmentClock = e == null ? null : e.clock();
            changedEncroachment.add(id);
        }
        List<Reading> replay = new ArrayList<>();
        Set<String> once = new HashSet<>();
        ArrayDeque<Reading> backlog = parked.remove(id);
        parkedNewest.remove(id);
        if (backlog != null) {
            for (Reading r : backlog) {
                if (once.add(r.sensor() + '@' + r.ts())) {
                    replay.add(r);
                }
            }
        }
        for (Reading r : history) {
            SensorSpec sensor = sensors.get(r.sensor());
            if (sensor != null && id.equals(sensor.space()) && once.add(r.sensor() + '@' + r.ts())) {
                replay.add(r);
            }
        }
        replay.sort(Comparator.comparingLong(Reading::ts));
        List<NoiseEvent> n = new ArrayList<>();
        List<EncroachmentEvent> e = new ArrayList<>();
        for (Reading r : replay) {
            // The noise rule ignores minutes it judged already; the encroachment rule is told only what is
            // newer than its clock (an older reading would take effect at its clock).
            boolean occupancy = OCCUPANCY.contains(sensors.get(r.sensor()).kind());
            if (!occupancy || encroachmentClock == null || !Instant.ofEpochMilli(r.ts()).isBefore(encroachmentClock)) {
                feed(r, n, e);
            }
        }
        return new RuleEvents(n, e, List.of());
    }

    /**
     * The event time up to which {@code part} (a space scope's saved state) has taken readings: the noise
     * rule's first minute not yet judged and the encroachment rule's clock, the earlier. Null when nothing
     * is saved, and for the deadman scope.
     */
    public static Instant savedUpTo(RuleState part) {
        Instant t = null;
        for (NoiseSnapshot n : part.noise().values()) {
            Instant x = n.nextMinute() != null ? n.nextMinute() : n.watermark();
            t = x == null ? t : t == null || x.isBefore(t) ? x : t;
        }
        for (EncroachmentSnapshot e : part.encroachment().values()) {
            Instant x = e.clock();
            t = x == null ? t : t == null || x.isBefore(t) ? x : t;
        }
        return t;
    }

    /**
     * Stops running {@code scope}: returns its state (to save) and forgets it. Its rules start fresh
     * should it be taken again.
     */
    public RuleState release(String scope) {
        if (!owned.remove(scope)) {
            return RuleState.empty();
        }
        RuleState state = part(snapshotAll(), scope);
        if (DEADMAN.equals(scope)) {
            changedDeadman = false;
            return state;
        }
        String id = scope.substring("space:".length());
        changedNoise.remove(id);
        changedEncroachment.remove(id);
        return state;
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
            feed(r, n, e);
        }
        if (!owned.contains(DEADMAN)) {
            return new RuleEvents(n, e, List.of());
        }
        List<DeadmanEvent> d = deadman.acceptAll(readings);
        changedDeadman = true;
        return new RuleEvents(n, e, d);
    }

    /** One reading to the rules of its sensor's space, or parked when this engine does not run that space. */
    private void feed(Reading r, List<NoiseEvent> n, List<EncroachmentEvent> e) {
        SensorSpec sensor = sensors.get(r.sensor());
        if (sensor == null) {
            return;
        }
        if (NOISE.contains(sensor.kind())) {
            NoiseRule rule = noise.get(sensor.space());
            if (rule != null) {
                NoiseMinute.of(r).ifPresent(m -> {
                    if (!owned.contains(spaceScope(sensor.space()))) {
                        park(sensor.space(), r);
                        return;
                    }
                    n.addAll(rule.accept(m));
                    changedNoise.add(sensor.space());
                });
            }
        } else if (OCCUPANCY.contains(sensor.kind())) {
            EncroachmentRule rule = encroachment.get(sensor.space());
            if (rule != null) {
                if (!owned.contains(spaceScope(sensor.space()))) {
                    park(sensor.space(), r);
                    return;
                }
                e.addAll(rule.accept(r));
                changedEncroachment.add(sensor.space());
            }
        }
    }

    private void park(String space, Reading r) {
        ArrayDeque<Reading> q = parked.computeIfAbsent(space, k -> new ArrayDeque<>());
        q.addLast(r);
        long newest = parkedNewest.merge(space, r.ts(), Math::max);
        long oldestKept = newest - PARKED_SPAN.toMillis();
        // Readings come about in time order: the oldest are at the head (a late one stays until it is).
        while (!q.isEmpty() && (q.size() > PARKED_PER_SPACE || q.peekFirst().ts() < oldestKept)) {
            q.removeFirst();
        }
    }

    /** A gateway's status (online/offline) at {@code at}. */
    public RuleEvents gatewayStatus(String gateway, Instant at, boolean online) {
        if (!owned.contains(DEADMAN)) {
            return RuleEvents.none();
        }
        changedDeadman = true;
        return new RuleEvents(List.of(), List.of(), deadman.gatewayStatus(gateway, at, online));
    }

    /** Processing time has reached {@code now}. */
    public RuleEvents tick(Instant now) {
        Instant eventTime = now.minus(idleLag);
        List<NoiseEvent> n = new ArrayList<>();
        noise.forEach((space, rule) -> {
            if (!owned.contains(spaceScope(space))) {
                return;
            }
            List<NoiseEvent> out = rule.advanceTo(eventTime);
            if (!out.isEmpty()) {
                n.addAll(out);
                changedNoise.add(space);
            }
        });
        List<EncroachmentEvent> e = new ArrayList<>();
        encroachment.forEach((space, rule) -> {
            if (!owned.contains(spaceScope(space))) {
                return;
            }
            List<EncroachmentEvent> out = rule.advanceTo(eventTime);
            e.addAll(out);
            changedEncroachment.add(space);
        });
        if (!owned.contains(DEADMAN)) {
            return new RuleEvents(n, e, List.of());
        }
        List<DeadmanEvent> d = deadman.tick(now);
        changedDeadman = true;
        return new RuleEvents(n, e, d);
    }

    /** The state of every rule this engine runs. */
    public RuleState snapshot() {
        Map<String, NoiseSnapshot> n = new LinkedHashMap<>();
        noise.forEach((space, rule) -> {
            if (owned.contains(spaceScope(space))) {
                n.put(space, rule.snapshot());
            }
        });
        Map<String, EncroachmentSnapshot> e = new LinkedHashMap<>();
        encroachment.forEach((space, rule) -> {
            if (owned.contains(spaceScope(space))) {
                e.put(space, rule.snapshot());
            }
        });
        return new RuleState(n, e, owned.contains(DEADMAN) ? deadman.snapshot() : null);
    }

    private RuleState snapshotAll() {
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
