package org.linli.gateway.lan;

import org.linli.wire.RejectReason;

/** What a LAN payload says for one sensor: a value, or why it was refused. */
public sealed interface LanValue {

    /**
     * The sensor's value.
     *
     * @param value 1/0 for a boolean field, the number otherwise
     */
    record Value(double value) implements LanValue {
    }

    /**
     * A refused payload.
     *
     * @param reason the counter it is counted under
     * @param detail what is wrong, for the log
     */
    record Rejected(RejectReason reason, String detail) implements LanValue {
    }
}
