package org.linli.config.canteen;

/**
 * Money is counted in fen (分, 1/100 yuan) as a {@code long}; never as floating point, which cannot hold
 * 0.10 exactly and would make a monthly settlement differ from the sum of its meals.
 */
public final class Fen {
    private Fen() {
    }

    /** {@code 1500} → {@code "15.00"}; negative amounts keep their sign. */
    public static String yuan(long fen) {
        long abs = Math.abs(fen);
        String text = (abs / 100) + "." + (abs % 100 < 10 ? "0" : "") + (abs % 100);
        return fen < 0 ? "-" + text : text;
    }
}
