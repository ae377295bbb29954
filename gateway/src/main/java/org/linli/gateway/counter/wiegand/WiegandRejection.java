package org.linli.gateway.counter.wiegand;

import java.util.Objects;

/**
 * A frame that was received but cannot be trusted. It makes no decision: the counter shows "please
 * try again" and the edge counts the reason.
 *
 * @param reason why
 * @param detail for the log, e.g. {@code 25 bits (expected 26 or 34)}
 * @param bits   what arrived, first bit first (at most {@link WiegandAssembler#MAX_BITS})
 */
public record WiegandRejection(Reason reason, String detail, String bits) implements WiegandResult {

    /** Why a frame was rejected. */
    public enum Reason {
        /** The leading even-parity bit does not match the first half of the data. */
        BAD_EVEN_PARITY,
        /** The trailing odd-parity bit does not match the second half of the data. */
        BAD_ODD_PARITY,
        /** Neither 26 nor 34 bits: a truncated frame or an unsupported format (e.g. 25, 30, 37). */
        UNSUPPORTED_LENGTH,
        /** Pulses on both lines at once, bits closer than any reader sends them, or time running backwards. */
        NOISE
    }

    public WiegandRejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(bits, "bits");
    }
}
