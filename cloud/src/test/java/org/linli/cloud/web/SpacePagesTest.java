package org.linli.cloud.web;

import org.junit.jupiter.api.Test;
import org.linli.cloud.auth.TwoGridSite;
import org.linli.cloud.rules.RuleSettings;
import org.linli.cloud.spaces.MapView;
import org.linli.config.Site;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpacePagesTest {
    private final Site site = TwoGridSite.load();

    private static MapView view(boolean canEdit, String name) {
        return new MapView(null, "", "", canEdit, List.of(new MapView.MapSpace("s", name, "plaza", "g1-1", "东区网格", "noisy",
                60.0, 55.0, "unknown", null, null, null, null, null)));
    }

    @Test
    void shouldPutSpaceNamesIntoTheChartAndListEscaped() {
        String html = SpacePages.map(Lang.ZH, view(true, "A \"quoted\" <b>"), 5);
        assertTrue(html.contains("data-bar-chart=\"{&quot;labels&quot;:[&quot;A \\&quot;quoted\\&quot; &lt;b&gt;&quot;]"), html);
        assertTrue(html.contains("<a href=\"/spaces/s\">A &quot;quoted&quot; &lt;b&gt;</a>"), html);
        assertFalse(html.contains("<b>"));
    }

    @Test
    void shouldColourTheListAndOfferTheEditorToTheAdminOnly() {
        String admin = SpacePages.map(Lang.ZH, view(true, "东广场"), 5);
        assertTrue(admin.contains("data-status=\"noisy\""));
        assertTrue(admin.contains("<span class=\"st st-noisy\" data-cell=\"status\">噪声超标</span>"), admin);
        assertTrue(admin.contains("id=\"plan-editor\""));
        assertTrue(admin.contains("accept=\"image/png,image/jpeg\""));
        assertTrue(admin.contains("最大 5 MB"));
        String worker = SpacePages.map(Lang.EN, view(false, "East plaza"), 5);
        assertFalse(worker.contains("plan-editor"));
        assertTrue(worker.contains(">Over the limit</span>"));
        assertFalse(worker.contains("<script>"), "no inline script: the CSP forbids it");
    }

    @Test
    void shouldShowTheSpacesLimitsOnItsPage() {
        String html = SpacePages.space(Lang.EN, site, site.space("plaza-east").orElseThrow(), RuleSettings.defaults().noise());
        assertTrue(html.contains("55 dB(A) (06:00–22:00)"), html);
        assertTrue(html.contains("45 dB(A)"));
        assertFalse(html.contains("Boundary cap"), "no cap by default");
        RuleSettings.Noise west = RuleSettings.defaults().forSpace(site.rules(), site.space("plaza-west").orElseThrow()).noise();
        assertTrue(SpacePages.space(Lang.ZH, site, site.space("plaza-west").orElseThrow(), west)
                .contains("<dt>边界音量上限（本地规定）</dt><dd>70 dB(A)</dd>"), "plaza-west's own rule");
        assertTrue(html.contains("data-space=\"plaza-east\""));
        assertTrue(html.contains("id=\"range-week\""));
    }
}
