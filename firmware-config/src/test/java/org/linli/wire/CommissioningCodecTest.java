package org.linli.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommissioningCodecTest {
    private static final long T0 = 1_763_800_000_000L;
    private final CommissioningCodec codec = new CommissioningCodec();

    static CommissioningReport report(CommissioningReport.Outcome parking) {
        return new CommissioningReport("huayuan", "gw-01", "boot-1", T0, T0 + 90_000, "0.1.0",
                List.of(new CommissioningReport.SensorResult("pir-1", "pir", "plaza-east", "gpio BCM 17",
                                CommissioningReport.Outcome.PASS, "seen after 4 s"),
                        new CommissioningReport.SensorResult("park-3", "parking", "", "mqtt sensors/park-3",
                                parking, "not seen within 30 s")),
                List.of(new CommissioningReport.CheckResult("clock", CommissioningReport.Outcome.UNKNOWN, "NTP unknown"),
                        new CommissioningReport.CheckResult("storage", CommissioningReport.Outcome.PASS, "median 2 ms, max 9 ms")));
    }

    @Test
    void shouldDecodeWhatItEncodes() throws Exception {
        CommissioningReport report = report(CommissioningReport.Outcome.PASS);

        assertEquals(report, codec.decode(codec.encode(report)));
        assertTrue(report.passed(), "unknown is not a failure");
    }

    @Test
    void shouldListTheFailedItems() throws Exception {
        CommissioningReport report = report(CommissioningReport.Outcome.FAIL);

        String json = new String(codec.encode(report), StandardCharsets.UTF_8);

        assertFalse(report.passed());
        assertEquals(List.of("park-3"), report.failedItems());
        assertTrue(json.contains("\"passed\":false") && json.contains("\"failed\":[\"park-3\"]"), json);
    }

    @Test
    void shouldRefuseAReportWhosePassedFlagContradictsItsResults() {
        String json = new String(codec.encode(report(CommissioningReport.Outcome.FAIL)), StandardCharsets.UTF_8)
                .replace("\"passed\":false", "\"passed\":true");

        WireException e = assertThrows(WireException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(RejectReason.BAD_FIELD, e.reason());
    }

    @Test
    void shouldRefuseAReportWithoutItsGateway() {
        String json = new String(codec.encode(report(CommissioningReport.Outcome.PASS)), StandardCharsets.UTF_8)
                .replace("\"gateway\":\"gw-01\",", "");

        WireException e = assertThrows(WireException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(RejectReason.MISSING_FIELD, e.reason());
        assertTrue(e.getMessage().startsWith("gateway"), e.getMessage());
    }

    @Test
    void shouldRefuseGarbageAndOversizedPayloads() {
        assertEquals(RejectReason.NOT_JSON, assertThrows(WireException.class,
                () -> codec.decode("{\"v\":1, nope".getBytes(StandardCharsets.UTF_8))).reason());
        assertEquals(RejectReason.TOO_LARGE, assertThrows(WireException.class,
                () -> codec.decode(new byte[CommissioningCodec.MAX_BYTES + 1])).reason());
    }

    @Test
    void shouldRefuseAnUnknownOutcome() {
        String json = new String(codec.encode(report(CommissioningReport.Outcome.PASS)), StandardCharsets.UTF_8)
                .replaceFirst("\"outcome\":\"pass\"", "\"outcome\":\"maybe\"");

        WireException e = assertThrows(WireException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(RejectReason.BAD_FIELD, e.reason());
        assertTrue(e.getMessage().startsWith("sensors[0].outcome"), e.getMessage());
    }
}
