package org.linli.gateway.lan;

import org.linli.wire.Quality;
import org.linli.wire.RejectReason;

import java.util.Map;

/** What one device message says for one sensor: a sample of values, or why it was refused. */
public sealed interface Decoded {

    /**
     * The values a message carries.
     *
     * @param values    by value name, the kind's value among them (e.g. {@code occupied}, {@code battery})
     * @param ts        when it was measured, epoch ms: the arrival time unless the device's own time is usable
     * @param quality   {@link Quality#GOOD} or {@link Quality#SUSPECT}
     * @param message   why it is suspect; null when good
     * @param change    true when the device says its state changed (a parking sensor's change event):
     *                  always a reading; false for a heartbeat or an update, which make a reading of an
     *                  occupancy sensor only when they tell something new
     */
    record Sample(Map<String, Double> values, long ts, Quality quality, String message, boolean change) implements Decoded {
        public Sample {
            values = Map.copyOf(values);
        }
    }

    /**
     * A refused message.
     *
     * @param reason the counter it is counted under
     * @param detail what is wrong, for the log and the error reading
     */
    record Refused(RejectReason reason, String detail) implements Decoded {
    }
}
