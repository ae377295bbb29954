package org.linli.cloud.ingest;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells a new batch from one already stored, and notices batches that never came.
 *
 * <p>A gateway numbers its batches 1, 2, 3 ... within one boot id; a new boot id starts a new run. For
 * each run the tracker keeps the highest number seen and a window of the {@link #WINDOW} numbers below
 * it, so memory stays bounded however long a gateway runs. A number that jumps past the highest by more
 * than one is a gap, counted and remembered. A number below the window cannot be judged any more and is
 * let through as late: writing it again to InfluxDB overwrites the same points, so nothing doubles.
 *
 * <p>The first number of a gateway's first run in this process is taken as it comes (after a cloud
 * restart the earlier numbers were stored before); a further run of a known gateway that does not start
 * at 1 is a gap from 1. Each gateway keeps its {@link #RUNS_PER_GATEWAY} most recent runs, so batches
 * of a previous boot replayed from the gateway's buffer are still recognised.
 *
 * <p>{@link #seen} only looks; {@link #record} is called once the batch is stored. Thread-safe.
 */
public final class SequenceTracker {
    /** How many numbers below the highest are remembered per run. */
    public static final int WINDOW = 4096;
    /** How many boot ids are remembered per gateway. */
    public static final int RUNS_PER_GATEWAY = 4;

    private final Clock clock;
    private final int gapsKept;
    private final Map<String, LinkedHashMap<String, Run>> runsByGateway = new HashMap<>();
    private final Deque<Gap> recentGaps = new ArrayDeque<>();

    /**
     * @param clock    stamps each gap with when it was noticed
     * @param gapsKept how many recent gaps {@link #recentGaps()} returns
     */
    public SequenceTracker(Clock clock, int gapsKept) {
        if (gapsKept < 1) {
            throw new IllegalArgumentException("gapsKept must be 1 or more, was " + gapsKept);
        }
        this.clock = clock;
        this.gapsKept = gapsKept;
    }

    /** What {@link #record} found. */
    public enum Outcome {
        /** The next number, or the first of a run. */
        NEW,
        /** New, but numbers were skipped before it; {@link Recorded#gap()} says which. */
        AFTER_GAP,
        /** Below the highest number seen and not seen before: it fills a gap or is too old to judge. */
        LATE,
        /** Already recorded. */
        DUPLICATE
    }

    /**
     * The verdict on one recorded batch.
     *
     * @param outcome what kind of number it was
     * @param gap     the numbers skipped before it, only for {@link Outcome#AFTER_GAP}
     */
    public record Recorded(Outcome outcome, Gap gap) {
    }

    /** True when this batch was recorded before. Changes nothing. */
    public synchronized boolean seen(String gateway, String bootId, long seq) {
        LinkedHashMap<String, Run> runs = runsByGateway.get(gateway);
        Run run = runs == null ? null : runs.get(bootId);
        return run != null && run.contains(seq);
    }

    /** Records a stored batch and says how its number relates to those before. */
    public synchronized Recorded record(String gateway, String bootId, long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be 1 or more, was " + seq);
        }
        LinkedHashMap<String, Run> runs = runsByGateway.computeIfAbsent(gateway, g -> lruOfRuns());
        Run run = runs.get(bootId);
        if (run == null) {
            boolean knownGateway = !runs.isEmpty();
            runs.put(bootId, new Run(seq));
            if (knownGateway && seq > 1) {
                return new Recorded(Outcome.AFTER_GAP, remember(new Gap(gateway, bootId, 1, seq - 1, clock.instant())));
            }
            return new Recorded(Outcome.NEW, null);
        }
        if (run.contains(seq)) {
            return new Recorded(Outcome.DUPLICATE, null);
        }
        long highest = run.highest;
        run.add(seq);
        if (seq <= highest) {
            return new Recorded(Outcome.LATE, null);
        }
        if (seq > highest + 1) {
            return new Recorded(Outcome.AFTER_GAP, remember(new Gap(gateway, bootId, highest + 1, seq - 1, clock.instant())));
        }
        return new Recorded(Outcome.NEW, null);
    }

    /** The most recent gaps, oldest first. */
    public synchronized List<Gap> recentGaps() {
        return List.copyOf(recentGaps);
    }

    private Gap remember(Gap gap) {
        recentGaps.addLast(gap);
        while (recentGaps.size() > gapsKept) {
            recentGaps.removeFirst();
        }
        return gap;
    }

    private static LinkedHashMap<String, Run> lruOfRuns() {
        return new LinkedHashMap<>(8, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Run> eldest) {
                return size() > RUNS_PER_GATEWAY;
            }
        };
    }

    /** One boot id's numbers: the highest, and a ring of bits for the {@link #WINDOW} numbers up to it. */
    private static final class Run {
        private final long[] bits = new long[WINDOW / Long.SIZE];
        private long highest;

        Run(long first) {
            highest = first;
            set(first);
        }

        boolean contains(long seq) {
            if (seq > highest || seq <= highest - WINDOW) {
                return false;
            }
            int i = index(seq);
            return (bits[i >>> 6] & (1L << (i & 63))) != 0;
        }

        void add(long seq) {
            if (seq > highest) {
                if (seq - highest >= WINDOW) {
                    java.util.Arrays.fill(bits, 0L);
                } else {
                    for (long s = highest + 1; s < seq; s++) {
                        clear(s);
                    }
                }
                highest = seq;
                set(seq);
            } else if (seq > highest - WINDOW) {
                set(seq);
            }
        }

        private void set(long seq) {
            int i = index(seq);
            bits[i >>> 6] |= 1L << (i & 63);
        }

        private void clear(long seq) {
            int i = index(seq);
            bits[i >>> 6] &= ~(1L << (i & 63));
        }

        private static int index(long seq) {
            return (int) Math.floorMod(seq, (long) WINDOW);
        }
    }
}
