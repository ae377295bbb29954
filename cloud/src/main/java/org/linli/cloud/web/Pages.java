package org.linli.cloud.web;

import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.StaffUser;
import org.linli.cloud.ingest.IngestStats;

import java.util.List;
import java.util.Map;

/**
 * The bodies of the dashboard pages (the frame is {@link Shell}). Server-rendered from the same rows the
 * JSON API returns; every text from outside is escaped.
 */
final class Pages {
    static final int REFRESH_SECONDS = 10;

    private Pages() {
    }

    /** The devices page: gateways, their sensors, and (admins only) the ingest counters. */
    static String devices(Lang lang, List<DeviceViews.GatewayRow> gateways, IngestStats statsOrNull) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<div data-refresh=\"").append(REFRESH_SECONDS).append("\"></div>\n");
        if (gateways.isEmpty()) {
            h.append("<p>").append(t(lang, "devices.none")).append("</p>\n");
        } else {
            h.append("<h2>").append(t(lang, "devices.gateways")).append("</h2>\n<div class=\"scroll\"><table id=\"gateways\">\n<thead><tr>")
                    .append(th(lang, "col.gateway")).append(th(lang, "col.name")).append(th(lang, "col.status"))
                    .append(th(lang, "col.lastSeen")).append(th(lang, "col.version")).append(th(lang, "col.commissioning"))
                    .append("</tr></thead>\n<tbody>\n");
            for (DeviceViews.GatewayRow g : gateways) {
                h.append("<tr data-gateway=\"").append(Html.escape(g.gateway())).append("\"><td>").append(Html.escape(g.gateway()))
                        .append("</td><td>").append(Html.escape(g.name())).append("</td><td>").append(status(lang, g.status()))
                        .append("</td><td>").append(Html.escape(g.lastSeenLocal())).append("</td><td>").append(Html.escape(g.version()))
                        .append("</td><td>").append(commissioning(lang, g)).append("</td></tr>\n");
            }
            h.append("</tbody></table></div>\n");
            h.append("<h2>").append(t(lang, "devices.sensors")).append("</h2>\n<div class=\"scroll\"><table id=\"sensors\">\n<thead><tr>")
                    .append(th(lang, "col.sensor")).append(th(lang, "col.gateway")).append(th(lang, "col.kind"))
                    .append(th(lang, "col.space")).append(th(lang, "col.grid")).append(th(lang, "col.status"))
                    .append(th(lang, "col.reading")).append(th(lang, "col.lastSeen")).append("</tr></thead>\n<tbody>\n");
            for (DeviceViews.GatewayRow g : gateways) {
                for (DeviceViews.SensorRow s : g.sensors()) {
                    h.append("<tr data-sensor=\"").append(Html.escape(s.sensor())).append("\" data-grid=\"").append(Html.escape(s.grid()))
                            .append("\"><td>").append(Html.escape(s.sensor())).append("</td><td>").append(Html.escape(g.gateway()))
                            .append("</td><td>").append(Html.escape(s.kind())).append("</td><td>").append(Html.escape(s.spaceName()))
                            .append("</td><td>").append(Html.escape(s.gridName())).append("</td><td>").append(status(lang, s.status()))
                            .append(s.message() == null ? "" : " <span class=\"muted\">" + Html.escape(s.message()) + "</span>")
                            .append("</td><td>").append(Html.escape(s.reading())).append("</td><td>").append(Html.escape(s.lastSeenLocal()))
                            .append("</td></tr>\n");
                }
            }
            h.append("</tbody></table></div>\n");
        }
        if (statsOrNull != null) {
            counters(h, lang, statsOrNull);
        }
        return h.toString();
    }

    /** The users page (admins): the accounts and a form that posts a new one as JSON ({@code app.js}). */
    static String users(Lang lang, List<StaffUser> users) {
        StringBuilder h = new StringBuilder(2048);
        h.append("<div class=\"scroll\"><table id=\"users\">\n<thead><tr>").append(th(lang, "col.username"))
                .append(th(lang, "col.displayName")).append(th(lang, "col.role")).append(th(lang, "col.scope"))
                .append("</tr></thead>\n<tbody>\n");
        for (StaffUser u : users) {
            h.append("<tr data-user=\"").append(Html.escape(u.username())).append("\"><td>").append(Html.escape(u.username()))
                    .append("</td><td>").append(Html.escape(u.displayName())).append("</td><td>")
                    .append(t(lang, "role." + u.role().name())).append("</td><td>").append(Html.escape(u.scope()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n<h2>").append(t(lang, "users.new")).append("</h2>\n")
                .append("<form class=\"login\" id=\"new-user\" data-json-post=\"/api/users\">\n")
                .append(field(lang, "username", "col.username", "text"))
                .append(field(lang, "displayName", "col.displayName", "text"))
                .append(field(lang, "password", "login.password", "password"))
                .append("<label for=\"role\">").append(t(lang, "col.role")).append("</label><select id=\"role\" name=\"role\">");
        for (Role r : Role.values()) {
            h.append("<option value=\"").append(r.name()).append("\">").append(t(lang, "role." + r.name())).append("</option>");
        }
        h.append("</select>\n").append(field(lang, "scope", "col.scope", "text"))
                .append("<p class=\"muted\">").append(t(lang, "users.scopeHint")).append("</p>\n")
                .append("<p class=\"error\" data-form-error role=\"alert\"></p>\n")
                .append("<button type=\"submit\" id=\"new-user-submit\">").append(t(lang, "users.create")).append("</button>\n</form>\n");
        return h.toString();
    }

    private static String field(Lang lang, String name, String label, String type) {
        return "<label for=\"" + name + "\">" + t(lang, label) + "</label><input id=\"" + name + "\" name=\"" + name
                + "\" type=\"" + type + "\" autocomplete=\"off\">\n";
    }

    /** A page filled in the browser from a JSON API ({@code app.js}: text only, never markup from data). */
    static String fromApi(Lang lang, String apiPath) {
        return "<div id=\"api-view\" data-api=\"" + Html.escape(apiPath) + "\" data-msg-loading=\"" + t(lang, "api.loading")
                + "\" data-msg-missing=\"" + t(lang, "api.missing") + "\" data-msg-empty=\"" + t(lang, "api.empty")
                + "\" data-msg-error=\"" + t(lang, "api.error") + "\"></div>\n";
    }

    private static void counters(StringBuilder h, Lang lang, IngestStats s) {
        h.append("<h2>").append(t(lang, "stats.title")).append("</h2>\n<div class=\"scroll\"><table id=\"ingest-stats\">\n<tbody>\n");
        row(h, "acceptedBatches", s.acceptedBatches());
        row(h, "acceptedReadings", s.acceptedReadings());
        row(h, "duplicates", s.duplicates());
        row(h, "lateBatches", s.lateBatches());
        row(h, "gaps", s.gaps());
        row(h, "skippedBatches", s.skippedBatches());
        row(h, "storeRefusals", s.storeRefusals());
        row(h, "rejectedTotal", s.rejectedTotal());
        for (Map.Entry<String, Long> e : s.rejects().entrySet()) {
            if (e.getValue() > 0) {
                row(h, "rejected · " + e.getKey(), e.getValue());
            }
        }
        h.append("</tbody></table></div>\n");
    }

    private static void row(StringBuilder h, String label, long value) {
        h.append("<tr><th>").append(Html.escape(label)).append("</th><td class=\"num\">").append(value).append("</td></tr>\n");
    }

    private static String status(Lang lang, String status) {
        String cls = switch (status) {
            case "online" -> "ok";
            case "stale" -> "warn";
            case "error", "offline" -> "bad";
            default -> "none";
        };
        String label = switch (status) {
            case "online", "stale", "never" -> Messages.t(lang, "status." + status);
            default -> status;
        };
        return "<span class=\"badge " + cls + "\">" + Html.escape(label) + "</span>";
    }

    private static String commissioning(Lang lang, DeviceViews.GatewayRow g) {
        if (g.commissioningPassed() == null) {
            return "<span class=\"muted\">" + t(lang, "commissioning.none") + "</span>";
        }
        if (g.commissioningPassed()) {
            return "<span class=\"q-good\">" + t(lang, "commissioning.passed") + "</span>";
        }
        return "<span class=\"q-error\">" + t(lang, "commissioning.failed") + "</span> " + Html.escape(String.join(", ", g.commissioningFailed()));
    }

    private static String th(Lang lang, String key) {
        return "<th>" + t(lang, key) + "</th>";
    }

    private static String t(Lang lang, String key) {
        return Html.escape(Messages.t(lang, key));
    }

    /** A JSON string literal; the result still has to be escaped for its HTML context. */
    static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
