package org.linli.proof.fuzz;

import org.linli.testkit.fuzz.Mutator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs mutated inputs through each {@link Target} and counts what happened to every one: accepted,
 * refused (by reason), crashed (anything but a refusal), or hung (no answer within the time limit).
 * The seeds themselves go first and must be accepted, so a target that refuses everything cannot
 * pass for robust.
 */
public final class Fuzzer {
    private final long seed;
    private final Duration hangLimit;

    public Fuzzer(long seed, Duration hangLimit) {
        this.seed = seed;
        this.hangLimit = hangLimit;
    }

    /** What happened to one target's inputs. */
    public record TargetReport(String target, long cases, long accepted, Map<String, Long> refused, long crashes,
                               long hangs, long seedsRefused, List<String> samples) {

        /** Refused inputs, all reasons. */
        public long refusedTotal() {
            return refused.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Whether every input was accounted for and none crashed, hung, or was a refused seed. */
        public boolean clean() {
            return crashes == 0 && hangs == 0 && seedsRefused == 0 && accepted + refusedTotal() == cases;
        }
    }

    /** Runs {@code casesPerTarget} mutated inputs through every target. */
    public List<TargetReport> run(List<Target> targets, int casesPerTarget) throws InterruptedException {
        List<TargetReport> reports = new ArrayList<>();
        ExecutorService worker = newWorker();
        try {
            for (int t = 0; t < targets.size(); t++) {
                Target target = targets.get(t);
                Mutator mutator = new Mutator(seed * 31 + t);
                long accepted = 0;
                long crashes = 0;
                long hangs = 0;
                long seedsRefused = 0;
                Map<String, Long> refused = new TreeMap<>();
                List<String> samples = new ArrayList<>();
                List<byte[]> seeds = target.seeds();
                for (byte[] s : seeds) {
                    Outcome o = feed(worker, target, s);
                    if (o.hung) {
                        worker.shutdownNow();
                        worker = newWorker();
                    }
                    if (o.reason != null || o.crash != null || o.hung) {
                        seedsRefused++;
                        sample(samples, "seed refused: " + o.describe(), s);
                    }
                }
                for (int i = 0; i < casesPerTarget; i++) {
                    byte[] input = mutator.mutate(seeds.get(i % seeds.size()));
                    Outcome o = feed(worker, target, input);
                    if (o.hung) {
                        hangs++;
                        sample(samples, "hang", input);
                        // The stuck thread is abandoned (daemon); later inputs get a fresh one.
                        worker.shutdownNow();
                        worker = newWorker();
                    } else if (o.crash != null) {
                        crashes++;
                        sample(samples, "crash: " + o.crash, input);
                    } else if (o.reason == null) {
                        accepted++;
                    } else {
                        refused.merge(o.reason, 1L, Long::sum);
                    }
                }
                reports.add(new TargetReport(target.name(), casesPerTarget, accepted, refused, crashes, hangs,
                        seedsRefused, samples));
            }
        } finally {
            worker.shutdownNow();
        }
        return reports;
    }

    private record Outcome(String reason, String crash, boolean hung) {
        String describe() {
            return hung ? "hang" : crash != null ? crash : reason;
        }
    }

    private Outcome feed(ExecutorService worker, Target target, byte[] input) throws InterruptedException {
        Future<String> f = worker.submit(() -> target.run(input));
        try {
            return new Outcome(f.get(hangLimit.toMillis(), TimeUnit.MILLISECONDS), null, false);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            return new Outcome(null, c.getClass().getName() + ": " + c.getMessage(), false);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Outcome(null, null, true);
        }
    }

    private static void sample(List<String> samples, String what, byte[] input) {
        if (samples.size() < 5) {
            byte[] head = input.length > 300 ? java.util.Arrays.copyOf(input, 300) : input;
            samples.add(what + " | input (base64, first 300 bytes of " + input.length + "): "
                    + Base64.getEncoder().encodeToString(head));
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-target");
            t.setDaemon(true);
            return t;
        });
    }

    /** The reports as a fixed-width table, one row per target and one per refusal reason. */
    public static String table(List<TargetReport> reports) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-16s %9s %9s %9s %7s %6s  %s%n", "target", "cases", "accepted", "refused",
                "crashes", "hangs", "refusals by reason"));
        long cases = 0;
        long crashes = 0;
        long hangs = 0;
        for (TargetReport r : reports) {
            Map<String, Long> reasons = new LinkedHashMap<>(r.refused());
            out.append(String.format("%-16s %9d %9d %9d %7d %6d  %s%n", r.target(), r.cases(), r.accepted(),
                    r.refusedTotal(), r.crashes(), r.hangs(), reasons));
            for (String s : r.samples()) {
                out.append("    ").append(s).append('\n');
            }
            cases += r.cases();
            crashes += r.crashes();
            hangs += r.hangs();
        }
        out.append(String.format("%-16s %9d %29s %7d %6d%n", "all", cases, "", crashes, hangs));
        return out.toString();
    }
}
