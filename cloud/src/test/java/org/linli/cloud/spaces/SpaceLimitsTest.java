package org.linli.cloud.spaces;

import org.junit.jupiter.api.Test;
import org.linli.cloud.app.InfluxSettings;
import org.linli.cloud.rules.RuleSettings;
import org.linli.config.Site;
import org.linli.config.SiteLoader;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The space page's limit is the space's own rule's: its boundary cap where that is lower than the zone's limit. */
class SpaceLimitsTest {
    private static final ZoneId TZ = ZoneId.of("Asia/Shanghai");

    private static Site site(String yamlEdit) throws Exception {
        try (InputStream in = SpaceLimitsTest.class.getResourceAsStream("/site-two-grids.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SiteLoader.parse("site-two-grids.yaml", text.replace("boundaryCapDb: 70", yamlEdit));
        }
    }

    private static SpaceSeries series(Site site) {
        return new SpaceSeries(new InfluxSettings("http://127.0.0.1:9", "linli", null, null), RuleSettings.defaults(), site,
                Clock.systemUTC());
    }

    @Test
    void shouldTakeTheSpacesOwnBoundaryCapWhereItIsLower() throws Exception {
        Site site = site("boundaryCapDb: 50");
        NoiseLimits west = series(site).limits(site.space("plaza-west").orElseThrow());
        NoiseLimits east = series(site).limits(site.space("plaza-east").orElseThrow());
        var noon = LocalDateTime.parse("2026-11-02T12:00").atZone(TZ).toInstant();
        var night = LocalDateTime.parse("2026-11-02T23:00").atZone(TZ).toInstant();
        assertEquals(50.0, west.at(noon), "plaza-west's own cap of 50 under the class 1 day limit of 55");
        assertEquals(45.0, west.at(night));
        assertEquals(55.0, east.at(noon), "plaza-east has no rules of its own");
    }

    @Test
    void shouldKeepTheZoneLimitUnderAHigherCap() throws Exception {
        Site site = site("boundaryCapDb: 70");
        var noon = LocalDateTime.parse("2026-11-02T12:00").atZone(TZ).toInstant();
        assertEquals(55.0, series(site).limits(site.space("plaza-west").orElseThrow()).at(noon));
    }
}
