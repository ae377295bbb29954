package org.linli.cloud.spaces;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The fraction of time a space was occupied in each bucket, from its occupancy sensors' readings. A
 * gateway reports a state when it changes and repeats it now and then, so a reading's state holds until
 * the sensor's next reading, for at most {@code hold} (after that the state is unknown: a silent sensor
 * says nothing). The space is occupied when any sensor says so. Each bucket is sampled at
 * {@link #SAMPLES_PER_BUCKET} evenly spaced instants; the fraction is occupied samples over known ones, null
 * when none is known. Pure.
 */
public final class OccupancyBuckets {
    /** Samples per bucket: 10 (every 6 s for 1-minute buckets, every minute for 10-minute buckets). */
    public static final int SAMPLES_PER_BUCKET = 10;

    /** One reading: at {@code at} the sensor reported {@code occupied}. */
    public record Reading(String sensor, Instant at, boolean occupied) {
        public Reading {
            Objects.requireNonNull(sensor, "sensor");
            Objects.requireNonNull(at, "at");
        }
    }

    /** One bucket: its start and the occupied fraction, null when no sensor's state was known in it. */
    public record Bucket(Instant start, Double fraction) {
    }

    private OccupancyBuckets() {
    }

    /**
     * The buckets from {@code from} to {@code to}, {@code bucket} wide. {@code readings} may come in any order
     * and should include each sensor's last reading before {@code from}.
     */
    public static List<Bucket> of(Collection<Reading> readings, Instant from, Instant to, Duration bucket, Duration hold) {
        if (bucket.isNegative() || bucket.isZero() || !to.isAfter(from)) {
            throw new IllegalArgumentException("need a positive bucket and from before to");
        }
        List<List<Reading>> bySensor = new ArrayList<>();
        readings.stream().map(Reading::sensor).distinct().sorted().forEach(s -> bySensor.add(readings.stream()
                .filter(r -> r.sensor().equals(s)).sorted((a, b) -> a.at().compareTo(b.at())).toList()));
        int[] cursor = new int[bySensor.size()];
        long step = bucket.toMillis() / SAMPLES_PER_BUCKET;
        long holdMs = hold.toMillis();
        List<Bucket> out = new ArrayList<>();
        for (long start = from.toEpochMilli(); start < to.toEpochMilli(); start += bucket.toMillis()) {
            int known = 0;
            int occupied = 0;
            for (int i = 0; i < SAMPLES_PER_BUCKET; i++) {
                long t = start + i * step + step / 2;
                boolean anyKnown = false;
                boolean anyOccupied = false;
                for (int s = 0; s < bySensor.size(); s++) {
                    List<Reading> list = bySensor.get(s);
                    while (cursor[s] + 1 < list.size() && list.get(cursor[s] + 1).at().toEpochMilli() <= t) {
                        cursor[s]++;
                    }
                    Reading r = list.get(cursor[s]);
                    long at = r.at().toEpochMilli();
                    if (at <= t && t - at <= holdMs) {
                        anyKnown = true;
                        anyOccupied |= r.occupied();
                    }
                }
                if (anyKnown) {
                    known++;
                    if (anyOccupied) {
                        occupied++;
                    }
                }
            }
            out.add(new Bucket(Instant.ofEpochMilli(start), known == 0 ? null : (double) occupied / known));
        }
        return out;
    }
}
