package org.linli.cloud.ingest;

import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes to InfluxDB 1.x over its HTTP API, synchronously: line protocol that the {@link SpoolDrainer}
 * collected from many MQTT batches in one request ({@link #writeLines}), millisecond precision, the
 * database's default retention policy, gzip when the client has it enabled. Creates the database when
 * it is missing, at start-up and again before a write if that failed then.
 */
public final class InfluxWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);

    private final InfluxDB influx;
    private final String database;
    private volatile boolean databaseReady;

    /**
     * @param influx   a connected client; closed by {@link #close()}
     * @param database the database to write to; created if missing
     */
    public InfluxWriter(InfluxDB influx, String database) {
        this.influx = influx;
        this.database = database;
    }

    /**
     * Creates the database if it is missing. {@code CREATE DATABASE} changes nothing when it exists.
     *
     * @throws RuntimeException when InfluxDB cannot be reached or refuses
     */
    public void ensureDatabase() {
        QueryResult result = influx.query(new Query("CREATE DATABASE \"" + database + "\"", null, true));
        if (result.hasError()) {
            throw new IllegalStateException("InfluxDB refused to create database " + database + ": " + result.getError());
        }
        if (!databaseReady) {
            LOG.info("InfluxDB database {} is ready", database);
        }
        databaseReady = true;
    }

    /** Like {@link #ensureDatabase()}, but only logs when InfluxDB is not there yet: the first write tries again. */
    public void tryEnsureDatabase() {
        try {
            ensureDatabase();
        } catch (RuntimeException e) {
            LOG.warn("InfluxDB not ready, database {} will be created before the first write: {}", database, e.toString());
        }
    }

    /**
     * Writes {@code points} in one request; nothing when the list is empty.
     *
     * @throws PointsRefusedException when InfluxDB refuses the points themselves: do not retry
     * @throws RuntimeException       when InfluxDB cannot be reached or fails otherwise: worth a retry
     */
    public void write(List<ReadingPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        if (!databaseReady) {
            ensureDatabase();
        }
        BatchPoints.Builder batch = BatchPoints.database(database).precision(TimeUnit.MILLISECONDS);
        for (ReadingPoint p : points) {
            batch.point(toPoint(p));
        }
        try {
            influx.write(batch.build());
        } catch (InfluxDBException.DatabaseNotFoundException e) {
            // Dropped while we ran: create it again before the retry.
            databaseReady = false;
            throw e;
        } catch (InfluxDBException e) {
            if (refusesThePoints(e)) {
                throw new PointsRefusedException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Writes newline-separated line protocol (precision ms) in one request; nothing when it is blank.
     *
     * @throws PointsRefusedException when InfluxDB refuses the points themselves: do not retry
     * @throws RuntimeException       when InfluxDB cannot be reached or fails otherwise: worth a retry
     */
    public void writeLines(String lines) {
        if (lines.isBlank()) {
            return;
        }
        if (!databaseReady) {
            ensureDatabase();
        }
        try {
            influx.write(database, "", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
        } catch (InfluxDBException.DatabaseNotFoundException e) {
            databaseReady = false;
            throw e;
        } catch (InfluxDBException e) {
            if (refusesThePoints(e)) {
                throw new PointsRefusedException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Whether InfluxDB refused the points themselves, so that the same write can never succeed: a field
     * type conflict, points beyond the retention policy, a line it cannot parse, or any other
     * {@code partial write} (InfluxDB 1.x answers 400 for those).
     */
    static boolean refusesThePoints(InfluxDBException e) {
        if (e instanceof InfluxDBException.FieldTypeConflictException
                || e instanceof InfluxDBException.PointsBeyondRetentionPolicyException
                || e instanceof InfluxDBException.UnableToParseException) {
            return true;
        }
        return e.getMessage() != null && e.getMessage().startsWith("partial write");
    }

    /** True when InfluxDB answers its ping. */
    public boolean ping() {
        try {
            return influx.ping().isGood();
        } catch (RuntimeException e) {
            LOG.debug("InfluxDB ping failed", e);
            return false;
        }
    }

    public String database() {
        return database;
    }

    /** Runs an InfluxQL query on the database, times in epoch milliseconds. */
    org.influxdb.dto.QueryResult query(org.influxdb.dto.Query query) {
        return influx.query(query, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        influx.close();
    }

    static Point toPoint(ReadingPoint p) {
        Point.Builder b = Point.measurement(p.measurement()).time(p.time(), TimeUnit.MILLISECONDS).tag(p.tags());
        for (Map.Entry<String, Object> f : p.fields().entrySet()) {
            Object v = f.getValue();
            if (v instanceof Double d) {
                b.addField(f.getKey(), d.doubleValue());
            } else if (v instanceof Long l) {
                b.addField(f.getKey(), l.longValue());
            } else {
                b.addField(f.getKey(), String.valueOf(v));
            }
        }
        return b.build();
    }
}
