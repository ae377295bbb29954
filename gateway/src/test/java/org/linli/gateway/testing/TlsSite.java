package org.linli.gateway.testing;

import org.linli.config.ConfigException;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.config.UplinkSettings;
import org.linli.config.SiteLoader;
import org.linli.config.render.RenderOptions;
import org.linli.config.render.Renderer;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * {@code sites/tls-site.yaml} (gateways gw-01 and gw-02) rendered with {@code --tls} by
 * linli-config's {@link Renderer}: the site CA, the broker's server certificate for the cloud URI's
 * host, and per-gateway bundles under {@code out/gateways/ID/linli/}.
 */
public final class TlsSite {
    public static final String SITE = "huayuan";

    private final Path out;

    private TlsSite(Path out) {
        this.out = out;
    }

    /** Renders the site into {@code out} for a cloud broker at {@code cloudUri} ({@code ssl://host:port}). */
    public static TlsSite render(Path out, String cloudUri) throws IOException, ConfigException {
        Path site;
        try {
            site = Path.of(TlsSite.class.getResource("/sites/tls-site.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        new Renderer(new SecureRandom(), Clock.systemUTC()).render(SiteLoader.load(site),
                new RenderOptions(out, cloudUri, RenderOptions.DEFAULT_LAN_BROKER, null, "linli", null, true, false, null));
        return new TlsSite(out);
    }

    /** {@code DIR/broker/}: passwd, acl, ca.crt, server.crt, server.key. */
    public Path broker() {
        return out.resolve("broker");
    }

    /** A gateway's bundle directory, what goes to the Pi's {@code /etc/linli/}. */
    public Path bundle(String gateway) {
        return out.resolve("gateways").resolve(gateway).resolve("linli");
    }

    /** The cloud service's client certificate and key in {@code DIR/secrets/}. */
    public Path secret(String name) {
        return out.resolve("secrets").resolve(name);
    }

    /**
     * The rendered {@code gateway.yaml} of {@code gateway}, loaded as the Pi would load it, with
     * {@code /etc/linli/} pointing at {@code linliDir} and mock pins instead of gpiod.
     */
    public GatewayConfig config(String gateway, Path linliDir) throws IOException, ConfigException {
        return config(gateway, linliDir, UnaryOperator.identity());
    }

    /** As {@link #config(String, Path)}, with {@code edit} applied to the YAML text before loading. */
    public GatewayConfig config(String gateway, Path linliDir, UnaryOperator<String> edit) throws IOException, ConfigException {
        String yaml = Files.readString(bundle(gateway).resolve("gateway.yaml"))
                .replace("/etc/linli/", linliDir.toAbsolutePath() + "/");
        if (!yaml.contains("gpio: gpiod")) {
            throw new IllegalStateException("the rendered gateway.yaml no longer says gpio: gpiod:\n" + yaml);
        }
        GatewayConfig config = GatewayConfigLoader.parse(gateway + "/gateway.yaml",
                edit.apply(yaml.replace("gpio: gpiod", "gpio: mock")));
        // The rendered config buffers in /var/lib/linli on a Pi; a test keeps its buffer in memory.
        return new GatewayConfig(config.site(), config.gateway(), config.gpioProvider(), config.lanBroker(),
                config.cloudBroker(), config.uplink().withStore(UplinkSettings.Store.MEMORY,
                config.uplink().storePath(), config.uplink().maxBufferBytes()), config.sensors());
    }
}
