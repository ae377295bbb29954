package org.linli.cloud.spaces;

import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.linli.cloud.app.InfluxSettings;
import org.linli.cloud.rules.RuleSettings;
import org.linli.config.SensorSpec;
import org.linli.config.Site;
import org.linli.config.Space;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a space's day or week from InfluxDB (measurements {@code noise} and {@code occupancy}, tag
 * {@code space}, as the ingest writes them; the same client settings as the tickets' evidence):
 * <ul>
 *   <li>noise: {@code 10·log10(mean(10^(laeq/10)))} per bucket with InfluxQL {@code GROUP BY time}, i.e. the
 *       LAeq of the bucket over all the space's sensors;</li>
 *   <li>occupancy: the readings of the range (and the one before it), turned into fractions by
 *       {@link OccupancyBuckets}, as a state holds until the next reading.</li>
 * </ul>
 * InfluxDB down is part of the answer ({@code source: unavailable}), not an error.
 */
@Singleton
public class SpaceSeries {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceSeries.class);
    /** How long an occupancy state holds without a new reading (the gateways repeat theirs well within it). */
    static final Duration HOLD = Duration.ofMinutes(15);
    /** At most this many occupancy readings per answer (a week of one change every 10 s from 5 sensors). */
    static final int MAX_READINGS = 300_000;

    private final InfluxSettings influxSettings;
    private final RuleSettings rules;
    private final Site site;
    private final Clock clock;
    private InfluxDB influx;

    public SpaceSeries(InfluxSettings influxSettings, @Nullable RuleSettings rules, Site site, Clock clock) {
        this.influxSettings = influxSettings;
        this.rules = rules == null ? RuleSettings.defaults() : rules;
        this.site = site;
        this.clock = clock;
    }

    /** The limits of {@code space} as its noise rule applies them: its own settings, else the site's, else the defaults. */
    public NoiseLimits limits(Space space) {
        return new NoiseLimits(space.noiseZone(), rules.forSpace(site.rules(), space).noise(), site.zone());
    }

    /** The series of {@code space} for {@code range}, ending now. */
    public SeriesView series(Space space, SeriesRange range) {
        Instant to = range.to(clock.instant());
        Instant from = range.from(clock.instant());
        NoiseLimits limits = limits(space);
        boolean hasNoise = has(space, "noise");
        boolean hasOccupancy = has(space, "occupancy");
        List<SeriesView.Point> noise = List.of();
        List<SeriesView.Point> occupancy = List.of();
        String source = "ok";
        String note = null;
        try {
            if (hasNoise) {
                noise = noise(space.id(), from, to, range);
            }
            if (hasOccupancy) {
                occupancy = OccupancyBuckets.of(occupancy(space.id(), from, to), from, to, range.bucket(), HOLD).stream()
                        .map(b -> new SeriesView.Point(b.start().toEpochMilli(), b.fraction())).toList();
            }
        } catch (RuntimeException e) {
            LOG.warn("series of space {}: InfluxDB at {} could not be asked: {}", space.id(), influxSettings.url(), e.toString());
            source = "unavailable";
            note = "InfluxDB unavailable: " + e.getMessage();
        }
        List<SeriesView.Point> limit = limits.line(from, to).stream().map(p -> new SeriesView.Point((long) p[0], p[1])).toList();
        RuleSettings.Noise n = limits.settings();
        return new SeriesView(space.id(), space.name(), space.grid(), range.name().toLowerCase(java.util.Locale.ROOT),
                from.toEpochMilli(), to.toEpochMilli(), (int) range.bucket().toMinutes(), site.zone().getId(),
                space.noiseZone().code(), space.noiseZone().dayLimitDb(), space.noiseZone().nightLimitDb(),
                n.dayStart().toString(), n.nightStart().toString(), n.boundaryCapDb(), hasNoise, hasOccupancy, source, note,
                noise, limit, occupancy);
    }

    private boolean has(Space space, String measurement) {
        return site.gateways().stream().flatMap(g -> g.sensors().stream())
                .anyMatch(s -> space.id().equals(s.space()) && measurement.equals(s.kind().measurement()));
    }

    private List<SeriesView.Point> noise(String space, Instant from, Instant to, SeriesRange range) {
        String where = "WHERE \"space\" = '" + literal(space) + "' AND time >= '" + from + "' AND time < '" + to + "'";
        String q = "SELECT 10*LOG10(MEAN(\"e\")) AS \"laeq\" FROM (SELECT POW(10, \"laeq\"/10) AS \"e\" FROM \"noise\" " + where
                + ") WHERE time >= '" + from + "' AND time < '" + to + "' GROUP BY time(" + range.influxBucket() + ") fill(none)";
        List<SeriesView.Point> out = new ArrayList<>();
        for (List<Object> row : rows(q)) {
            Object v = row.get(1);
            out.add(new SeriesView.Point(Instant.parse(String.valueOf(row.get(0))).toEpochMilli(),
                    v instanceof Number num ? Math.round(num.doubleValue() * 10) / 10.0 : null));
        }
        return out;
    }

    private List<OccupancyBuckets.Reading> occupancy(String space, Instant from, Instant to) {
        String s = literal(space);
        List<OccupancyBuckets.Reading> out = new ArrayList<>();
        // each sensor's last reading before the range, so a state reported earlier still counts at its start
        String before = "SELECT LAST(\"occupied\") FROM \"occupancy\" WHERE \"space\" = '" + s + "' AND time < '" + from
                + "' AND time >= '" + from.minus(HOLD) + "' GROUP BY \"sensor\"";
        String within = "SELECT \"occupied\", \"sensor\" FROM \"occupancy\" WHERE \"space\" = '" + s + "' AND time >= '" + from
                + "' AND time < '" + to + "' ORDER BY time ASC LIMIT " + MAX_READINGS;
        for (QueryResult.Series series : series(before)) {
            String sensor = series.getTags() == null ? "?" : series.getTags().getOrDefault("sensor", "?");
            for (List<Object> row : series.getValues()) {
                add(out, sensor, row.get(0), row.get(1));
            }
        }
        for (QueryResult.Series series : series(within)) {
            for (List<Object> row : series.getValues()) {
                add(out, row.get(2) == null ? "?" : row.get(2).toString(), row.get(0), row.get(1));
            }
        }
        return out;
    }

    private static void add(List<OccupancyBuckets.Reading> out, String sensor, Object time, Object value) {
        if (time != null && value instanceof Number n) {
            out.add(new OccupancyBuckets.Reading(sensor, Instant.parse(time.toString()), n.doubleValue() >= 0.5));
        }
    }

    private List<List<Object>> rows(String q) {
        List<List<Object>> out = new ArrayList<>();
        for (QueryResult.Series s : series(q)) {
            out.addAll(s.getValues());
        }
        return out;
    }

    private List<QueryResult.Series> series(String q) {
        QueryResult result = influx().query(new Query(q, influxSettings.database()));
        if (result.hasError()) {
            throw new IllegalStateException(result.getError());
        }
        List<QueryResult.Series> out = new ArrayList<>();
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) {
                if (r.getError().contains("database not found")) {
                    return List.of();
                }
                throw new IllegalStateException(r.getError());
            }
            if (r.getSeries() != null) {
                out.addAll(r.getSeries());
            }
        }
        return out;
    }

    private static String literal(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }

    private synchronized InfluxDB influx() {
        if (influx == null) {
            influx = influxSettings.connect(Duration.ofSeconds(2), Duration.ofSeconds(20));
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
