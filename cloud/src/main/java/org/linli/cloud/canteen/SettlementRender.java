package org.linli.cloud.canteen;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Settlement} as CSV (for the operator's accounts) and as a printable zh-CN page (for
 * the signature of the canteen and the civil-affairs office). Pure.
 */
public final class SettlementRender {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Map<String, String> METHODS = Map.of("face", "人脸", "card", "刷卡", "id", "身份证", "pin", "密码");
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Map<String, String> WINDOWS = Map.of("breakfast", "早餐", "lunch", "午餐", "dinner", "晚餐");

    private SettlementRender() {
    }

    /**
     * One table; the first column says what a row is: {@code meal} (a settled meal), {@code day} (a
     * day's total), {@code month} (the month's total), {@code pending} (待复核, in no total). UTF-8 with
     * a BOM, so that spreadsheet programs read the Chinese right.
     */
    public static String csv(Settlement s) {
        StringBuilder out = new StringBuilder("\uFEFF");
        out.append("type,canteen,date,time,member,name,window,tier,subsidy_yuan,pay_yuan,method,offline,event_id,meals\r\n");
        // The lines are in time order, so each day's lines are together: one pass, a total after each day.
        int day = 0;
        for (SettlementLine l : s.lines()) {
            while (!l.date().equals(s.days().get(day).date())) {
                dayRow(out, s.canteen(), s.days().get(day++));
            }
            line(out, "meal", s.canteen(), l);
        }
        if (!s.lines().isEmpty()) {
            dayRow(out, s.canteen(), s.days().get(day));
        }
        row(out, "month", s.canteen(), s.month().toString(), "", "", "", "", "", Settlement.yuan(s.total().subsidyFen()),
                Settlement.yuan(s.total().payFen()), "", "", "", Long.toString(s.total().meals()));
        for (SettlementLine l : s.pending()) {
            line(out, "pending", s.canteen(), l);
        }
        return out.toString();
    }

    private static void dayRow(StringBuilder out, String canteen, Settlement.DayTotal d) {
        row(out, "day", canteen, d.date().toString(), "", "", "", "", "", Settlement.yuan(d.subsidyFen()),
                Settlement.yuan(d.payFen()), "", "", "", Long.toString(d.meals()));
    }

    private static void line(StringBuilder out, String type, String canteen, SettlementLine l) {
        row(out, type, canteen, l.date().toString(), TIME.format(l.time()), l.member(), l.displayName(), l.window(),
                l.tier() == null ? "" : l.tier(), Settlement.yuan(l.subsidyFen()), Settlement.yuan(l.payFen()),
                l.method(), l.offline() ? "yes" : "no", l.eventId(), "1");
    }

    private static void row(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(csvField(fields[i]));
        }
        out.append("\r\n");
    }

    /** Quotes where needed; a leading = + - @ is defused so a spreadsheet does not run it as a formula. */
    static String csvField(String v) {
        String text = v == null ? "" : v;
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !NUMBER.matcher(text).matches()) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** A printable page: A4 portrait, one table per day with its subtotal, the month's total, then 待复核. */
    public static String html(Settlement s) {
        StringBuilder out = new StringBuilder(4096 + s.lines().size() * 200);
        String title = esc(s.canteenName()) + " " + s.month().getYear() + "年" + s.month().getMonthValue() + "月 助餐补贴结算单";
        out.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title><style>@page{size:A4;margin:15mm}body{font-family:sans-serif;font-size:12px}"
                        + "table{border-collapse:collapse;width:100%;margin-bottom:8px}th,td{border:1px solid #444;padding:2px 4px}"
                        + "td.n{text-align:right}tr.sum td{font-weight:bold;background:#eee}h2{font-size:14px;margin:12px 0 4px}"
                        + ".sign{margin-top:32px;display:flex;justify-content:space-between}</style></head><body>");
        out.append("<h1>").append(title).append("</h1>");
        out.append("<p>食堂编号 ").append(esc(s.canteen())).append("；共 ").append(s.total().meals()).append(" 餐，补贴合计 ")
                .append(Settlement.yuan(s.total().subsidyFen())).append(" 元，老人自付合计 ")
                .append(Settlement.yuan(s.total().payFen())).append(" 元。每餐只列一次；待复核的重复申领不计入合计。</p>");
        java.util.Map<java.time.LocalDate, List<SettlementLine>> byDay = new java.util.HashMap<>();
        s.lines().forEach(l -> byDay.computeIfAbsent(l.date(), k -> new java.util.ArrayList<>()).add(l));
        for (Settlement.DayTotal d : s.days()) {
            out.append("<h2>").append(d.date()).append("</h2>");
            table(out, byDay.get(d.date()), d, "当日小计");
        }
        out.append("<h2>本月合计</h2><table><tr><th>餐数</th><th>补贴(元)</th><th>自付(元)</th></tr><tr class=\"sum\"><td class=\"n\">")
                .append(s.total().meals()).append("</td><td class=\"n\">").append(Settlement.yuan(s.total().subsidyFen()))
                .append("</td><td class=\"n\">").append(Settlement.yuan(s.total().payFen())).append("</td></tr></table>");
        out.append("<h2>待复核（不计入合计）</h2>");
        if (s.pending().isEmpty()) {
            out.append("<p>无</p>");
        } else {
            table(out, s.pending(), null, null);
        }
        out.append("<div class=\"sign\"><span>食堂负责人（签字）：</span><span>街道/民政审核（签字）：</span><span>日期：</span></div>");
        out.append("</body></html>");
        return out.toString();
    }

    private static void table(StringBuilder out, List<SettlementLine> lines, Settlement.DayTotal total, String totalLabel) {
        out.append("<table><tr><th>时间</th><th>会员号</th><th>姓名</th><th>餐次</th><th>档位</th><th>补贴(元)</th>"
                + "<th>自付(元)</th><th>核验</th><th>离线</th></tr>");
        for (SettlementLine l : lines) {
            out.append("<tr><td>").append(TIME.format(l.time()).substring(11)).append("</td><td>").append(esc(l.member()))
                    .append("</td><td>").append(esc(l.displayName())).append("</td><td>")
                    .append(esc(WINDOWS.getOrDefault(l.window(), l.window()))).append("</td><td>").append(esc(l.tier()))
                    .append("</td><td class=\"n\">").append(Settlement.yuan(l.subsidyFen())).append("</td><td class=\"n\">")
                    .append(Settlement.yuan(l.payFen())).append("</td><td>").append(esc(METHODS.getOrDefault(l.method(), l.method())))
                    .append("</td><td>").append(l.offline() ? "是" : "").append("</td></tr>");
        }
        if (total != null) {
            out.append("<tr class=\"sum\"><td colspan=\"5\">").append(totalLabel).append("（").append(total.meals())
                    .append(" 餐）</td><td class=\"n\">").append(Settlement.yuan(total.subsidyFen())).append("</td><td class=\"n\">")
                    .append(Settlement.yuan(total.payFen())).append("</td><td colspan=\"2\"></td></tr>");
        }
        out.append("</table>");
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
