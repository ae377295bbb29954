package org.linli.cloud.ingest;

/**
 * InfluxDB refused points as invalid (a field type conflict, points beyond the retention policy, a
 * line it cannot parse): writing the same points again can never succeed, so they are not retried.
 */
public final class PointsRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PointsRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
