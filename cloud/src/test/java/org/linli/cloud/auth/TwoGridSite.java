package org.linli.cloud.auth;

import org.linli.config.ConfigException;
import org.linli.config.Site;
import org.linli.config.SiteLoader;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The access tests' site (site-two-grids.yaml): area g1 with grids g1-1 and g1-2, area g2 with g2-1;
 * gateway gw-01 spans g1-1 and g1-2, gw-02 g1-2 and g2-1; canteens canteen-1 and canteen-2.
 */
public final class TwoGridSite {

    private TwoGridSite() {
    }

    public static Site load() {
        try (InputStream in = TwoGridSite.class.getResourceAsStream("/site-two-grids.yaml")) {
            return SiteLoader.parse("site-two-grids.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ConfigException e) {
            throw new IllegalStateException("the two-grid site must load: " + e, e);
        }
    }

    public static Path file() {
        try {
            return Path.of(TwoGridSite.class.getResource("/site-two-grids.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
