package org.linli.cloud.web;

import org.linli.cloud.ingest.CommissioningReports;
import org.linli.cloud.ingest.IngestStats;
import org.linli.cloud.ingest.ReadingPoint;
import org.linli.config.Grid;
import org.linli.config.Site;
import org.linli.config.Space;
import org.linli.wire.CommissioningReport;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The first dashboard page, rendered on the server: the latest reading of every sensor and the ingest
 * counters. Chinese first, readable on a phone, reloads itself every 5 seconds; every text from
 * outside is escaped.
 */
public final class DashboardPage {
    static final int REFRESH_SECONDS = 5;

    private final Site site;

    public DashboardPage(Site site) {
        this.site = site;
    }

    /** The page for {@code latest}, {@code stats} and the gateways' commissioning {@code reports} as of {@code now}. */
    public String render(List<ReadingPoint> latest, IngestStats stats, List<CommissioningReports.Received> reports,
                         Instant now) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">\n")
                .append("<title>邻里 · 最新读数</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,\"PingFang SC\",\"Noto Sans CJK SC\",sans-serif;margin:0;padding:12px;color:#222;background:#f6f7f9}\n")
                .append("h1{font-size:1.3em;margin:4px 0 12px}h2{font-size:1.1em;margin:20px 0 8px}\n")
                .append(".scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;background:#fff}\n")
                .append("th,td{border-bottom:1px solid #e3e5e8;padding:6px 8px;text-align:left;white-space:nowrap}\n")
                .append("th{background:#eef0f3;font-weight:600}td.num{text-align:right}\n")
                .append(".q-good{color:#1a7f37}.q-suspect{color:#9a6700}.q-error,.q-offline{color:#cf222e;font-weight:600}\n")
                .append(".muted{color:#666;font-size:.9em}\n</style>\n</head>\n<body>\n");
        h.append("<h1>").append(Html.escape(site.name() == null ? site.id() : site.name())).append(" · 最新读数</h1>\n");
        readings(h, latest);
        commissioning(h, reports);
        counters(h, stats);
        h.append("<p class=\"muted\">页面每 ").append(REFRESH_SECONDS).append(" 秒自动刷新 · 更新于 ")
                .append(Html.escape(Formats.localTime(now.toEpochMilli(), site.zone()))).append(" (")
                .append(Html.escape(site.zone().getId())).append(")</p>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private void readings(StringBuilder h, List<ReadingPoint> latest) {
        if (latest.isEmpty()) {
            h.append("<p>尚无读数。</p>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table>\n<thead><tr><th>传感器</th><th>空间</th><th>网格</th><th>读数</th>")
                .append("<th>状态</th><th>时间</th></tr></thead>\n<tbody>\n");
        for (ReadingPoint p : latest) {
            String quality = p.quality().wireName();
            String state = Formats.quality(p.quality()) + (p.message() == null ? "" : ": " + p.message());
            h.append("<tr><td>").append(Html.escape(p.sensor())).append("</td><td>")
                    .append(Html.escape(site.space(p.space()).map(Space::name).orElse(p.space()))).append("</td><td>")
                    .append(Html.escape(site.grid(p.grid()).map(Grid::name).orElse(p.grid()))).append("</td><td>")
                    .append(Html.escape(Formats.values(p.values(), p.unit()))).append("</td><td class=\"q-")
                    .append(Html.escape(quality)).append("\">").append(Html.escape(state)).append("</td><td>")
                    .append(Html.escape(Formats.localTime(p.time(), site.zone()))).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    private void commissioning(StringBuilder h, List<CommissioningReports.Received> reports) {
        h.append("<h2>设备调试报告 <span class=\"muted\">commissioning</span></h2>\n");
        if (reports.isEmpty()) {
            h.append("<p>尚无调试报告。</p>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table>\n<thead><tr><th>网关</th><th>时间</th><th>结果</th><th>未通过项</th></tr></thead>\n<tbody>\n");
        for (CommissioningReports.Received r : reports) {
            CommissioningReport report = r.report();
            h.append("<tr><td>").append(Html.escape(report.gateway())).append("</td><td>")
                    .append(Html.escape(Formats.localTime(report.finishedAt(), site.zone()))).append("</td><td class=\"")
                    .append(report.passed() ? "q-good\">通过" : "q-error\">未通过").append("</td><td>")
                    .append(Html.escape(String.join(", ", report.failedItems()))).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    private static void counters(StringBuilder h, IngestStats s) {
        h.append("<h2>接收统计</h2>\n<div class=\"scroll\"><table>\n<tbody>\n");
        row(h, "已入库批次", s.acceptedBatches());
        row(h, "已入库读数", s.acceptedReadings());
        row(h, "重复批次（已丢弃）", s.duplicates());
        row(h, "迟到批次", s.lateBatches());
        row(h, "序号缺口", s.gaps());
        row(h, "缺失批次", s.skippedBatches());
        row(h, "数据库拒写批次", s.storeRefusals());
        row(h, "拒收合计", s.rejectedTotal());
        for (Map.Entry<String, Long> e : s.rejects().entrySet()) {
            if (e.getValue() > 0) {
                row(h, "拒收 · " + e.getKey(), e.getValue());
            }
        }
        h.append("</tbody></table></div>\n");
    }

    private static void row(StringBuilder h, String label, long value) {
        h.append("<tr><th>").append(Html.escape(label)).append("</th><td class=\"num\">").append(value).append("</td></tr>\n");
    }
}
