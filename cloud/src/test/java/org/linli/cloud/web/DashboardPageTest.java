package org.linli.cloud.web;

import org.junit.jupiter.api.Test;
import org.linli.cloud.ingest.DemoSite;
import org.linli.cloud.ingest.IngestCounters;
import org.linli.cloud.ingest.IngestStats;
import org.linli.cloud.ingest.ReadingPoint;
import org.linli.cloud.ingest.TestClock;
import org.linli.wire.Quality;
import org.linli.wire.RejectReason;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardPageTest {
    private static final Instant NOW = Instant.parse("2025-11-22T08:00:00Z");
    private final DashboardPage page = new DashboardPage(DemoSite.load());
    private final IngestCounters counters = new IngestCounters(new TestClock(NOW));

    private static ReadingPoint point(String message) {
        return new ReadingPoint("occupancy", "huayuan", "gw-01", "pir-1", "plaza-east", "g1-1",
                NOW.toEpochMilli(), Map.of("occupied", 1.0), "bool", Quality.ERROR, message, 3);
    }

    private String render(List<ReadingPoint> latest) {
        IngestStats stats = counters.snapshot(List.of());
        return page.render(latest, stats, List.of(), NOW);
    }

    @Test
    void shouldBeAChineseFirstPageThatRefreshesItself() {
        String html = render(List.of());
        assertTrue(html.contains("<html lang=\"zh-CN\">"));
        assertTrue(html.contains("<title>邻里 · 最新读数</title>"));
        assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"5\">"));
        assertTrue(html.contains("name=\"viewport\""));
    }

    @Test
    void shouldShowSpaceAndGridNamesAndTheSitesLocalTime() {
        String html = render(List.of(point(null)));
        assertTrue(html.contains("东广场"));
        assertTrue(html.contains("东区网格"));
        assertTrue(html.contains("2025-11-22 16:00:00"), "08:00Z is 16:00 in Asia/Shanghai");
        assertTrue(html.contains("occupied=1"));
    }

    @Test
    void shouldEscapeTextFromGateways() {
        String html = render(List.of(point("<script>alert('x')</script>")));
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    }

    @Test
    void shouldListRejectsByReason() {
        counters.rejected(RejectReason.NOT_JSON, "t", "bad", new byte[0]);
        String html = render(List.of());
        assertTrue(html.contains("拒收 · not-json"));
    }

    @Test
    void shouldShowEachGatewaysCommissioningResultAndWhatFailed() {
        org.linli.wire.CommissioningReport report = org.linli.cloud.ingest.CommissioningReportsTest.report("gw-01",
                NOW.toEpochMilli(), org.linli.wire.CommissioningReport.Outcome.FAIL);

        String html = page.render(List.of(), counters.snapshot(List.of()),
                List.of(new org.linli.cloud.ingest.CommissioningReports.Received(report, NOW)), NOW);

        assertTrue(html.contains("设备调试报告"));
        assertTrue(html.contains("<td>gw-01</td><td>2025-11-22 16:00:00</td><td class=\"q-error\">未通过</td><td>pir-1</td>"), html);
    }
}
