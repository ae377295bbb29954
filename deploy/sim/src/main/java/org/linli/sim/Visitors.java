package org.linli.sim;

import java.util.Random;

/**
 * When simulated people come and go and devices report: seeded, so a run can be repeated. A PIR sees
 * someone for 2-6 s and then nothing for 3-12 s; a parking sensor reports every 4-10 s and changes state
 * one report in three.
 */
final class Visitors {
    private final Random random;

    Visitors(long seed) {
        this.random = new Random(seed);
    }

    long firstDelayMillis() {
        return 500 + random.nextInt(1500);
    }

    long nextPinChangeMillis(boolean nowOccupied) {
        return nowOccupied ? 2_000 + random.nextInt(4_000) : 3_000 + random.nextInt(9_000);
    }

    long nextDeviceReportMillis() {
        return 4_000 + random.nextInt(6_000);
    }

    boolean nextOccupied(boolean occupied) {
        return random.nextInt(3) == 0 ? !occupied : occupied;
    }
}
