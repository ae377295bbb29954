package org.linli.cloud.web;

import org.linli.cloud.rules.RuleSettings;
import org.linli.cloud.spaces.MapView;
import org.linli.config.Grid;
import org.linli.config.Site;
import org.linli.config.Space;

import java.util.List;

/**
 * The bodies of the spaces pages. The map page: the site plan (Leaflet, from the jar) with a marker per
 * space of the user's grids coloured by status, the list in the same colours, the current-noise bar chart,
 * and for the admin the plan upload and the placing tools. The space page: facts, limits and the day/week
 * charts. {@code /assets/spaces.js} fills the map and the charts from the JSON APIs, text only.
 */
final class SpacePages {
    private static final String LIMIT = " dB(A)";

    private SpacePages() {
    }

    /** The map page, the list server-rendered from {@code view} (the script refreshes both). */
    static String map(Lang lang, MapView view, long maxPlanMegabytes) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<link rel=\"stylesheet\" href=\"/assets/leaflet/leaflet.css\">\n<link rel=\"stylesheet\" href=\"/assets/spaces.css\">\n")
                .append("<div id=\"spaces-app\" data-view=\"map\" data-lang=\"").append(lang == Lang.EN ? "en" : "zh").append("\"></div>\n");
        if (view.spaces().isEmpty()) {
            return h.append("<p>").append(t(lang, "spaces.none")).append("</p>\n").toString();
        }
        h.append("<p class=\"legend\" id=\"legend\">");
        for (String s : List.of("noisy", "occupied", "offline", "quiet")) {
            h.append("<span class=\"st st-").append(s).append("\">").append(t(lang, "spaces.status." + s)).append("</span> ");
        }
        h.append("</p>\n<p class=\"muted\" id=\"map-note\" data-no-plan=\"").append(t(lang, "spaces.noPlan"))
                .append("\" data-no-plan-admin=\"").append(t(lang, "spaces.noPlanAdmin")).append("\"></p>\n")
                .append("<div class=\"map\" id=\"space-map\" role=\"region\" aria-label=\"").append(t(lang, "spaces.map"))
                .append("\" hidden></div>\n");
        if (view.canEdit()) {
            editor(h, lang, view, maxPlanMegabytes);
        }
        h.append("<h2>").append(t(lang, "spaces.list")).append("</h2>\n<div class=\"scroll\"><table id=\"spaces\">\n<thead><tr>")
                .append(th(lang, "col.space")).append(th(lang, "spaces.col.status")).append(th(lang, "col.noise"))
                .append(th(lang, "spaces.col.limit")).append(th(lang, "col.occupancy")).append(th(lang, "col.grid"))
                .append(th(lang, "col.lastSeen")).append("</tr></thead>\n<tbody>\n");
        for (MapView.MapSpace s : view.spaces()) {
            h.append("<tr data-space=\"").append(Html.escape(s.space())).append("\" data-grid=\"").append(Html.escape(s.grid()))
                    .append("\" data-status=\"").append(s.status()).append("\"><td><a href=\"/spaces/")
                    .append(Html.escape(s.space())).append("\">").append(Html.escape(s.name())).append("</a></td><td>")
                    .append("<span class=\"st st-").append(s.status()).append("\" data-cell=\"status\">")
                    .append(t(lang, "spaces.status." + s.status())).append("</span></td><td class=\"num\" data-cell=\"noise\">")
                    .append(s.noiseLaeq() == null ? "—" : Html.escape(Formats.number(s.noiseLaeq()) + LIMIT))
                    .append("</td><td class=\"num\" data-cell=\"limit\">").append(Html.escape(Formats.number(s.limitDb()) + LIMIT))
                    .append("</td><td data-cell=\"occupancy\">").append(t(lang, s.occupancy())).append("</td><td>")
                    .append(Html.escape(s.gridName())).append("</td><td data-cell=\"lastSeen\">").append(Html.escape(s.lastSeenLocal()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
        StringBuilder labels = new StringBuilder("[");
        StringBuilder values = new StringBuilder("[");
        for (MapView.MapSpace s : view.spaces()) {
            labels.append(labels.length() > 1 ? "," : "").append(Pages.jsonString(s.name()));
            values.append(values.length() > 1 ? "," : "").append(s.noiseLaeq() == null ? "null" : Formats.number(s.noiseLaeq()));
        }
        String chart = "{\"labels\":" + labels + "],\"values\":" + values + "],\"unit\":\"dB(A)\"}";
        h.append("<h2>").append(t(lang, "spaces.chart")).append("</h2>\n<div class=\"chart\" id=\"noise-chart\" data-bar-chart=\"")
                .append(Html.escape(chart)).append("\"></div>\n")
                .append("<script src=\"/assets/leaflet/leaflet.js\" defer></script>\n")
                .append("<script src=\"/assets/echarts/echarts.min.js\" defer></script>\n")
                .append("<script src=\"/assets/spaces.js\" defer></script>\n");
        return h.toString();
    }

    private static void editor(StringBuilder h, Lang lang, MapView view, long maxPlanMegabytes) {
        h.append("<details class=\"editor\" id=\"plan-editor\"><summary>").append(t(lang, "spaces.edit")).append("</summary>\n")
                .append("<label for=\"plan-file\">").append(t(lang, "spaces.upload")).append("</label>")
                .append("<input type=\"file\" id=\"plan-file\" accept=\"image/png,image/jpeg\">")
                .append("<button type=\"button\" id=\"plan-upload\">").append(t(lang, "spaces.upload")).append("</button>\n")
                .append("<p class=\"muted\">").append(Html.escape(Messages.t(lang, "spaces.uploadHint", maxPlanMegabytes))).append("</p>\n")
                .append("<p class=\"error\" id=\"plan-error\" role=\"alert\"></p>\n")
                .append("<label for=\"place-space\">").append(t(lang, "spaces.place")).append("</label><select id=\"place-space\">");
        for (MapView.MapSpace s : view.spaces()) {
            h.append("<option value=\"").append(Html.escape(s.space())).append("\">").append(Html.escape(s.name()))
                    .append(s.x() == null && s.lat() == null ? " " + t(lang, "spaces.notPlaced") : "").append("</option>");
        }
        h.append("</select> <button type=\"button\" id=\"unplace\">").append(t(lang, "spaces.unplace")).append("</button>\n")
                .append("<p class=\"muted\">").append(t(lang, "spaces.placeHint")).append("</p>\n</details>\n");
    }

    /** One space: facts, limits, the range switch and the two charts. */
    static String space(Lang lang, Site site, Space space, RuleSettings.Noise noise) {
        String dayStart = noise.dayStart().toString();
        String nightStart = noise.nightStart().toString();
        String grid = site.grid(space.grid()).map(Grid::name).orElse(space.grid());
        StringBuilder h = new StringBuilder(4096);
        h.append("<p><a href=\"/spaces\" id=\"back-to-spaces\">← ").append(t(lang, "space.back")).append("</a></p>\n")
                .append("<div id=\"spaces-app\" data-view=\"space\" data-lang=\"").append(lang == Lang.EN ? "en" : "zh")
                .append("\" data-zone=\"").append(Html.escape(site.zone().getId())).append("\" data-space=\"")
                .append(Html.escape(space.id())).append("\"></div>\n<dl class=\"facts\"><dt>").append(t(lang, "col.grid")).append("</dt><dd>").append(Html.escape(grid))
                .append("</dd><dt>").append(t(lang, "space.zone")).append("</dt><dd>").append(Html.escape(space.noiseZone().code()))
                .append("</dd><dt>").append(t(lang, "space.dayLimit")).append("</dt><dd>").append(space.noiseZone().dayLimitDb())
                .append(LIMIT).append(" (").append(Html.escape(dayStart)).append("–").append(Html.escape(nightStart)).append(")</dd><dt>")
                .append(t(lang, "space.nightLimit")).append("</dt><dd>").append(space.noiseZone().nightLimitDb()).append(LIMIT)
                .append("</dd>");
        if (noise.boundaryCapDb() != null) {
            h.append("<dt>").append(t(lang, "space.cap")).append("</dt><dd>").append(Formats.number(noise.boundaryCapDb()))
                    .append(LIMIT).append("</dd>");
        }
        h.append("</dl>\n<div class=\"filters\" role=\"group\">")
                .append("<button type=\"button\" class=\"toggle\" id=\"range-day\" aria-pressed=\"true\">").append(t(lang, "space.day"))
                .append("</button> <button type=\"button\" class=\"toggle\" id=\"range-week\" aria-pressed=\"false\">")
                .append(t(lang, "space.week")).append("</button></div>\n<p class=\"muted\" id=\"series-note\" role=\"status\"></p>\n")
                .append("<h2>").append(t(lang, "space.noise")).append("</h2>\n<div class=\"chart\" id=\"noise-series\" data-none=\"")
                .append(t(lang, "space.noSensor")).append("\"></div>\n<h2>").append(t(lang, "space.occupancy"))
                .append("</h2>\n<div class=\"chart\" id=\"occupancy-series\" data-none=\"").append(t(lang, "space.noSensor"))
                .append("\"></div>\n<link rel=\"stylesheet\" href=\"/assets/spaces.css\">\n")
                .append("<script src=\"/assets/echarts/echarts.min.js\" defer></script>\n")
                .append("<script src=\"/assets/spaces.js\" defer></script>\n");
        return h.toString();
    }

    private static String th(Lang lang, String key) {
        return "<th>" + t(lang, key) + "</th>";
    }

    private static String t(Lang lang, String key) {
        return Html.escape(Messages.t(lang, key));
    }
}
