package org.linli.config;

/**
 * GB 3096-2008 acoustic environment function zone classes, with their LAeq limits in dB(A).
 * Day is 06:00-22:00, night 22:00-06:00.
 */
public enum NoiseZone {
    CLASS_0("0", 50, 40),
    CLASS_1("1", 55, 45),
    CLASS_2("2", 60, 50),
    CLASS_3("3", 65, 55),
    CLASS_4A("4a", 70, 55),
    CLASS_4B("4b", 70, 60);

    private final String code;
    private final int dayLimitDb;
    private final int nightLimitDb;

    NoiseZone(String code, int dayLimitDb, int nightLimitDb) {
        this.code = code;
        this.dayLimitDb = dayLimitDb;
        this.nightLimitDb = nightLimitDb;
    }

    /** The class as written in GB 3096 and in the site file: 0, 1, 2, 3, 4a or 4b. */
    public String code() {
        return code;
    }

    /** Daytime LAeq limit in dB(A). */
    public int dayLimitDb() {
        return dayLimitDb;
    }

    /** Night-time LAeq limit in dB(A). */
    public int nightLimitDb() {
        return nightLimitDb;
    }

    /** The zone for a code such as {@code "1"} or {@code "4a"}, or null when there is none. */
    public static NoiseZone ofCode(String code) {
        for (NoiseZone zone : values()) {
            if (zone.code.equalsIgnoreCase(code)) {
                return zone;
            }
        }
        return null;
    }
}
