package org.linli.cloud.ingest;

import org.influxdb.dto.BoundParameterQuery;
import org.influxdb.dto.QueryResult;
import org.linli.cloud.rules.RuleHistory;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The readings of a space as InfluxDB stores them (see the schema in the README), read back for the rules
 * to catch up: the noise and occupancy measurements of the space's sensors in a time range (the rules skip
 * the 1 s noise levels themselves). Unit and message are not needed by the rules and not rebuilt.
 */
public final class InfluxHistory implements RuleHistory {
    private static final Set<String> NOT_VALUES = Set.of("time", "site", "gateway", "sensor", "space", "grid", "quality",
            "seq", "message");

    private final InfluxWriter influx;

    public InfluxHistory(InfluxWriter influx) {
        this.influx = influx;
    }

    @Override
    public List<Reading> readings(String space, Instant from, Instant to) {
        // The times are numbers of this process (nanoseconds); the space id is bound, never spliced in.
        String q = "SELECT * FROM noise, occupancy WHERE space = $space AND time >= " + from.toEpochMilli() * 1_000_000L
                + " AND time < " + to.toEpochMilli() * 1_000_000L;
        QueryResult result = influx.query(BoundParameterQuery.QueryBuilder.newQuery(q).forDatabase(influx.database())
                .bind("space", space).create());
        if (result.hasError()) {
            if (result.getError().contains("database not found")) {
                return List.of();
            }
            throw new IllegalStateException("InfluxDB refused the history of " + space + ": " + result.getError());
        }
        List<Reading> out = new ArrayList<>();
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) {
                throw new IllegalStateException("InfluxDB refused the history of " + space + ": " + r.getError());
            }
            if (r.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series series : r.getSeries()) {
                List<String> columns = series.getColumns();
                for (List<Object> row : series.getValues()) {
                    reading(columns, row).ifPresent(out::add);
                }
            }
        }
        out.sort(Comparator.comparingLong(Reading::ts));
        return out;
    }

    /** One row as a reading; empty for a row without a sensor, time or known quality. */
    static java.util.Optional<Reading> reading(List<String> columns, List<Object> row) {
        Map<String, Double> values = new HashMap<>();
        String sensor = null;
        Long time = null;
        Quality quality = Quality.GOOD;
        for (int i = 0; i < columns.size() && i < row.size(); i++) {
            String c = columns.get(i);
            Object v = row.get(i);
            if (v == null) {
                continue;
            }
            switch (c) {
                case "time" -> time = v instanceof Number n ? n.longValue() : null;
                case "sensor" -> sensor = v.toString();
                case "quality" -> quality = quality(v.toString());
                default -> {
                    if (!NOT_VALUES.contains(c) && v instanceof Number n) {
                        values.put(c, n.doubleValue());
                    }
                }
            }
        }
        if (sensor == null || time == null || quality == null || values.isEmpty() && quality.carriesValues()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Reading(sensor, time, values, "", quality, null));
    }

    private static Quality quality(String wire) {
        for (Quality q : Quality.values()) {
            if (q.wireName().equals(wire)) {
                return q;
            }
        }
        return null;
    }
}
