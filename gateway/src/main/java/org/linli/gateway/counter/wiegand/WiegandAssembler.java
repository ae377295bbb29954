package org.linli.gateway.counter.wiegand;

import java.util.Optional;

/**
 * Assembles Wiegand bits into frames and decodes them. Pure and single-threaded: the GPIO driver feeds
 * it each falling edge with its timestamp (from the kernel's line event, in microseconds, monotonic)
 * and calls {@link #poll} from a timer, both on the same thread.
 *
 * <p>A frame ends when no bit has arrived for {@link WiegandSettings#frameTimeout()}. The next bit after
 * such a silence both finishes the previous frame (returned from {@link #onPulse}) and starts a new one,
 * so frames sent back to back are never merged, even if {@code poll} ran late.
 */
public final class WiegandAssembler {
    /** Longer frames are kept only up to here for the log; they are rejected anyway. */
    public static final int MAX_BITS = 64;

    private final long timeoutMicros;
    private final long minSpacingMicros;
    private final StringBuilder bits = new StringBuilder(MAX_BITS);
    private int count;
    private long lastMicros;
    private WiegandLine lastLine;
    private String noise;

    public WiegandAssembler(WiegandSettings settings) {
        this.timeoutMicros = settings.frameTimeoutMicros();
        this.minSpacingMicros = settings.minBitSpacingMicros();
    }

    public WiegandAssembler() {
        this(WiegandSettings.DEFAULTS);
    }

    /**
     * One pulse on {@code line} at {@code micros}.
     *
     * @return the previous frame when this pulse came after a silence long enough to end it
     */
    public Optional<WiegandResult> onPulse(WiegandLine line, long micros) {
        Optional<WiegandResult> finished = Optional.empty();
        if (count > 0 && micros - lastMicros >= timeoutMicros) {
            finished = Optional.of(finish());
        }
        if (count > 0 && noise == null) {
            long gap = micros - lastMicros;
            if (gap < 0) {
                noise = "timestamps went backwards by " + (-gap) + " µs";
            } else if (gap < minSpacingMicros) {
                noise = line != lastLine
                        ? "pulses on D0 and D1 " + gap + " µs apart (at once)"
                        : "bits " + gap + " µs apart (minimum " + minSpacingMicros + " µs)";
            }
        }
        if (count < MAX_BITS) {
            bits.append(line == WiegandLine.D1 ? '1' : '0');
        }
        // Within a frame, time going backwards keeps the later stamp, so one bad stamp cannot hold it open.
        lastMicros = count == 0 ? micros : Math.max(lastMicros, micros);
        count++;
        lastLine = line;
        return finished;
    }

    /** The frame in progress, if the line has been silent long enough at {@code nowMicros} to end it. */
    public Optional<WiegandResult> poll(long nowMicros) {
        if (count > 0 && nowMicros - lastMicros >= timeoutMicros) {
            return Optional.of(finish());
        }
        return Optional.empty();
    }

    /** Whether a frame is being received. */
    public boolean inFrame() {
        return count > 0;
    }

    private WiegandResult finish() {
        String raw = bits.toString();
        int length = count;
        String noiseDetail = noise;
        bits.setLength(0);
        count = 0;
        noise = null;
        lastLine = null;
        if (noiseDetail != null) {
            return new WiegandRejection(WiegandRejection.Reason.NOISE, noiseDetail, raw);
        }
        return decode(raw, length);
    }

    /** Decodes a complete frame of {@code length} bits (of which {@code raw} holds the first {@link #MAX_BITS}). */
    static WiegandResult decode(String raw, int length) {
        WiegandFormat format = WiegandFormat.ofLength(length);
        if (format == null) {
            return new WiegandRejection(WiegandRejection.Reason.UNSUPPORTED_LENGTH,
                    length + " bits (expected 26 or 34)", raw);
        }
        int half = (length - 2) / 2;
        // Even parity: the parity bit plus the first half of the data hold an even number of ones.
        if (ones(raw, 0, half + 1) % 2 != 0) {
            return new WiegandRejection(WiegandRejection.Reason.BAD_EVEN_PARITY,
                    "even parity over bits 1-" + half + " does not match bit 0", raw);
        }
        // Odd parity: the second half of the data plus the parity bit hold an odd number of ones.
        if (ones(raw, half + 1, length) % 2 != 1) {
            return new WiegandRejection(WiegandRejection.Reason.BAD_ODD_PARITY,
                    "odd parity over bits " + (half + 1) + "-" + (length - 2) + " does not match bit " + (length - 1), raw);
        }
        int facilityEnd = 1 + format.facilityBits();
        int facility = Integer.parseInt(raw.substring(1, facilityEnd), 2);
        int card = Integer.parseInt(raw.substring(facilityEnd, facilityEnd + format.cardBits()), 2);
        return new WiegandFrame(format, facility, card, raw);
    }

    private static int ones(String bits, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += bits.charAt(i) == '1' ? 1 : 0;
        }
        return n;
    }
}
