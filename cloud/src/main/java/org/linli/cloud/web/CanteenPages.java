package org.linli.cloud.web;

import org.linli.cloud.auth.Access;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.StaffUser;
import org.linli.config.Canteen;
import org.linli.config.Site;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The body of the canteen page ({@code /canteen}): today's meals and subsidies per canteen, the anomalies to
 * review, the roster import (for whoever operates a canteen) and the settlement download. The server renders the frame and what the role may do as escaped
 * {@code data-} attributes; {@code /assets/canteen.js} fills it from {@code /api/canteen/today} (polled) and
 * {@code /api/canteen/anomalies}, text only. Each block is there only for a role that may use it; the APIs
 * check again.
 */
final class CanteenPages {
    /** How often the page asks for today's figures. */
    static final int REFRESH_SECONDS = 15;
    private static final Map<String, String[]> TEXT = Map.ofEntries(
            Map.entry("today", new String[] {"今日助餐", "Today's meals"}),
            Map.entry("anomalies", new String[] {"待复核异常", "Anomalies to review"}),
            Map.entry("anomalies.state", new String[] {"显示", "Show"}),
            Map.entry("state.open", new String[] {"待复核", "To review"}),
            Map.entry("state.all", new String[] {"全部（含已复核）", "All (reviewed too)"}),
            Map.entry("readOnly", new String[] {"只读：复核由食堂运营完成，此处可查看复核人、时间和说明。",
                    "Read only: the canteen operator reviews; you see who reviewed, when and why."}),
            Map.entry("settlement", new String[] {"月度结算单", "Monthly settlement"}),
            Map.entry("settlement.canteen", new String[] {"食堂", "Canteen"}),
            Map.entry("settlement.month", new String[] {"月份", "Month"}),
            Map.entry("settlement.csv", new String[] {"下载 CSV", "Download CSV"}),
            Map.entry("settlement.page", new String[] {"打印版", "Printable page"}),
            Map.entry("settlement.note", new String[] {"每次下载都记入审计日志。",
                    "Every download is written to the audit log."}),
            Map.entry("roster", new String[] {"长者名册导入", "Import the elders' roster"}),
            Map.entry("roster.file", new String[] {"名册 CSV 文件", "Roster CSV file"}),
            Map.entry("roster.import", new String[] {"导入", "Import"}),
            Map.entry("roster.help", new String[] {
                    "CSV（UTF-8）：身份证号、姓名、户籍为必填列；出生年月、困难类别、在册、卡号可选。任何一行有误则整份不导入，并列出每个错误的行号。身份证号不保存。",
                    "CSV (UTF-8): ID number, name and resident are required columns; birth month, hardship, active and card are optional. One bad line and nothing is imported: every problem is listed with its line. ID numbers are not stored."}));

    private CanteenPages() {
    }

    static String t(Lang lang, String key) {
        String[] pair = TEXT.get(key);
        return Html.escape(pair == null ? key : pair[lang == Lang.EN ? 1 : 0]);
    }

    /**
     * The page for {@code user}: the today and anomaly blocks with {@code VIEW_CANTEEN}, review buttons at the
     * canteens they may {@code OPERATE_CANTEEN}, the settlement form over the canteens they may
     * {@code VIEW_SETTLEMENTS}, {@code month} preselected.
     */
    static String canteen(Lang lang, Site site, StaffUser user, Access access, YearMonth month) {
        Set<String> view = access.canteens(user, Action.VIEW_CANTEEN);
        Set<String> review = access.canteens(user, Action.OPERATE_CANTEEN);
        List<Canteen> settle = site.canteens().stream()
                .filter(c -> access.mayOnCanteen(user, Action.VIEW_SETTLEMENTS, c.id())).toList();
        StringBuilder h = new StringBuilder(3000);
        h.append("<link rel=\"stylesheet\" href=\"/assets/canteen.css\">\n<div id=\"canteen-app\" data-lang=\"")
                .append(lang == Lang.EN ? "en" : "zh").append("\" data-zone=\"").append(Html.escape(site.zone().getId()))
                .append("\" data-refresh=\"").append(REFRESH_SECONDS).append("\" data-review=\"")
                .append(Html.escape(jsonArray(review))).append("\" data-names=\"")
                .append(Html.escape(names(site))).append("\"></div>\n");
        if (!view.isEmpty()) {
            h.append("<section id=\"today-block\"><h2>").append(t(lang, "today"))
                    .append(" <span class=\"muted small\" id=\"today-updated\"></span></h2>\n")
                    .append("<div id=\"today\" aria-live=\"polite\"></div></section>\n");
            h.append("<section id=\"anomalies-block\"><h2>").append(t(lang, "anomalies"))
                    .append(" <span class=\"badge warn\" id=\"anomaly-count\" hidden>0</span></h2>\n")
                    .append("<div class=\"filters\"><label for=\"anomaly-state\">").append(t(lang, "anomalies.state"))
                    .append("</label> <select id=\"anomaly-state\"><option value=\"open\">").append(t(lang, "state.open"))
                    .append("</option><option value=\"all\">").append(t(lang, "state.all")).append("</option></select></div>\n");
            if (review.isEmpty()) {
                h.append("<p class=\"muted\" id=\"review-read-only\">").append(t(lang, "readOnly")).append("</p>\n");
            }
            h.append("<div id=\"anomalies\"></div></section>\n");
        }
        if (!review.isEmpty()) {
            h.append("<section id=\"roster-block\"><h2>").append(t(lang, "roster")).append("</h2>\n<p class=\"muted small\">")
                    .append(t(lang, "roster.help")).append("</p>\n<form class=\"settle\" id=\"roster-form\" action=\"#\">")
                    .append("<label for=\"roster-file\">").append(t(lang, "roster.file")).append("</label> ")
                    .append("<input type=\"file\" id=\"roster-file\" accept=\".csv,text/csv\" required> ")
                    .append("<button type=\"submit\" id=\"roster-import\">").append(t(lang, "roster.import"))
                    .append("</button></form>\n<div id=\"roster-result\" role=\"status\" aria-live=\"polite\"></div></section>\n");
        }
        if (!settle.isEmpty()) {
            h.append("<section id=\"settlement-block\"><h2>").append(t(lang, "settlement")).append("</h2>\n")
                    .append("<form class=\"settle\" id=\"settlement-form\" action=\"#\">")
                    .append("<label for=\"settlement-canteen\">").append(t(lang, "settlement.canteen")).append("</label> ")
                    .append("<select id=\"settlement-canteen\">");
            for (Canteen c : settle) {
                h.append("<option value=\"").append(Html.escape(c.id())).append("\">").append(Html.escape(c.name()))
                        .append("</option>");
            }
            h.append("</select> <label for=\"settlement-month\">").append(t(lang, "settlement.month")).append("</label> ")
                    .append("<input type=\"month\" id=\"settlement-month\" required value=\"").append(month).append("\">")
                    .append("</form>\n<p class=\"links\"><a class=\"button\" id=\"settlement-csv\" href=\"")
                    .append(Html.escape(csvPath(settle.get(0).id(), month))).append("\" download>")
                    .append(t(lang, "settlement.csv")).append("</a> <a class=\"button secondary\" id=\"settlement-page\" href=\"")
                    .append(Html.escape(pagePath(settle.get(0).id(), month))).append("\" target=\"_blank\" rel=\"noopener\">")
                    .append(t(lang, "settlement.page")).append("</a></p>\n<p class=\"muted small\">")
                    .append(t(lang, "settlement.note")).append("</p></section>\n");
        }
        h.append("<script src=\"/assets/canteen.js\" defer></script>\n");
        return h.toString();
    }

    /** {@code /api/canteen/settlements/{canteen}/{yyyy-MM}.csv}. */
    static String csvPath(String canteen, YearMonth month) {
        return "/api/canteen/settlements/" + canteen + "/" + month + ".csv";
    }

    /** {@code /canteen/settlements/{canteen}/{yyyy-MM}}. */
    static String pagePath(String canteen, YearMonth month) {
        return "/canteen/settlements/" + canteen + "/" + month;
    }

    private static String names(Site site) {
        return site.canteens().stream().map(c -> Pages.jsonString(c.id()) + ":" + Pages.jsonString(c.name()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String jsonArray(Set<String> values) {
        return values.stream().map(Pages::jsonString).collect(Collectors.joining(",", "[", "]"));
    }
}
