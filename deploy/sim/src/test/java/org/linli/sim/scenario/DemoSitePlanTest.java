package org.linli.sim.scenario;

import org.junit.jupiter.api.Test;
import org.linli.config.Site;
import org.linli.config.SiteLoader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoSitePlanTest {

    @Test
    void shouldDrawAPngAndPlaceEveryDemoSpaceInsideIt() throws Exception {
        Site site = SiteLoader.load(Path.of("../local/demo/site.yaml"));
        List<DemoSitePlan.Area> areas = DemoSitePlan.layout(site);
        assertEquals(site.spaces().size(), areas.size());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(DemoSitePlan.png(areas)));
        assertEquals(DemoSitePlan.WIDTH, img.getWidth());
        assertEquals(DemoSitePlan.HEIGHT, img.getHeight());
        String[] lines = DemoSitePlan.positions(areas).trim().split("\n");
        assertEquals(site.spaces().size(), lines.length);
        for (String line : lines) {
            String[] f = line.split(" ");
            double x = Double.parseDouble(f[1]);
            double y = Double.parseDouble(f[2]);
            assertTrue(x > 0 && x < 1 && y > 0 && y < 1, line);
            assertTrue(site.space(f[0]).isPresent(), line);
        }
    }
}
