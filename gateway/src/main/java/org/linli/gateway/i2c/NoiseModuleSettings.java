package org.linli.gateway.i2c;

import org.linli.gateway.noise.MinuteSettings;

import java.time.Duration;

/**
 * How the I2C decibel modules are read.
 *
 * @param register     the 8-bit register holding the current dB(A) as an unsigned byte
 * @param pollInterval how often each module is read
 * @param silentAfter  how long without a level before a module is reported offline
 * @param minutes      how levels are cut into minutes; its sample interval should match pollInterval
 */
public record NoiseModuleSettings(int register, Duration pollInterval, Duration silentAfter, MinuteSettings minutes) {

    /** The register of the DFRobot Gravity / PCB Artists style decibel meters. */
    public static final int DECIBEL_REGISTER = 0x0A;

    public NoiseModuleSettings {
        if (register < 0 || register > 0xFF) {
            throw new IllegalArgumentException("register must be 0x00-0xFF: " + register);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
        }
        if (silentAfter.compareTo(pollInterval) <= 0) {
            throw new IllegalArgumentException("silentAfter must be longer than pollInterval: " + silentAfter);
        }
    }

    /** Register 0x0A, once a second, offline after 10 s, {@link MinuteSettings#defaults()}. */
    public static NoiseModuleSettings defaults() {
        return new NoiseModuleSettings(DECIBEL_REGISTER, Duration.ofSeconds(1), Duration.ofSeconds(10),
                MinuteSettings.defaults());
    }
}
