package org.linli.wire;

import java.util.Locale;

/**
 * How far a reading can be trusted. A failing sensor is reported as a reading with quality
 * {@link #ERROR} or {@link #OFFLINE} and a message, never as a missing value.
 */
public enum Quality {
    /** A normal measurement. */
    GOOD,
    /** A measurement the driver doubts (out of the sensor's range, clipped, partial interval). */
    SUSPECT,
    /** The sensor answered with an error; {@code message} says which. */
    ERROR,
    /** The sensor did not answer within its expected interval. */
    OFFLINE;

    /** The name on the wire: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether readings of this quality must carry at least one value. */
    public boolean carriesValues() {
        return this == GOOD || this == SUSPECT;
    }
}
