package org.linli.sim.canteen;

import org.linli.config.canteen.VerificationMethod;
import org.linli.wire.TerminalEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Who comes to the counter when, for a lunch rush: pure and seeded. Each elder of the roster comes once,
 * at a random time within the rush; most are recognised by the face terminal, one in ten is not and then
 * uses the card (or, one in three of those, the PIN pad) right after; one in twenty comes back for
 * a second lunch; and a few people the terminal knows but the roster does not (未登记) come too.
 */
public final class RushPlan {
    /** What an arrival is, for the summary. */
    public enum Kind { FACE, FACE_FAILED, FALLBACK, STRANGER, SECOND_TRY }

    /** One terminal event, {@code at} after the rush's start. */
    public record Step(Duration at, Kind kind, TerminalEvent event) {
    }

    private RushPlan() {
    }

    /**
     * The steps, in time order.
     *
     * @param members  the roster's member ids of the elders who come
     * @param strangers how many people who are not in the roster come
     * @param rush     how long the arrivals spread over
     * @param runId    makes the event ids of this run unique (terminals number their events)
     */
    public static List<Step> plan(List<String> members, int strangers, Duration rush, long seed, String terminal,
                                  String runId) {
        Random random = new Random(seed);
        long span = Math.max(1, rush.toMillis());
        List<Arrival> arrivals = new ArrayList<>();
        for (String member : members) {
            long at = (long) (random.nextDouble() * span * 0.9);
            arrivals.add(new Arrival(at, random.nextInt(10) == 0 ? Kind.FACE_FAILED : Kind.FACE, member));
            if (random.nextInt(20) == 0) {
                arrivals.add(new Arrival(Math.min(span, at + 10_000 + random.nextInt(20_000)), Kind.SECOND_TRY, member));
            }
        }
        for (int i = 0; i < strangers; i++) {
            byte[] unknown = new byte[5];
            random.nextBytes(unknown);
            arrivals.add(new Arrival((long) (random.nextDouble() * span), Kind.STRANGER,
                    "m-" + HexFormat.of().formatHex(unknown)));
        }
        arrivals.sort(Comparator.comparingLong(Arrival::at));
        // One terminal: whoever comes waits until the one before has finished, so a card or PIN after a
        // failed face match follows it directly, as at a real counter.
        List<Step> steps = new ArrayList<>();
        int[] n = {0};
        long free = 0;
        for (Arrival a : arrivals) {
            long at = Math.max(a.at(), free);
            if (a.kind() == Kind.FACE_FAILED) {
                steps.add(new Step(Duration.ofMillis(at), Kind.FACE_FAILED,
                        new TerminalEvent(id(runId, n), terminal, null, VerificationMethod.FACE, false,
                                30 + random.nextInt(30), null)));
                VerificationMethod fallback = random.nextInt(3) == 0 ? VerificationMethod.PIN : VerificationMethod.CARD;
                at += 1_000 + random.nextInt(1_500);
                steps.add(new Step(Duration.ofMillis(at), Kind.FALLBACK,
                        new TerminalEvent(id(runId, n), terminal, a.member(), fallback, true, 0, null)));
            } else {
                steps.add(new Step(Duration.ofMillis(at), a.kind(), face(runId, n, terminal, a.member(), random)));
            }
            free = at + BUSY_MILLIS;
        }
        return List.copyOf(steps);
    }

    /** How long one person occupies the terminal after their last event. */
    static final long BUSY_MILLIS = 300;

    private record Arrival(long at, Kind kind, String member) {
    }

    private static TerminalEvent face(String runId, int[] n, String terminal, String member, Random random) {
        return new TerminalEvent(id(runId, n), terminal, member, VerificationMethod.FACE, true, 80 + random.nextInt(20), null);
    }

    private static String id(String runId, int[] n) {
        return runId + "-" + String.format("%04d", ++n[0]);
    }
}
