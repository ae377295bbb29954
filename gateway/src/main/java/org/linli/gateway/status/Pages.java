package org.linli.gateway.status;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The installer's pages, rendered on the server from the same JSON as {@code /api/status}: large type
 * for a phone, Chinese first, every text escaped. Live updates come from a few lines of inline script
 * reading {@code /events} (Server-Sent Events); there is no external script or style.
 */
final class Pages {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;padding:12px;color:#222;background:#f6f7f9;font-size:18px;line-height:1.45}
            h1{font-size:1.4em;margin:4px 0 12px}h2{font-size:1.2em;margin:22px 0 8px}
            .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;background:#fff}
            th,td{border-bottom:1px solid #e3e5e8;padding:8px;text-align:left;vertical-align:top}
            th{background:#eef0f3;font-weight:600}
            .q-good,.ok,.s-SEEN,.o-pass{color:#1a7f37;font-weight:600}.q-suspect,.s-WAITING,.o-unknown{color:#9a6700;font-weight:600}
            .q-error,.q-offline,.bad,.s-NOT_SEEN,.o-fail{color:#cf222e;font-weight:700}
            .muted{color:#666;font-size:.9em}.big{font-size:1.3em;font-weight:700}
            button,.btn{font-size:1em;padding:10px 14px;border-radius:8px;border:1px solid #888;background:#fff;margin:4px 0;color:#222;text-decoration:none;display:inline-block}
            nav a{margin-right:14px}
            @media print{nav,button,.btn,.noprint{display:none}body{background:#fff;font-size:12pt}}
            """;

    private Pages() {
    }

    /** {@code GET /}: every sensor with its latest value and a wiring check button, and the gateway's state. */
    static String status(JsonObject s, Lang lang) {
        StringBuilder h = head(lang, lang.t("网关状态", "Gateway status") + " · " + s.getString("gateway"));
        nav(h, lang, "/");
        h.append("<h1>").append(e(lang.t("网关 ", "Gateway ") + s.getString("site") + " / " + s.getString("gateway"))).append("</h1>\n");
        h.append("<h2>").append(e(lang.t("传感器", "Sensors"))).append("</h2>\n<div class=\"scroll\"><table>\n<thead><tr>");
        for (String col : new String[] {lang.t("传感器", "Sensor"), lang.t("类型", "Kind"), lang.t("空间", "Space"),
                lang.t("接线", "Wiring"), lang.t("最新值", "Latest"), lang.t("状态", "Status"), lang.t("最后收到", "Last seen"),
                lang.t("接线检查", "Wiring check")}) {
            h.append("<th>").append(e(col)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        JsonArray sensors = s.getJsonArray("sensors");
        for (int i = 0; i < sensors.size(); i++) {
            JsonObject x = sensors.getJsonObject(i);
            JsonObject latest = x.getJsonObject("latest");
            String quality = latest == null ? "none" : latest.getString("quality");
            JsonObject check = x.getJsonObject("check");
            h.append("<tr id=\"s-").append(e(x.getString("id"))).append("\"><td>").append(e(x.getString("id")))
                    .append("</td><td>").append(e(x.getString("kind"))).append("</td><td>").append(e(x.getString("space")))
                    .append("</td><td>").append(e(x.getString("wiring"))).append("</td><td class=\"v big\">")
                    .append(e(latest == null ? "—" : latest.getString("text"))).append("</td><td class=\"q q-")
                    .append(e(quality)).append("\">").append(e(latest == null ? lang.t("尚无读数", "no reading yet")
                            : qualityText(quality, lang) + (latest.getString("message") == null ? "" : ": " + latest.getString("message"))))
                    .append("</td><td class=\"t\">").append(e(latest == null ? "—" : latest.getString("localTime")))
                    .append("</td><td><button type=\"button\" data-id=\"").append(e(x.getString("id")))
                    .append("\" onclick=\"check(this.dataset.id)\">").append(e(lang.t("检查接线", "Check wiring")))
                    .append("</button><div class=\"c s-").append(e(check.getString("state"))).append("\">")
                    .append(e(checkText(check.getString("state"), lang))).append("</div></td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
        JsonObject cloud = s.getJsonObject("cloud");
        JsonObject lan = s.getJsonObject("lan");
        h.append("<h2>").append(e(lang.t("网关", "Gateway"))).append("</h2>\n<div class=\"scroll\"><table><tbody>\n");
        row(h, lang.t("云端 MQTT", "Cloud broker"), connected(cloud.getBoolean("connected"), lang), "cloud",
                cloud.getBoolean("connected") ? "ok" : "bad");
        row(h, lang.t("本地 MQTT", "LAN broker"), lan.getBoolean("used") ? connected(lan.getBoolean("connected"), lang)
                : lang.t("未使用", "not used"), "lan", !lan.getBoolean("used") || lan.getBoolean("connected") ? "ok" : "bad");
        row(h, lang.t("待上传读数 / 批次", "Buffered readings / batches"),
                cloud.getLong("bufferedReadings") + " / " + cloud.getInteger("bufferedBatches"), "buffered", "");
        row(h, lang.t("最后上传（云端确认）", "Last upload (PUBACK)"), orDash(cloud.getString("lastAckLocalTime")), "lastAck", "");
        row(h, lang.t("启动编号", "Boot id"), s.getString("bootId"), null, "");
        row(h, lang.t("运行时间", "Uptime"), uptime(s.getLong("uptimeSeconds"), lang), null, "");
        JsonObject v = s.getJsonObject("versions");
        row(h, lang.t("版本", "Versions"), "linli-gateway " + v.getString("gateway") + " · Java " + v.getString("java"), null, "");
        h.append("</tbody></table></div>\n");
        h.append("<p class=\"muted\">").append(e(lang.t("本页自动更新；仅在现场局域网内可访问。",
                "This page updates itself; it is only reachable on the site's LAN."))).append("</p>\n");
        script(h, lang, true);
        return h.append("</body>\n</html>\n").toString();
    }

    /** {@code GET /commission}: the walk through the sensors, then the automatic checks. */
    static String commission(JsonObject c, Lang lang) {
        StringBuilder h = head(lang, lang.t("现场调试", "Commissioning"));
        nav(h, lang, "/commission");
        h.append("<h1>").append(e(lang.t("现场调试", "Commissioning"))).append("</h1>\n");
        String phase = c.getString("phase");
        h.append("<p class=\"big\">");
        switch (phase) {
            case "IDLE" -> h.append(e(lang.t("按“开始调试”，然后依次触发每个传感器。",
                    "Press Start, then trigger each sensor in turn.")));
            case "SENSORS" -> {
                JsonObject cur = c.getJsonObject("current");
                h.append(e(lang.t("请现在触发该传感器：", "Trigger this sensor now: "))).append("<br>")
                        .append(e(cur.getString("id") + " · " + cur.getString("kind") + " · " + cur.getString("wiring")
                                + (cur.getString("space").isEmpty() ? "" : " · " + cur.getString("space"))))
                        .append("<br><span class=\"muted\">").append(e(lang.t("剩余 ", "time left "))).append("<span id=\"left\" data-ms=\"")
                        .append(cur.getLong("remainingMs")).append("\">").append(cur.getLong("remainingMs") / 1000)
                        .append("</span> s · ").append(c.getInteger("index") + 1).append(" / ").append(c.getInteger("total")).append("</span>");
            }
            case "CHECKS" -> h.append(e(lang.t("正在自动检查：时钟、存储、MQTT、上传……", "Running the automatic checks: clock, storage, brokers, upload…")));
            default -> {
                boolean passed = c.getJsonObject("report").getBoolean("passed");
                h.append("<span class=\"").append(passed ? "ok" : "bad").append("\">")
                        .append(e(passed ? lang.t("调试通过 ✓", "Commissioning passed ✓") : lang.t("调试未通过 ✗", "Commissioning failed ✗")))
                        .append("</span>");
            }
        }
        h.append("</p>\n<div class=\"noprint\"><button type=\"button\" onclick=\"post('/api/commission/start')\">")
                .append(e("IDLE".equals(phase) ? lang.t("开始调试", "Start") : lang.t("重新开始", "Start again"))).append("</button>");
        if ("SENSORS".equals(phase)) {
            h.append(" <button type=\"button\" onclick=\"post('/api/commission/skip')\">").append(e(lang.t("跳过此传感器", "Skip this sensor")))
                    .append("</button>");
        }
        if ("DONE".equals(phase)) {
            h.append(" <a class=\"btn\" href=\"/commission/report").append(lang == Lang.EN ? "?lang=en" : "").append("\">")
                    .append(e(lang.t("查看 / 打印报告", "View / print the report"))).append("</a>");
        }
        h.append("</div>\n");
        JsonArray results = c.getJsonArray("sensors");
        if (!results.isEmpty()) {
            h.append("<h2>").append(e(lang.t("传感器", "Sensors"))).append("</h2>\n<div class=\"scroll\"><table><tbody>\n");
            for (int i = 0; i < results.size(); i++) {
                JsonObject r = results.getJsonObject(i);
                h.append("<tr><td>").append(e(r.getString("sensor"))).append("</td><td class=\"o-").append(e(r.getString("outcome")))
                        .append("\">").append(e(outcomeText(r.getString("outcome"), lang))).append("</td><td>")
                        .append(e(r.getString("detail"))).append("</td></tr>\n");
            }
            h.append("</tbody></table></div>\n");
        }
        if (c.containsKey("publish")) {
            h.append("<p>").append(e(lang.t("报告上传到云端：", "Report sent to the cloud: ") + c.getString("publish"))).append("</p>\n");
        }
        script(h, lang, false);
        return h.append("</body>\n</html>\n").toString();
    }

    /** {@code GET /commission/report}: the printable report, Chinese first with English beside it. */
    static String report(JsonObject r) {
        Lang lang = Lang.ZH;
        StringBuilder h = head(lang, "调试报告 Commissioning report · " + r.getString("gateway"));
        h.append("<nav class=\"noprint\"><a href=\"/commission\">← 返回 Back</a> <button type=\"button\" onclick=\"print()\">打印 Print</button></nav>\n");
        boolean passed = r.getBoolean("passed");
        h.append("<h1>网关调试报告 <span class=\"muted\">Gateway commissioning report</span></h1>\n");
        h.append("<div class=\"scroll\"><table><tbody>\n");
        row(h, "社区 Site", r.getString("site"), null, "");
        row(h, "网关 Gateway", r.getString("gateway"), null, "");
        row(h, "日期 Date", r.getString("startedLocal") + " – " + r.getString("finishedLocal"), null, "");
        row(h, "软件 Software", "linli-gateway " + r.getString("gatewayVersion") + " · boot " + r.getString("bootId"), null, "");
        row(h, "结论 Result", passed ? "通过 PASS" : "未通过 FAIL: " + String.join(", ", r.getJsonArray("failed").getList()),
                null, passed ? "ok" : "bad");
        h.append("</tbody></table></div>\n<h2>传感器 <span class=\"muted\">Sensors</span></h2>\n<div class=\"scroll\"><table>\n")
                .append("<thead><tr><th>传感器 Sensor</th><th>类型 Kind</th><th>空间 Space</th><th>接线 Wiring</th><th>结果 Result</th><th>说明 Detail</th></tr></thead><tbody>\n");
        JsonArray sensors = r.getJsonArray("sensors");
        for (int i = 0; i < sensors.size(); i++) {
            JsonObject s = sensors.getJsonObject(i);
            h.append("<tr><td>").append(e(s.getString("sensor"))).append("</td><td>").append(e(s.getString("kind")))
                    .append("</td><td>").append(e(s.getString("space"))).append("</td><td>").append(e(s.getString("wiring")))
                    .append("</td><td class=\"o-").append(e(s.getString("outcome"))).append("\">")
                    .append(e(outcomeText(s.getString("outcome"), Lang.ZH) + " " + s.getString("outcome").toUpperCase(java.util.Locale.ROOT)))
                    .append("</td><td>").append(e(s.getString("detail"))).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n<h2>自动检查 <span class=\"muted\">Automatic checks</span></h2>\n<div class=\"scroll\"><table>\n")
                .append("<thead><tr><th>项目 Check</th><th>结果 Result</th><th>数据 Figure</th></tr></thead><tbody>\n");
        JsonArray checks = r.getJsonArray("checks");
        for (int i = 0; i < checks.size(); i++) {
            JsonObject c = checks.getJsonObject(i);
            h.append("<tr><td>").append(e(checkName(c.getString("name")))).append("</td><td class=\"o-").append(e(c.getString("outcome")))
                    .append("\">").append(e(outcomeText(c.getString("outcome"), Lang.ZH) + " " + c.getString("outcome").toUpperCase(java.util.Locale.ROOT)))
                    .append("</td><td>").append(e(c.getString("figure"))).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n<p class=\"muted\">安装人员签字 Installer: ____________ &nbsp; 日期 Date: ____________</p>\n");
        return h.append("</body>\n</html>\n").toString();
    }

    static String qualityText(String quality, Lang lang) {
        return switch (quality) {
            case "good" -> lang.t("正常", "good");
            case "suspect" -> lang.t("存疑", "suspect");
            case "error" -> lang.t("故障", "error");
            case "offline" -> lang.t("离线", "offline");
            default -> quality;
        };
    }

    static String checkText(String state, Lang lang) {
        return switch (state) {
            case "WAITING" -> lang.t("请现在触发该传感器", "trigger it now");
            case "SEEN" -> lang.t("已看到 ✓", "seen ✓");
            case "NOT_SEEN" -> lang.t("未看到 ✗", "not seen ✗");
            default -> "";
        };
    }

    private static String outcomeText(String outcome, Lang lang) {
        return switch (outcome) {
            case "pass" -> lang.t("通过 ✓", "pass ✓");
            case "fail" -> lang.t("未通过 ✗", "fail ✗");
            default -> lang.t("未知", "unknown");
        };
    }

    private static String checkName(String name) {
        return switch (name) {
            case "clock" -> "时钟 Clock";
            case "storage" -> "存储 Storage";
            case "brokers" -> "MQTT 连接 Brokers";
            case "upload" -> "上传 Upload";
            default -> name;
        };
    }

    private static String connected(boolean up, Lang lang) {
        return up ? lang.t("已连接", "connected") : lang.t("未连接", "not connected");
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "—" : s;
    }

    private static String uptime(long seconds, Lang lang) {
        long d = seconds / 86_400;
        long h = seconds % 86_400 / 3600;
        long m = seconds % 3600 / 60;
        return (d > 0 ? d + lang.t(" 天 ", " d ") : "") + h + lang.t(" 小时 ", " h ") + m + lang.t(" 分", " min");
    }

    private static StringBuilder head(Lang lang, String title) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(lang.tag()).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(e("邻里 · " + title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        return h;
    }

    private static void nav(StringBuilder h, Lang lang, String path) {
        String q = lang == Lang.EN ? "?lang=en" : "";
        h.append("<nav><a href=\"/").append(q).append("\">").append(e(lang.t("状态", "Status"))).append("</a>")
                .append("<a href=\"/commission").append(q).append("\">").append(e(lang.t("现场调试", "Commissioning"))).append("</a>")
                .append("<a href=\"").append(path).append(lang == Lang.EN ? "" : "?lang=en").append("\">")
                .append(lang == Lang.EN ? "中文" : "English").append("</a></nav>\n");
    }

    private static void row(StringBuilder h, String label, String value, String id, String cls) {
        h.append("<tr><th>").append(e(label)).append("</th><td");
        if (id != null) {
            h.append(" id=\"").append(id).append("\"");
        }
        if (!cls.isEmpty()) {
            h.append(" class=\"").append(cls).append("\"");
        }
        h.append(">").append(e(value)).append("</td></tr>\n");
    }

    /**
     * The live part: rows change on {@code reading} and {@code check} events, the gateway table on
     * {@code uplink}; the commissioning page reloads on {@code commissioning}. Only textContent is set,
     * so nothing from an event is ever parsed as HTML.
     */
    private static void script(StringBuilder h, Lang lang, boolean statusPage) {
        boolean en = lang == Lang.EN;
        h.append("<script>\n")
                .append("const EN=").append(en).append(";\n")
                .append("const CHECK={WAITING:EN?'trigger it now':'请现在触发该传感器',SEEN:EN?'seen ✓':'已看到 ✓',NOT_SEEN:EN?'not seen ✗':'未看到 ✗',IDLE:''};\n")
                .append("const Q={good:EN?'good':'正常',suspect:EN?'suspect':'存疑',error:EN?'error':'故障',offline:EN?'offline':'离线'};\n")
                .append("function post(u){fetch(u,{method:'POST'}).then(()=>{if(!").append(statusPage).append(")location.reload();});}\n")
                .append("function check(id){fetch('/api/check/'+encodeURIComponent(id),{method:'POST'});}\n")
                .append("function set(el,sel,t,c){const x=el&&el.querySelector(sel);if(x){x.textContent=t;if(c)x.className=c;}}\n")
                .append("const es=new EventSource('/events');\n")
                .append("es.addEventListener('reading',ev=>{const d=JSON.parse(ev.data);const r=document.getElementById('s-'+d.id);")
                .append("set(r,'.v',d.text);set(r,'.q',Q[d.quality]+(d.message?': '+d.message:''),'q q-'+d.quality);set(r,'.t',d.localTime);});\n")
                .append("es.addEventListener('check',ev=>{const d=JSON.parse(ev.data);set(document.getElementById('s-'+d.sensor),'.c',CHECK[d.state],'c s-'+d.state);});\n")
                .append("es.addEventListener('uplink',ev=>{const d=JSON.parse(ev.data);const t=(id,v,c)=>{const x=document.getElementById(id);if(x){x.textContent=v;if(c!==undefined)x.className=c;}};")
                .append("t('cloud',d.cloud.connected?(EN?'connected':'已连接'):(EN?'not connected':'未连接'),d.cloud.connected?'ok':'bad');")
                .append("if(d.lan.used)t('lan',d.lan.connected?(EN?'connected':'已连接'):(EN?'not connected':'未连接'),d.lan.connected?'ok':'bad');")
                .append("t('buffered',d.cloud.bufferedReadings+' / '+d.cloud.bufferedBatches);t('lastAck',d.cloud.lastAckLocalTime||'—');});\n");
        if (!statusPage) {
            h.append("es.addEventListener('commissioning',()=>location.reload());\n")
                    .append("const left=document.getElementById('left');if(left){const end=Date.now()+Number(left.dataset.ms);")
                    .append("setInterval(()=>{left.textContent=Math.max(0,Math.round((end-Date.now())/1000));},500);}\n");
        }
        h.append("</script>\n");
    }

    private static String e(String s) {
        return Html.escape(s);
    }
}
