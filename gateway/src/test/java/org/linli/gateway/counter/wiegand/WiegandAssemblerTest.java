package org.linli.gateway.counter.wiegand;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WiegandAssemblerTest {

    /*
     * W26, facility 123, card 45678, worked out by hand:
     *   123   = 0111 1011                (8 bits)
     *   45678 = 0xB26E = 1011 0010 0110 1110 (16 bits)
     *   data  = 01111011 1011001001101110
     *   first 12 data bits 011110111011 hold 9 ones -> even parity bit 1 (makes 10)
     *   last 12 data bits  001001101110 hold 6 ones -> odd parity bit 1 (makes 7)
     */
    private static final String W26_123_45678 = "1" + "01111011" + "1011001001101110" + "1";

    /*
     * W34, facility (high half) 0x1234 = 4660, card (low half) 0x5678 = 22136:
     *   0x1234 = 0001 0010 0011 0100 holds 5 ones -> even parity bit 1
     *   0x5678 = 0101 0110 0111 1000 holds 8 ones -> odd parity bit 1
     */
    private static final String W34_4660_22136 = "1" + "0001001000110100" + "0101011001111000" + "1";

    /** Pulses 1.5 ms apart, as a reader sends them. */
    private static final long SPACING = 1_500;

    private final WiegandAssembler assembler = new WiegandAssembler();

    /** Feeds {@code bits} from {@code start}; returns the frames finished while feeding and the last stamp. */
    private List<WiegandResult> feed(String bits, long start) {
        List<WiegandResult> out = new ArrayList<>();
        for (int i = 0; i < bits.length(); i++) {
            WiegandLine line = bits.charAt(i) == '1' ? WiegandLine.D1 : WiegandLine.D0;
            assembler.onPulse(line, start + i * SPACING).ifPresent(out::add);
        }
        return out;
    }

    private WiegandResult frame(String bits) {
        assertTrue(feed(bits, 1_000_000).isEmpty());
        long last = 1_000_000 + (bits.length() - 1) * SPACING;
        assertEquals(Optional.empty(), assembler.poll(last + 24_999), "the frame must stay open until 25 ms of silence");
        return assembler.poll(last + 25_000).orElseThrow();
    }

    private static WiegandRejection.Reason reason(WiegandResult r) {
        return assertInstanceOf(WiegandRejection.class, r).reason();
    }

    private static String flip(String bits, int index) {
        char[] c = bits.toCharArray();
        c[index] = c[index] == '1' ? '0' : '1';
        return new String(c);
    }

    @Test
    void shouldDecodeW26Facility123Card45678() {
        WiegandFrame f = assertInstanceOf(WiegandFrame.class, frame(W26_123_45678));

        assertEquals(WiegandFormat.W26, f.format());
        assertEquals(123, f.facility());
        assertEquals(45678, f.card());
        assertEquals("10111101110110010011011101", f.bits());
        assertEquals(123L * 65536 + 45678, f.number());
    }

    @Test
    void shouldDecodeW34AsHighAndLowSixteenBits() {
        WiegandFrame f = assertInstanceOf(WiegandFrame.class, frame(W34_4660_22136));

        assertEquals(WiegandFormat.W34, f.format());
        assertEquals(0x1234, f.facility());
        assertEquals(0x5678, f.card());
        assertEquals(0x12345678L, f.number());
    }

    @Test
    void shouldRejectW26WithBadEvenParity() {
        assertEquals(WiegandRejection.Reason.BAD_EVEN_PARITY, reason(frame(flip(W26_123_45678, 0))));
    }

    @Test
    void shouldRejectW26WhenAFirstHalfDataBitFlipped() {
        assertEquals(WiegandRejection.Reason.BAD_EVEN_PARITY, reason(frame(flip(W26_123_45678, 5))));
    }

    @Test
    void shouldRejectW26WithBadOddParity() {
        assertEquals(WiegandRejection.Reason.BAD_ODD_PARITY, reason(frame(flip(W26_123_45678, 25))));
    }

    @Test
    void shouldRejectW26WhenASecondHalfDataBitFlipped() {
        assertEquals(WiegandRejection.Reason.BAD_ODD_PARITY, reason(frame(flip(W26_123_45678, 20))));
    }

    @Test
    void shouldRejectW34WithBadEvenParity() {
        assertEquals(WiegandRejection.Reason.BAD_EVEN_PARITY, reason(frame(flip(W34_4660_22136, 0))));
    }

    @Test
    void shouldRejectW34WithBadOddParity() {
        assertEquals(WiegandRejection.Reason.BAD_ODD_PARITY, reason(frame(flip(W34_4660_22136, 33))));
    }

    @Test
    void shouldRejectATruncatedW26Of25Bits() {
        WiegandRejection r = assertInstanceOf(WiegandRejection.class, frame(W26_123_45678.substring(0, 25)));

        assertEquals(WiegandRejection.Reason.UNSUPPORTED_LENGTH, r.reason());
        assertEquals("25 bits (expected 26 or 34)", r.detail());
    }

    @Test
    void shouldRejectAnUnsupported30BitFrame() {
        assertEquals(WiegandRejection.Reason.UNSUPPORTED_LENGTH, reason(frame("1".repeat(30))));
    }

    @Test
    void shouldRejectAFrameWithAPulseOnBothLinesAtOnce() {
        feed(W26_123_45678.substring(0, 10), 0);
        long t = 10 * SPACING;
        assembler.onPulse(WiegandLine.D0, t);
        assembler.onPulse(WiegandLine.D1, t + 20);
        feed(W26_123_45678.substring(12), t + SPACING);

        WiegandRejection r = assertInstanceOf(WiegandRejection.class, assembler.poll(t + 1_000_000).orElseThrow());

        assertEquals(WiegandRejection.Reason.NOISE, r.reason());
        assertTrue(r.detail().contains("D0 and D1"), r.detail());
    }

    @Test
    void shouldRejectBitsCloserThanTheMinimumSpacing() {
        assembler.onPulse(WiegandLine.D1, 0);
        for (int i = 1; i < 26; i++) {
            assembler.onPulse(WiegandLine.D1, i * 150L);
        }

        WiegandRejection r = assertInstanceOf(WiegandRejection.class, assembler.poll(100_000).orElseThrow());

        assertEquals(WiegandRejection.Reason.NOISE, r.reason());
        assertEquals("bits 150 µs apart (minimum 200 µs)", r.detail());
    }

    @Test
    void shouldSplitBackToBackFramesAtTheTimeout() {
        long secondStart = 25 * SPACING + 25_000;
        List<WiegandResult> finished = feed(W26_123_45678, 0);
        finished.addAll(feed(W34_4660_22136, secondStart));

        assertEquals(1, finished.size(), "the first bit after the silence finishes the first frame");
        assertEquals(45678, assertInstanceOf(WiegandFrame.class, finished.get(0)).card());
        WiegandResult second = assembler.poll(secondStart + 33 * SPACING + 25_000).orElseThrow();
        assertEquals(0x5678, assertInstanceOf(WiegandFrame.class, second).card());
        assertFalse(assembler.inFrame());
    }

    @Test
    void shouldKeepBitsInOneFrameWhenTheGapIsShorterThanTheTimeout() {
        List<WiegandResult> finished = feed(W26_123_45678, 0);
        finished.addAll(feed(W26_123_45678, 25 * SPACING + 24_999));

        assertTrue(finished.isEmpty());
        WiegandRejection r = assertInstanceOf(WiegandRejection.class, assembler.poll(10_000_000).orElseThrow());
        assertEquals("52 bits (expected 26 or 34)", r.detail());
    }

    @Test
    void shouldUseAConfiguredTimeout() {
        WiegandAssembler slow = new WiegandAssembler(new WiegandSettings(Duration.ofMillis(50), Duration.ofNanos(200_000)));
        for (int i = 0; i < W26_123_45678.length(); i++) {
            slow.onPulse(W26_123_45678.charAt(i) == '1' ? WiegandLine.D1 : WiegandLine.D0, i * SPACING);
        }
        long last = 25 * SPACING;

        assertEquals(Optional.empty(), slow.poll(last + 30_000));
        assertInstanceOf(WiegandFrame.class, slow.poll(last + 50_000).orElseThrow());
    }

    @Test
    void shouldStartCleanAfterANoisyFrame() {
        assembler.onPulse(WiegandLine.D0, 0);
        assembler.onPulse(WiegandLine.D1, 10);
        assertEquals(WiegandRejection.Reason.NOISE, reason(assembler.poll(50_000).orElseThrow()));

        assertEquals(45678, assertInstanceOf(WiegandFrame.class, frame(W26_123_45678)).card());
    }

    @Test
    void shouldRefuseATimeoutNotLongerThanTheSpacing() {
        assertThrows(IllegalArgumentException.class,
                () -> new WiegandSettings(Duration.ofNanos(100_000), Duration.ofNanos(200_000)));
    }
}
