package org.linli.cloud.web;

import org.linli.cloud.auth.Access;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.StaffUser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The frame of every dashboard page: header with the user and the language switch, the navigation the
 * user's role may use, and the body. Phone first (one column, large tap targets), styles and scripts only
 * from {@code /assets} (no inline script, so the Content-Security-Policy can forbid it). Every text from
 * outside is escaped here or by the page that renders the body.
 */
public final class Shell {

    /** The pages of the navigation, in order, with the action that shows them. */
    public enum Nav {
        ALERTS("/alerts", "nav.alerts", Action.VIEW_TICKETS),
        TICKETS("/tickets", "nav.tickets", Action.VIEW_TICKETS),
        SPACES("/spaces", "nav.spaces", Action.VIEW_SPACES),
        DEVICES("/devices", "nav.devices", Action.VIEW_DEVICES),
        CANTEEN("/canteen", "nav.canteen", Action.VIEW_CANTEEN),
        KPIS("/kpis", "nav.kpis", Action.VIEW_KPIS),
        USERS("/users", "nav.users", Action.MANAGE_USERS);

        private final String path;
        private final String label;
        private final Action action;

        Nav(String path, String label, Action action) {
            this.path = path;
            this.label = label;
            this.action = action;
        }

        public String path() {
            return path;
        }

        public String label() {
            return label;
        }

        /** Whether {@code user} sees this entry (the canteen page also serves settlement readers). */
        public boolean visibleTo(StaffUser user, Access access) {
            return access.may(user, action) || (this == CANTEEN && access.may(user, Action.VIEW_SETTLEMENTS));
        }

        /** The entries {@code user} sees. */
        public static List<Nav> visible(StaffUser user, Access access) {
            return java.util.Arrays.stream(values()).filter(n -> n.visibleTo(user, access)).toList();
        }
    }

    private Shell() {
    }

    /** A page for a logged-in user. {@code body} must already be escaped HTML. */
    public static String page(Lang lang, StaffUser user, Access access, Nav active, String title, String csrfToken,
                              String path, String siteName, String body) {
        StringBuilder h = new StringBuilder(body.length() + 3000);
        head(h, lang, title, csrfToken);
        h.append("<header class=\"top\"><span class=\"brand\">").append(Html.escape(Messages.t(lang, "app")))
                .append(" · ").append(Html.escape(siteName)).append("</span>")
                .append("<span class=\"who\"><span id=\"user-name\">").append(Html.escape(user.displayName()))
                .append("</span> <span class=\"muted\">").append(Html.escape(Messages.t(lang, "role." + user.role().name())))
                .append("</span></span>")
                .append("<a class=\"lang\" id=\"lang-switch\" href=\"/lang/").append(lang.other() == Lang.EN ? "en" : "zh")
                .append("?back=").append(Html.escape(URLEncoder.encode(path, StandardCharsets.UTF_8))).append("\">")
                .append(Html.escape(Messages.t(lang, "lang.switch"))).append("</a>")
                .append("<button type=\"button\" class=\"logout\" id=\"logout\">").append(Html.escape(Messages.t(lang, "logout")))
                .append("</button></header>\n<nav class=\"nav\">");
        for (Nav n : Nav.visible(user, access)) {
            h.append("<a href=\"").append(n.path()).append("\"").append(n == active ? " class=\"active\" aria-current=\"page\"" : "")
                    .append(" id=\"nav-").append(n.name().toLowerCase(java.util.Locale.ROOT)).append("\">")
                    .append(Html.escape(Messages.t(lang, n.label()))).append("</a>");
        }
        h.append("</nav>\n<main>\n<h1>").append(Html.escape(title)).append("</h1>\n").append(body).append("</main>\n");
        tail(h);
        return h.toString();
    }

    /** A page without navigation (the login page). */
    public static String bare(Lang lang, String title, String body) {
        StringBuilder h = new StringBuilder(body.length() + 1500);
        head(h, lang, title, null);
        h.append("<main class=\"narrow\">\n").append(body).append("</main>\n");
        tail(h);
        return h.toString();
    }

    private static void head(StringBuilder h, Lang lang, String title, String csrfToken) {
        h.append("<!DOCTYPE html>\n<html lang=\"").append(lang.tag()).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if (csrfToken != null) {
            h.append("<meta name=\"csrf-token\" content=\"").append(Html.escape(csrfToken)).append("\">\n");
        }
        h.append("<title>").append(Html.escape(Messages.t(lang, "app"))).append(" · ").append(Html.escape(title)).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/assets/app.css\">\n")
                .append("<script src=\"/assets/app.js\" defer></script>\n</head>\n<body>\n");
    }

    private static void tail(StringBuilder h) {
        h.append("</body>\n</html>\n");
    }
}
