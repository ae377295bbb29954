package org.linli.wire;

/** Hard limits of the wire contract, the same on both sides. */
public final class WireLimits {
    /** Largest payload accepted, in bytes. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** Most readings in one batch. */
    public static final int MAX_READINGS = 5_000;
    /** Most named values in one reading. */
    public static final int MAX_VALUES = 16;
    /** Longest status message, in characters. */
    public static final int MAX_MESSAGE = 256;

    private WireLimits() {
    }
}
