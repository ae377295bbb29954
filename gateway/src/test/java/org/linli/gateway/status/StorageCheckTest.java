package org.linli.gateway.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.wire.CommissioningReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageCheckTest {

    @Test
    void shouldWriteFsyncAndDeleteEveryFile(@TempDir Path dir) throws Exception {
        List<Duration> samples = StorageCheck.measure(dir.resolve("buffer"), 5, 64 * 1024);

        assertEquals(5, samples.size());
        try (Stream<Path> left = Files.list(dir.resolve("buffer"))) {
            assertEquals(0, left.count(), "no file left behind");
        }
    }

    @Test
    void shouldPassWhenTheMedianIsWithinTheLimit() {
        CommissioningReport.CheckResult r = StorageCheck.judge(ms(5, 8, 300, 6, 7), Duration.ofMillis(200), Path.of("/var/lib/linli"));

        assertEquals(CommissioningReport.Outcome.PASS, r.outcome());
        assertTrue(r.figure().startsWith("median 7.0 ms, max 300.0 ms"), r.figure());
    }

    @Test
    void shouldFailWhenTheMedianIsOverTheLimit() {
        CommissioningReport.CheckResult r = StorageCheck.judge(ms(250, 260, 10), Duration.ofMillis(200), Path.of("/tmp"));

        assertEquals(CommissioningReport.Outcome.FAIL, r.outcome());
    }

    private static List<Duration> ms(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofMillis).toList();
    }
}
