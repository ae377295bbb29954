package org.linli.config.render;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.linli.config.ConfigException;
import org.linli.config.Site;
import org.linli.config.SiteLoader;

/** The 7-grid sample site rendered into a test directory. */
final class Qinghe {
    static final String SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJm3QeBc0Sxb3gXqS9Vq0m7cYg1o7G2B8kqEJr9tXkLd installer@laptop";

    private Qinghe() {
    }

    static Path siteFile() {
        try {
            return Path.of(Qinghe.class.getResource("/sites/qinghe-7grids.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Site site() throws ConfigException {
        return SiteLoader.load(siteFile());
    }

    static RenderOptions options(Path out, String cloudBroker, boolean tls, RenderOptions.Wifi wifi) {
        return new RenderOptions(out, cloudBroker, RenderOptions.DEFAULT_LAN_BROKER, SSH_KEY, "linli", wifi, tls, false, null);
    }

    static RenderResult render(RenderOptions options) throws IOException, ConfigException {
        return new Renderer(new SecureRandom(), Clock.systemUTC()).render(site(), options);
    }

    static String password(Path out, String account) throws IOException {
        return Files.readString(out.resolve("secrets").resolve(account + ".pass")).strip();
    }
}
