package org.linli.cloud.ingest;

import org.linli.config.ConfigException;
import org.linli.config.Site;
import org.linli.config.SiteLoader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The demo site (huayuan, gateway gw-01 with pir-1 and park-3), from the test resources. */
public final class DemoSite {

    private DemoSite() {
    }

    public static Site load() {
        try (InputStream in = DemoSite.class.getResourceAsStream("/site.yaml")) {
            return SiteLoader.parse("site.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ConfigException e) {
            throw new IllegalStateException("the demo site must load", e);
        }
    }
}
