package org.linli.proof.fuzz;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The long form: {@code java -cp … org.linli.proof.fuzz.FuzzMain [cases-per-target] [seed] [repo-root]}.
 * Prints the table and exits 1 if any input crashed or hung a target, or a valid seed was refused.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261122L;
        Path repo = Path.of(args.length > 2 ? args[2] : ".");
        List<Target> targets = Targets.all(repo);
        long start = System.nanoTime();
        List<Fuzzer.TargetReport> reports = new Fuzzer(seed, Duration.ofSeconds(5)).run(targets, cases);
        double seconds = (System.nanoTime() - start) / 1e9;
        // A tool's output, like the benchmarks': the table is the result.
        System.out.print(Fuzzer.table(reports));
        System.out.printf("seed %d, %d targets x %d cases in %.1f s%n", seed, targets.size(), cases, seconds);
        boolean clean = reports.stream().allMatch(Fuzzer.TargetReport::clean);
        System.exit(clean ? 0 : 1);
    }
}
