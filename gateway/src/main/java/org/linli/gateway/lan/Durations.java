package org.linli.gateway.lan;

/** Durations written for people in status messages: {@code 45 s}, {@code 12 min}, {@code 3 h 5 min}. */
final class Durations {
    private Durations() {
    }

    static String human(long ms) {
        long s = Math.abs(ms) / 1000;
        String sign = ms < 0 ? "-" : "";
        if (s < 600) {
            return sign + s + " s";
        }
        if (s < 7200) {
            return sign + (s / 60) + " min";
        }
        long min = (s / 60) % 60;
        return sign + (s / 3600) + " h" + (min == 0 ? "" : " " + min + " min");
    }
}
