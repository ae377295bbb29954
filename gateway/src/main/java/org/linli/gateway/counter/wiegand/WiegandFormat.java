package org.linli.gateway.counter.wiegand;

/**
 * The frame formats the counter understands.
 *
 * <ul>
 *   <li><b>W26</b> (H10301): bit 0 is even parity over bits 1-12, bits 1-8 the facility code (0-255),
 *   bits 9-24 the card number (0-65535), bit 25 odd parity over bits 13-24.</li>
 *   <li><b>W34</b>: bit 0 is even parity over bits 1-16, bit 33 odd parity over bits 17-32. Common face
 *   terminals and readers (ZKTeco, Hikvision, HID's 34-bit mode) send 32 data bits and most treat
 *   bits 1-16 as the facility (or high half) and bits 17-32 as the card (low half); others send one
 *   32-bit card number. {@link WiegandFrame} gives both: {@code facility}/{@code card} and {@code number()}.</li>
 * </ul>
 */
public enum WiegandFormat {
    W26(26, 8, 16),
    W34(34, 16, 16);

    private final int bits;
    private final int facilityBits;
    private final int cardBits;

    WiegandFormat(int bits, int facilityBits, int cardBits) {
        this.bits = bits;
        this.facilityBits = facilityBits;
        this.cardBits = cardBits;
    }

    /** Frame length including both parity bits. */
    public int bits() {
        return bits;
    }

    public int facilityBits() {
        return facilityBits;
    }

    public int cardBits() {
        return cardBits;
    }

    /** The format with {@code length} bits, or null. */
    static WiegandFormat ofLength(int length) {
        for (WiegandFormat f : values()) {
            if (f.bits == length) {
                return f;
            }
        }
        return null;
    }
}
