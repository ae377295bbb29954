package org.linli.cloud.tickets;

import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.linli.cloud.app.InfluxSettings;
import org.linli.cloud.rules.RuleSettings;
import org.linli.config.Site;
import org.linli.config.Space;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a ticket's {@link Evidence}: the space's readings from InfluxDB (measurement {@code noise} or
 * {@code occupancy}, tag {@code space}) from {@code evidence-before} before the episode to
 * {@code evidence-after} after it, the thresholds and the sensors. InfluxDB down is part of the answer
 * ({@code series: unavailable} with the reason), not an error: the rest of the pack still helps.
 */
@Singleton
public class EvidenceBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceBuilder.class);
    /** At most this many points in a pack: 1 h of 1 s readings of one sensor. */
    private static final int MAX_POINTS = 3600;
    private static final Set<String> TAGS = Set.of("time", "sensor", "site", "gateway", "space", "grid");

    private final InfluxSettings influxSettings;
    private final RuleSettings rules;
    private final boolean ruleDefaults;
    private final TicketSettings settings;
    private final Site site;
    private final Routing routing;
    private final TicketService service;
    private InfluxDB influx;

    public EvidenceBuilder(InfluxSettings influxSettings, @Nullable RuleSettings rules, TicketSettings settings, Site site,
                           Routing routing, TicketService service) {
        this.influxSettings = influxSettings;
        this.rules = rules == null ? RuleSettings.defaults() : rules;
        this.ruleDefaults = rules == null;
        this.settings = settings;
        this.site = site;
        this.routing = routing;
        this.service = service;
    }

    /** The pack of {@code t}, now. */
    public Evidence build(Ticket t) {
        Space space = site.space(t.space()).orElse(null);
        String measurement = switch (t.kind()) {
            case NOISE -> "noise";
            case ENCROACHMENT -> "occupancy";
            default -> null;
        };
        Instant from = null;
        Instant to = null;
        String series = "none";
        String note = measurement == null ? "no series for " + t.kind() + " tickets" : null;
        List<Evidence.Point> points = List.of();
        if (measurement != null) {
            Instant start = t.episodeStart() != null ? t.episodeStart() : t.filedAt();
            Instant end = t.episodeEnd() != null ? t.episodeEnd() : service.now();
            from = start.minus(settings.evidenceBefore());
            to = end.plus(settings.evidenceAfter());
            try {
                points = query(measurement, t.space(), from, to);
                series = "ok";
                note = points.size() == MAX_POINTS ? "cut to the first " + MAX_POINTS + " points" : null;
            } catch (RuntimeException e) {
                LOG.warn("evidence of ticket #{}: InfluxDB at {} could not be asked: {}", t.id(), influxSettings.url(), e.toString());
                series = "unavailable";
                note = "InfluxDB unavailable: " + e.getMessage();
            }
        }
        return new Evidence(t.id(), t.kind().name(), t.space(), space == null ? t.space() : space.name(), t.grid(),
                TicketViews.iso(t.episodeStart()), TicketViews.iso(t.episodeEnd()), t.peakDb(), t.laeqDb(), series, note,
                measurement, TicketViews.iso(from), TicketViews.iso(to), points, thresholds(t, space),
                space == null ? List.of() : TicketViews.SpaceView.of(space, site, routing).sensors());
    }

    /** The settings the space's rules apply: the base settings with the site's and the space's local rules. */
    private Evidence.Thresholds thresholds(Ticket t, Space space) {
        RuleSettings own = space == null ? rules : rules.forSpace(site.rules(), space);
        String source = space == null ? (ruleDefaults ? "defaults" : "rule settings")
                : switch (RuleSettings.source(site.rules(), space)) {
                    case "space" -> "space rules";
                    case "site" -> "site rules";
                    default -> ruleDefaults ? "defaults" : "rule settings";
                };
        String zone = space == null ? "?" : space.noiseZone().code();
        int day = space == null ? 0 : space.noiseZone().dayLimitDb();
        int night = space == null ? 0 : space.noiseZone().nightLimitDb();
        RuleSettings.Noise n = own.noise();
        if (t.kind() == TicketKind.NOISE) {
            return new Evidence.Thresholds(source, zone, day, night, t.limitDb(), n.marginDb(), n.boundaryCapDb(),
                    n.endTime() == null ? null : n.endTime().toString(), n.dayStart().toString(), n.nightStart().toString(),
                    n.window().toMinutes(), n.startAfter().toMinutes(), n.endAfter().toMinutes(), n.emergenceDb(),
                    null, null, null);
        }
        RuleSettings.Encroachment e = own.encroachment();
        Duration dwell = space == null ? null : e.dwell().get(space.kind());
        return new Evidence.Thresholds(source, zone, day, night, null, null, null, null, null, null, null, null, null,
                null, dwell == null ? null : dwell.toMinutes(), e.confirm().toMinutes(), e.cooldown().toMinutes());
    }

    private List<Evidence.Point> query(String measurement, String space, Instant from, Instant to) {
        String q = "SELECT * FROM \"" + measurement + "\" WHERE \"space\" = '" + space.replace("\\", "\\\\").replace("'", "\\'")
                + "' AND time >= '" + from + "' AND time <= '" + to + "' ORDER BY time ASC LIMIT " + MAX_POINTS;
        QueryResult result = influx().query(new Query(q, influxSettings.database()));
        if (result.hasError()) {
            throw new IllegalStateException(result.getError());
        }
        List<Evidence.Point> points = new ArrayList<>();
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) {
                if (r.getError().contains("database not found")) {
                    return List.of();
                }
                throw new IllegalStateException(r.getError());
            }
            if (r.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series s : r.getSeries()) {
                List<String> cols = s.getColumns();
                for (List<Object> row : s.getValues()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    String time = null;
                    String sensor = null;
                    for (int i = 0; i < cols.size(); i++) {
                        String c = cols.get(i);
                        Object v = row.get(i);
                        if (c.equals("time")) {
                            time = String.valueOf(v);
                        } else if (c.equals("sensor")) {
                            sensor = v == null ? null : v.toString();
                        } else if (!TAGS.contains(c) && v != null) {
                            values.put(c, v);
                        }
                    }
                    points.add(new Evidence.Point(time, sensor, values));
                }
            }
        }
        return points;
    }

    private synchronized InfluxDB influx() {
        if (influx == null) {
            influx = influxSettings.connect(Duration.ofSeconds(2), Duration.ofSeconds(10));
        }
        return influx;
    }

    @PreDestroy
    synchronized void close() {
        if (influx != null) {
            influx.close();
            influx = null;
        }
    }
}
