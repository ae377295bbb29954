package org.linli.cloud.web;

import org.junit.jupiter.api.Test;
import org.linli.cloud.auth.Access;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.StaffUser;
import org.linli.cloud.auth.TwoGridSite;
import org.linli.cloud.ingest.CommissioningReports;
import org.linli.cloud.ingest.CommissioningReportsTest;
import org.linli.cloud.ingest.IngestCounters;
import org.linli.cloud.ingest.ReadingPoint;
import org.linli.cloud.ingest.TestClock;
import org.linli.config.Site;
import org.linli.wire.CommissioningReport;
import org.linli.wire.Quality;
import org.linli.wire.RejectReason;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagesTest {
    private static final Instant NOW = Instant.parse("2025-11-22T08:00:00Z");
    private final Site site = TwoGridSite.load();
    private final Access access = new Access(site);
    private final DeviceViews views = new DeviceViews(site, access);
    private final StaffUser worker = new StaffUser("li", "李秀英", Role.GRID_WORKER, "g1-1");
    private final StaffUser admin = new StaffUser("admin", "管理员", Role.COMMUNITY_ADMIN, null);

    private static ReadingPoint point(String sensor, String space, String grid, Instant at, Quality q, String message) {
        return new ReadingPoint("occupancy", "huayuan", "gw-01", sensor, space, grid, at.toEpochMilli(),
                Map.of("occupied", 1.0), "bool", q, message, 3);
    }

    @Test
    void shouldShowAGridWorkerOnlyTheSensorsOfTheirGrid() {
        List<DeviceViews.GatewayRow> rows = views.gateways(worker, List.of(
                point("pir-1", "plaza-east", "g1-1", NOW, Quality.GOOD, null),
                point("pir-west", "plaza-west", "g1-2", NOW, Quality.GOOD, null)), List.of(), NOW);
        assertEquals(1, rows.size());
        assertEquals(List.of("pir-1", "park-3"), rows.get(0).sensors().stream().map(DeviceViews.SensorRow::sensor).toList());
    }

    @Test
    void shouldTellOnlineStaleAndNeverSeenApart() {
        List<DeviceViews.GatewayRow> rows = views.gateways(admin, List.of(
                point("pir-1", "plaza-east", "g1-1", NOW.minus(Duration.ofMinutes(1)), Quality.GOOD, null),
                point("pir-west", "plaza-west", "g1-2", NOW.minus(Duration.ofMinutes(6)), Quality.GOOD, null)), List.of(), NOW);
        Map<String, String> status = new java.util.HashMap<>();
        rows.forEach(g -> g.sensors().forEach(s -> status.put(s.sensor(), s.status())));
        assertEquals("online", status.get("pir-1"));
        assertEquals("stale", status.get("pir-west"));
        assertEquals("never", status.get("park-3"));
        assertEquals("online", rows.get(0).status(), "a gateway is as fresh as its freshest sensor");
        assertEquals("never", rows.get(1).status());
    }

    @Test
    void shouldShowTheSitesLocalTimeAndEscapeTextFromGateways() {
        String html = Pages.devices(Lang.ZH, views.gateways(admin, List.of(
                point("pir-1", "plaza-east", "g1-1", NOW, Quality.ERROR, "<script>alert('x')</script>")), List.of(), NOW), null);
        assertTrue(html.contains("2025-11-22 16:00:00"), "08:00Z is 16:00 in Asia/Shanghai");
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertFalse(html.contains("ingest-stats"), "no counters unless given");
    }

    @Test
    void shouldShowCommissioningResultsAndCountersToAdmins() {
        CommissioningReport report = CommissioningReportsTest.report("gw-01", NOW.toEpochMilli(), CommissioningReport.Outcome.FAIL);
        IngestCounters counters = new IngestCounters(new TestClock(NOW));
        counters.rejected(RejectReason.NOT_JSON, "t", "bad", new byte[0]);
        String html = Pages.devices(Lang.EN, views.gateways(admin, List.of(), List.of(new CommissioningReports.Received(report, NOW)), NOW),
                counters.snapshot(List.of()));
        assertTrue(html.contains("failed</span> pir-1"), html);
        assertTrue(html.contains("rejected · not-json"));
    }

    @Test
    void shouldSayWhetherASpaceIsOccupiedAndHowLoudItIs() {
        ReadingPoint noise = new ReadingPoint("noise", "huayuan", "gw-02", "noise-west", "plaza-west", "g1-2",
                NOW.toEpochMilli(), Map.of("la", 68.44), "dBA", Quality.GOOD, null, 1);
        ReadingPoint vacant = new ReadingPoint("occupancy", "huayuan", "gw-01", "pir-west", "plaza-west", "g1-2",
                NOW.toEpochMilli(), Map.of("occupied", 0.0), "bool", Quality.GOOD, null, 1);
        List<DeviceViews.SpaceRow> rows = views.spaces(Set.of("g1-2"), List.of(noise, vacant), NOW);
        assertEquals(1, rows.size());
        assertEquals(68.44, rows.get(0).noiseLaeq());
        assertEquals("vacant", rows.get(0).occupancy());
        List<DeviceViews.SpaceRow> later = views.spaces(Set.of("g1-2"), List.of(vacant), NOW.plus(Duration.ofMinutes(10)));
        assertEquals("unknown", later.get(0).occupancy(), "an old reading says nothing about now");
    }

    @Test
    void shouldRenderAChineseFirstPhoneFriendlyFrameWithOnlyTheRolesPages() {
        String html = Shell.page(Lang.ZH, worker, access, Shell.Nav.DEVICES, "设备", "tok", "/devices", "花园社区", "<p>x</p>");
        assertTrue(html.contains("<html lang=\"zh-CN\">"));
        assertTrue(html.contains("name=\"viewport\""));
        assertTrue(html.contains("<meta name=\"csrf-token\" content=\"tok\">"));
        assertTrue(html.contains("id=\"nav-devices\">设备</a>"));
        assertFalse(html.contains("nav-canteen"), "a grid worker has no canteen page");
        assertFalse(html.contains("<script>"), "no inline script: the CSP forbids it");
        String en = Shell.page(Lang.EN, new StaffUser("min", "民政", Role.CIVIL_AFFAIRS, null), access, Shell.Nav.CANTEEN,
                "Canteen", "tok", "/canteen", "花园社区", "");
        assertTrue(en.contains("<html lang=\"en\">"));
        assertTrue(en.contains("id=\"nav-canteen\">Canteen</a>"));
        assertFalse(en.contains("nav-devices"));
    }

    @Test
    void shouldGiveEachCanteenRoleOnlyTheCanteenBlocksItMayUse() {
        java.time.YearMonth month = java.time.YearMonth.of(2026, 11);
        String operator = CanteenPages.canteen(Lang.ZH, site, new StaffUser("zhou", "周", Role.CANTEEN_OPERATOR, "canteen-1"),
                access, month);
        assertTrue(operator.contains("data-review=\"[&quot;canteen-1&quot;]\""), operator);
        assertTrue(operator.contains("id=\"today\""));
        assertFalse(operator.contains("review-read-only"));
        assertTrue(operator.contains("<option value=\"canteen-1\">"));
        assertFalse(operator.contains("<option value=\"canteen-2\">"), "another canteen's settlement");
        assertTrue(operator.contains("href=\"/api/canteen/settlements/canteen-1/2026-11.csv\""));
        assertFalse(operator.contains("<script>"), "no inline script");

        String civil = CanteenPages.canteen(Lang.EN, site, new StaffUser("min", "民政", Role.CIVIL_AFFAIRS, null), access, month);
        assertTrue(civil.contains("data-review=\"[]\""));
        assertTrue(civil.contains("review-read-only"));
        assertTrue(civil.contains("<option value=\"canteen-2\">"));
        assertTrue(civil.contains("Download CSV"));

        String admin = CanteenPages.canteen(Lang.ZH, site, new StaffUser("root", "管理员", Role.COMMUNITY_ADMIN, null), access, month);
        assertTrue(admin.contains("data-review=\"[&quot;canteen-1&quot;,&quot;canteen-2&quot;]\""), admin);
    }
}
