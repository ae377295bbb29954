package org.linli.cloud.web;

import org.linli.cloud.auth.Access;
import org.linli.cloud.auth.StaffUser;
import org.linli.config.Grid;
import org.linli.config.Site;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bodies of the ticket pages: the live alert feed, the ticket board, one ticket, the KPIs. The
 * server renders the frame and the facts the script needs as escaped {@code data-} attributes (JSON);
 * {@code /assets/tickets.js} fills them from the JSON APIs and the live stream, text only.
 */
final class TicketPages {
    private static final Map<String, String[]> TEXT = Map.ofEntries(
            Map.entry("feed.title", new String[] {"实时告警", "Live alerts"}),
            Map.entry("feed.sound", new String[] {"提示音", "Sound"}),
            Map.entry("feed.waiting", new String[] {"正在连接……", "Connecting…"}),
            Map.entry("board.grid", new String[] {"网格", "Grid"}),
            Map.entry("board.all", new String[] {"全部网格", "All grids"}),
            Map.entry("ticket.evidence", new String[] {"证据：事件前后的读数", "Evidence: readings around the episode"}),
            Map.entry("ticket.timeline", new String[] {"处理经过", "Timeline"}),
            Map.entry("ticket.back", new String[] {"返回工单列表", "Back to the board"}),
            Map.entry("kpi.week", new String[] {"按周（近8周）", "By week (last 8)"}),
            Map.entry("kpi.month", new String[] {"按月（近6个月）", "By month (last 6)"}));

    private TicketPages() {
    }

    static String t(Lang lang, String key) {
        String[] pair = TEXT.get(key);
        return Html.escape(pair == null ? key : pair[lang == Lang.EN ? 1 : 0]);
    }

    /** The live feed block (also on the board and the ticket page), with its sound toggle. */
    static String feed(Lang lang, int keep) {
        return "<section class=\"feed\" id=\"feed\" data-keep=\"" + keep + "\"><div class=\"feed-head\"><h2>" + t(lang, "feed.title")
                + " <span class=\"badge bad\" id=\"feed-count\" hidden>0</span></h2>"
                + "<span class=\"muted\" id=\"feed-state\">" + t(lang, "feed.waiting") + "</span>"
                + "<button type=\"button\" class=\"toggle\" id=\"sound-toggle\" aria-pressed=\"false\">" + t(lang, "feed.sound")
                + "</button></div>\n<ol class=\"feed-list\" id=\"feed-list\" aria-live=\"polite\"></ol></section>\n";
    }

    /** The alerts page: the feed, longer. */
    static String alerts(Lang lang, String zone) {
        return page(lang, zone, "alerts", feed(lang, 50));
    }

    /**
     * The board: the tickets of the user's grids by status, overdue first, with the actions the role may
     * take ({@code allowed}) in the statuses each action is taken from ({@code transitions}).
     */
    static String board(Lang lang, String zone, List<Grid> grids, Set<String> allowed, Map<String, Set<String>> transitions) {
        StringBuilder h = new StringBuilder(2048);
        h.append(feed(lang, 5));
        h.append("<div class=\"filters\"><label for=\"grid-filter\">").append(t(lang, "board.grid")).append("</label> ")
                .append("<select id=\"grid-filter\"><option value=\"\">").append(t(lang, "board.all")).append("</option>");
        for (Grid g : grids) {
            h.append("<option value=\"").append(Html.escape(g.id())).append("\">").append(Html.escape(g.name())).append("</option>");
        }
        h.append("</select></div>\n<div id=\"board\" data-allowed=\"").append(Html.escape(jsonArray(allowed)))
                .append("\" data-transitions=\"").append(Html.escape(jsonMap(transitions))).append("\"></div>\n");
        return page(lang, zone, "board", h.toString());
    }

    /** One ticket: facts, actions, the evidence chart and the timeline. */
    static String ticket(Lang lang, String zone, long id, Set<String> allowed, Map<String, Set<String>> transitions) {
        String body = feed(lang, 3)
                + "<p><a href=\"/tickets\" id=\"back-to-board\">← " + t(lang, "ticket.back") + "</a></p>\n"
                + "<div id=\"ticket\" data-ticket-id=\"" + id + "\" data-allowed=\"" + Html.escape(jsonArray(allowed))
                + "\" data-transitions=\"" + Html.escape(jsonMap(transitions)) + "\"></div>\n"
                + "<h2>" + t(lang, "ticket.evidence") + "</h2>\n<p class=\"muted\" id=\"evidence-note\"></p>\n"
                + "<div class=\"chart\" id=\"evidence-chart\"></div>\n"
                + "<h2>" + t(lang, "ticket.timeline") + "</h2>\n<ol class=\"timeline\" id=\"timeline\"></ol>\n"
                + "<script src=\"/assets/echarts/echarts.min.js\" defer></script>\n";
        return page(lang, zone, "ticket", body);
    }

    /**
     * The KPIs per grid by week (the last 8) or by month (the last 6), in the site's zone, newest first:
     * {@code /assets/tickets.js} asks {@code /api/kpis/periods} once per switch.
     */
    static String kpis(Lang lang, String zone, List<Grid> grids) {
        StringBuilder h = new StringBuilder(2048);
        h.append("<div class=\"filters\" role=\"group\"><button type=\"button\" class=\"toggle\" id=\"kpi-week\" aria-pressed=\"true\">")
                .append(t(lang, "kpi.week")).append("</button> <button type=\"button\" class=\"toggle\" id=\"kpi-month\" aria-pressed=\"false\">")
                .append(t(lang, "kpi.month")).append("</button></div>\n");
        StringBuilder gridJson = new StringBuilder("[");
        for (Grid g : grids) {
            gridJson.append(gridJson.length() > 1 ? "," : "").append("{\"id\":").append(Pages.jsonString(g.id()))
                    .append(",\"name\":").append(Pages.jsonString(g.name())).append('}');
        }
        gridJson.append(']');
        h.append("<div id=\"kpis\" data-grids=\"").append(Html.escape(gridJson.toString())).append("\"></div>\n");
        return page(lang, zone, "kpis", h.toString());
    }

    private static String page(Lang lang, String zone, String view, String body) {
        return "<link rel=\"stylesheet\" href=\"/assets/tickets.css\">\n<div id=\"tickets-app\" data-view=\"" + view
                + "\" data-lang=\"" + (lang == Lang.EN ? "en" : "zh") + "\" data-zone=\"" + Html.escape(zone) + "\"></div>\n"
                + body + "<script src=\"/assets/tickets.js\" defer></script>\n";
    }

    private static String jsonArray(Set<String> values) {
        return values.stream().map(Pages::jsonString).collect(Collectors.joining(",", "[", "]"));
    }

    private static String jsonMap(Map<String, Set<String>> map) {
        return map.entrySet().stream().map(e -> Pages.jsonString(e.getKey()) + ":" + jsonArray(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** The ticket actions' paths {@code user} may take, and the statuses each is taken from. */
    static Set<String> allowedActions(StaffUser user, Access access) {
        return EnumSet.allOf(org.linli.cloud.tickets.Action.class).stream().filter(a -> access.may(user, a.permission()))
                .map(org.linli.cloud.tickets.Action::path).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    static Map<String, Set<String>> transitions() {
        Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
        for (org.linli.cloud.tickets.Action a : org.linli.cloud.tickets.Action.values()) {
            out.put(a.path(), a.from().stream().map(Enum::name).collect(Collectors.toCollection(java.util.TreeSet::new)));
        }
        return out;
    }

    /** The user's grids, in the site's order. */
    static List<Grid> grids(Site site, StaffUser user, Access access) {
        return site.grids().stream().filter(g -> access.canSeeGrid(user, g.id())).toList();
    }

    static String zone(Site site) {
        ZoneId z = site.zone();
        return z.getId();
    }
}
