package org.linli.cloud.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The whole state of one {@link EncroachmentRule}, immutable, to persist and rebuild it with
 * {@link EncroachmentRule#restore}.
 *
 * @param space      the space id
 * @param clock      how far event time has been processed, or null before the first reading
 * @param sensors    the last state and reading time of each sensor heard from
 * @param phase      where the machine is
 * @param since      start of the counted occupancy (ENTERING and later), else null
 * @param counted    ENTERING: occupied time towards confirmation; PRESENT/ENCROACHING: since confirmation
 * @param vacantSince first vacant moment of the current vacancy, or null
 * @param vacant     vacant time towards the cooldown
 * @param unknown    UNKNOWN time since confirmation
 * @param startedAt  ENCROACHING: when it started, else null
 */
public record EncroachmentSnapshot(String space, Instant clock, Map<String, SensorState> sensors, Phase phase,
                                   Instant since, Duration counted, Instant vacantSince, Duration vacant,
                                   Duration unknown, Instant startedAt) {

    public EncroachmentSnapshot {
        sensors = sensors == null ? Map.of() : Map.copyOf(sensors); // null as empty: JSON may leave it out
    }

    /** The machine's phases. */
    public enum Phase {
        /** Nothing counted. */
        CLEAR,
        /** Occupied, not yet for the confirmation time. */
        ENTERING,
        /** Confirmed; the dwell clock runs. */
        PRESENT,
        /** Past the dwell time: EncroachmentStarted was emitted. */
        ENCROACHING
    }

    /** A sensor's last state and when it was read. */
    public record SensorState(Occupancy state, Instant at) {
    }
}
