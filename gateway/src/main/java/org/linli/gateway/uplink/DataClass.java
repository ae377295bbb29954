package org.linli.gateway.uplink;

import org.linli.wire.Quality;
import org.linli.wire.Reading;

/**
 * How much a reading is worth keeping when the buffer is full, lowest first: a full buffer drops
 * {@link #RAW_NOISE} before {@link #AGGREGATE} before {@link #TELEMETRY} before {@link #STATUS}, and
 * never {@link #CANTEEN}. The order of the constants is that order.
 */
public enum DataClass {
    /** 1 s noise levels (value {@code la}): plentiful, and summarised by the aggregates. */
    RAW_NOISE("raw-noise"),
    /** Noise interval aggregates (value {@code laeq}): what the GB 3096 rules are judged on. */
    AGGREGATE("aggregate"),
    /** Every other sensor value: occupancy, beams, doors, parking. */
    TELEMETRY("telemetry"),
    /** Sensor errors, offline reports and the buffer's own gap markers: how the cloud knows what is missing. */
    STATUS("status"),
    /** Meal records of the elder canteen (value {@code meal}): money, never dropped. */
    CANTEEN("canteen");

    /** The value that marks a gap marker, see {@link GapMarkers}. */
    static final String DROPPED = "dropped";

    private final String label;

    DataClass(String label) {
        this.label = label;
    }

    /** The class of {@code reading}. */
    public static DataClass of(Reading reading) {
        if (reading.values().containsKey("meal")) {
            return CANTEEN;
        }
        if (reading.quality() == Quality.ERROR || reading.quality() == Quality.OFFLINE
                || reading.values().containsKey(DROPPED)) {
            return STATUS;
        }
        if (reading.values().containsKey("la")) {
            return RAW_NOISE;
        }
        if (reading.values().containsKey("laeq")) {
            return AGGREGATE;
        }
        return TELEMETRY;
    }

    /** The class as logs and gap markers write it, e.g. {@code raw-noise}. */
    public String label() {
        return label;
    }
}
