package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;
import org.linli.wire.CommissioningCodec;
import org.linli.wire.CommissioningReport;
import org.linli.wire.RejectReason;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class CommissioningReportsTest {
    private static final String TOPIC = "linli/v1/huayuan/gw-01/commissioning";
    private static final long T0 = 1_763_800_000_000L;
    private final TestClock clock = new TestClock(Instant.ofEpochMilli(T0));
    private final IngestCounters counters = new IngestCounters(clock);
    private final CommissioningCodec codec = new CommissioningCodec();
    private final CommissioningReports reports = new CommissioningReports(codec, DemoSite.load(), counters, clock);

    public static CommissioningReport report(String gateway, long finishedAt, CommissioningReport.Outcome pir) {
        return new CommissioningReport("huayuan", gateway, "boot-1", finishedAt - 60_000, finishedAt, "0.1.0",
                List.of(new CommissioningReport.SensorResult("pir-1", "pir", "plaza-east", "gpio BCM 17", pir, "seen")),
                List.of(new CommissioningReport.CheckResult("upload", CommissioningReport.Outcome.PASS, "3 readings")));
    }

    @Test
    void shouldKeepTheLatestReportOfAGateway() {
        reports.accept(TOPIC, codec.encode(report("gw-01", T0, CommissioningReport.Outcome.FAIL)));
        reports.accept(TOPIC, codec.encode(report("gw-01", T0 + 1000, CommissioningReport.Outcome.PASS)));

        assertEquals(1, reports.snapshot().size());
        assertTrue(reports.snapshot().get(0).report().passed());
    }

    @Test
    void shouldNotReplaceANewerReportWithALateOlderOne() {
        reports.accept(TOPIC, codec.encode(report("gw-01", T0 + 1000, CommissioningReport.Outcome.PASS)));
        reports.accept(TOPIC, codec.encode(report("gw-01", T0, CommissioningReport.Outcome.FAIL)));

        assertTrue(reports.snapshot().get(0).report().passed());
    }

    @Test
    void shouldCountAMalformedReportByReason() {
        assertEquals(RejectReason.NOT_JSON,
                reports.accept(TOPIC, "{nope".getBytes(StandardCharsets.UTF_8)).orElseThrow().reason());

        assertEquals(1, counters.rejects(RejectReason.NOT_JSON));
        assertEquals(List.of(), reports.snapshot());
    }

    @Test
    void shouldRefuseAReportOnAnotherGatewaysTopic() {
        assertEquals(RejectReason.TOPIC_MISMATCH, reports.accept(TOPIC,
                codec.encode(report("gw-02", T0, CommissioningReport.Outcome.PASS))).orElseThrow().reason());
    }

    @Test
    void shouldRefuseAGatewayNotInTheInventory() {
        assertEquals(RejectReason.UNKNOWN_GATEWAY, reports.accept("linli/v1/huayuan/gw-99/commissioning",
                codec.encode(report("gw-99", T0, CommissioningReport.Outcome.PASS))).orElseThrow().reason());
    }

    @Test
    void shouldForgetAReportWhenItsRetainedMessageIsCleared() {
        reports.accept(TOPIC, codec.encode(report("gw-01", T0, CommissioningReport.Outcome.PASS)));

        reports.accept(TOPIC, new byte[0]);

        assertEquals(List.of(), reports.snapshot());
    }
}
