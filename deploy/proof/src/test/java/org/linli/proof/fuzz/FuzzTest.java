package org.linli.proof.fuzz;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short form of the fuzzing, with a fixed seed: at least 10^5 mutated payloads and files through
 * the real decoders and loaders; none may crash or hang, every one is accepted or refused with a
 * reason, and the valid seeds are accepted.
 */
class FuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(FuzzTest.class);
    private static final Path REPO = Path.of(System.getProperty("linli.repo.root", "../.."));

    @Test
    void shouldRefuseEveryBrokenInputWithAReasonAndNeverCrashOrHang() throws InterruptedException {
        List<Target> targets = Targets.all(REPO);
        int perTarget = Integer.getInteger("linli.fuzz.cases", 100_000 / targets.size() + 1);
        List<Fuzzer.TargetReport> reports = new Fuzzer(Long.getLong("linli.fuzz.seed", 20261122L),
                Duration.ofSeconds(10)).run(targets, perTarget);
        String table = Fuzzer.table(reports);
        LOG.info("fuzzing:\n{}", table);

        long total = reports.stream().mapToLong(Fuzzer.TargetReport::cases).sum();
        assertTrue(total >= 100_000, "at least 10^5 inputs, ran " + total);
        for (Fuzzer.TargetReport r : reports) {
            assertEquals(0, r.seedsRefused(), r.target() + " refused a valid seed:\n" + table);
            assertEquals(0, r.crashes(), r.target() + " crashed:\n" + table);
            assertEquals(0, r.hangs(), r.target() + " hung:\n" + table);
            assertEquals(r.cases(), r.accepted() + r.refusedTotal(), r.target() + " lost count:\n" + table);
            assertTrue(r.refusedTotal() > 0, r.target() + ": no mutation was refused, so the mutator is not reaching it");
        }
    }
}
