package org.linli.cloud.web;

import java.util.Map;

/** The pages' texts in Chinese and English. A missing key shows as itself, so it is noticed. */
public final class Messages {
    private static final Map<String, String[]> TEXT = Map.ofEntries(
            e("app", "邻里", "Linli"),
            e("nav.alerts", "告警", "Alerts"),
            e("nav.tickets", "工单", "Tickets"),
            e("nav.spaces", "空间", "Spaces"),
            e("nav.devices", "设备", "Devices"),
            e("nav.canteen", "食堂", "Canteen"),
            e("nav.kpis", "考核", "KPIs"),
            e("nav.users", "用户", "Users"),
            e("users.new", "新建用户", "New user"),
            e("users.create", "创建", "Create"),
            e("users.scopeHint", "网格员/网格长填网格编号，食堂运营填食堂编号", "grid id for grid staff, canteen id for a canteen operator"),
            e("col.username", "用户名", "User name"),
            e("col.displayName", "姓名", "Name"),
            e("col.role", "角色", "Role"),
            e("col.scope", "范围", "Scope"),
            e("lang.switch", "English", "中文"),
            e("logout", "退出", "Log out"),
            e("login.title", "登录", "Log in"),
            e("login.username", "用户名", "User name"),
            e("login.password", "密码", "Password"),
            e("login.submit", "登录", "Log in"),
            e("login.failed", "用户名或密码错误。", "Wrong user name or password."),
            e("login.locked", "尝试次数过多，请 {0} 秒后再试。", "Too many attempts: try again in {0} s."),
            e("role.COMMUNITY_ADMIN", "社区管理员", "Community admin"),
            e("role.GRID_HEAD", "网格长", "Grid head"),
            e("role.GRID_WORKER", "网格员", "Grid worker"),
            e("role.CANTEEN_OPERATOR", "食堂运营", "Canteen operator"),
            e("role.CIVIL_AFFAIRS", "民政专员", "Civil affairs"),
            e("devices.title", "设备", "Devices"),
            e("devices.gateways", "网关", "Gateways"),
            e("devices.sensors", "传感器", "Sensors"),
            e("devices.none", "没有可显示的设备。", "No devices to show."),
            e("col.gateway", "网关", "Gateway"),
            e("col.name", "名称", "Name"),
            e("col.status", "状态", "Status"),
            e("col.lastSeen", "最后上报", "Last seen"),
            e("col.version", "版本", "Version"),
            e("col.commissioning", "调试", "Commissioning"),
            e("col.sensor", "传感器", "Sensor"),
            e("col.kind", "类型", "Kind"),
            e("col.space", "空间", "Space"),
            e("col.grid", "网格", "Grid"),
            e("col.reading", "读数", "Reading"),
            e("col.noise", "噪声 LAeq", "Noise LAeq"),
            e("col.occupancy", "占用", "Occupancy"),
            e("status.online", "在线", "online"),
            e("status.stale", "超时", "stale"),
            e("status.never", "未上报", "never seen"),
            e("commissioning.passed", "通过", "passed"),
            e("commissioning.failed", "未通过", "failed"),
            e("commissioning.none", "无报告", "no report"),
            e("commissioning.title", "设备调试报告", "Commissioning reports"),
            e("stats.title", "接收统计", "Ingest counters"),
            e("spaces.title", "空间", "Spaces"),
            e("spaces.none", "没有可显示的空间。", "No spaces to show."),
            e("spaces.chart", "各空间当前噪声", "Current noise per space"),
            // --- spaces map and space page (dash-spaces) ---
            e("spaces.map", "平面图", "Site plan"),
            e("spaces.list", "空间列表", "Spaces"),
            e("spaces.noPlan", "还没有平面图。", "No site plan yet."),
            e("spaces.noPlanAdmin", "还没有平面图：请在下方上传（PNG 或 JPEG）。", "No site plan yet: upload one below (PNG or JPEG)."),
            e("spaces.status.noisy", "噪声超标", "Over the limit"),
            e("spaces.status.occupied", "有人占用", "Occupied"),
            e("spaces.status.offline", "无数据", "No data"),
            e("spaces.status.quiet", "正常", "Quiet"),
            e("spaces.col.status", "状态", "Status"),
            e("spaces.col.limit", "限值", "Limit"),
            e("spaces.edit", "编辑平面图", "Edit the site plan"),
            e("spaces.upload", "上传平面图", "Upload plan"),
            e("spaces.uploadHint", "PNG 或 JPEG，最大 {0} MB。会替换现有平面图，空间位置保留。",
                    "PNG or JPEG, at most {0} MB. Replaces the current plan; the spaces keep their places."),
            e("spaces.place", "放置空间", "Place a space"),
            e("spaces.placeHint", "选择空间，然后点击地图；也可以拖动标记。", "Choose a space, then tap the map; or drag a marker."),
            e("spaces.unplace", "从地图移除", "Take off the map"),
            e("spaces.notPlaced", "（未放置）", "(not placed)"),
            e("space.back", "返回空间列表", "Back to the spaces"),
            e("space.zone", "声环境功能区", "GB 3096 zone class"),
            e("space.dayLimit", "昼间限值", "Day limit"),
            e("space.nightLimit", "夜间限值", "Night limit"),
            e("space.cap", "边界音量上限（本地规定）", "Boundary cap (local rule)"),
            e("space.day", "近一天", "Last day"),
            e("space.week", "近一周", "Last week"),
            e("space.noise", "噪声 LAeq", "Noise LAeq"),
            e("space.occupancy", "占用比例", "Share of time occupied"),
            e("space.noSensor", "此空间没有这类传感器。", "This space has no such sensor."),
            // --- end spaces map and space page ---
            e("occupied", "有人占用", "occupied"),
            e("vacant", "空闲", "vacant"),
            e("unknown", "未知", "unknown"),
            e("api.loading", "加载中……", "Loading…"),
            e("api.missing", "此功能尚未上线。", "Not available yet."),
            e("api.empty", "暂无数据。", "Nothing yet."),
            e("api.error", "加载失败", "Could not load"),
            e("updated", "更新于", "Updated"),
            e("forbidden", "无权访问。", "Not allowed."));

    private Messages() {
    }

    private static Map.Entry<String, String[]> e(String key, String zh, String en) {
        return Map.entry(key, new String[] {zh, en});
    }

    /** The text for {@code key}; {@code {0}} in it is replaced by {@code arg}. Not escaped. */
    public static String t(Lang lang, String key, Object... args) {
        String[] pair = TEXT.get(key);
        String text = pair == null ? key : pair[lang == Lang.EN ? 1 : 0];
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }
}
