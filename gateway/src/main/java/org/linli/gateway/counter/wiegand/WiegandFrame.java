package org.linli.gateway.counter.wiegand;

import java.util.Objects;

/**
 * A frame with the right length and both parity bits correct.
 *
 * @param format   W26 or W34
 * @param facility facility code (W26: 8 bits; W34: the high 16 data bits)
 * @param card     card number (16 bits: the low 16 data bits)
 * @param bits     the raw frame, parity bits included, e.g. {@code 10111101110110010011011101}
 */
public record WiegandFrame(WiegandFormat format, int facility, int card, String bits) implements WiegandResult {

    public WiegandFrame {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(bits, "bits");
    }

    /** All data bits as one number ({@code facility << cardBits | card}), for readers that send one card number. */
    public long number() {
        return ((long) facility << format.cardBits()) | card;
    }
}
