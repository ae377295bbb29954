package org.linli.config.render;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.linli.config.GatewaySpec;
import org.linli.config.Site;

/**
 * Renders a validated site into broker files, kept secrets and one flash-ready bundle per gateway.
 *
 * <pre>
 * DIR/broker/     passwd, acl, mosquitto-linli.conf, cloud.env; with TLS ca.crt, server.crt, server.key
 * DIR/site-ca/    ca.crt, ca.key (0600, TLS only; never copied into a bundle)
 * DIR/secrets/    NAME.pass plaintext passwords (0600, dir 0700), with TLS linli-cloud.crt/.key
 * DIR/gateways/ID/linli/  gateway.yaml, cloud-mqtt.pass; with TLS client.crt, client.key, ca.crt
 * DIR/gateways/ID/        user-data, network-config, meta-data (Trixie), firstrun.sh, cmdline-append.txt (Bookworm)
 * </pre>
 */
public final class Renderer {
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl");
    private static final String PI_DIR = "/etc/linli/";

    private final SecureRandom random;
    private final Clock clock;

    public Renderer(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /**
     * Renders {@code site} into {@code options.out()}.
     *
     * @throws IllegalArgumentException when the options do not fit the site (unknown gateway, bad URI,
     *                                  --tls without ssl://), with a message for the installer
     */
    public RenderResult render(Site site, RenderOptions options) throws IOException {
        check(site, options);
        Path out = options.out();
        Path brokerDir = out.resolve("broker");
        Path secretsDir = OutputFiles.privateDir(out.resolve("secrets"));
        Instant now = clock.instant();

        // Every gateway of the site keeps an account even when only one is rendered: the broker's
        // password file is rewritten whole. Rotation touches only the gateways being rendered.
        Secrets kept = new Secrets(secretsDir, false, random);
        Secrets rotating = new Secrets(secretsDir, options.rotate(), random);
        Map<String, String> passwords = new LinkedHashMap<>();
        List<String> created = new ArrayList<>();
        for (GatewaySpec g : site.gateways()) {
            boolean existed = Files.isRegularFile(kept.file(g.id()));
            passwords.put(g.id(), (selected(g, options) ? rotating : kept).password(g.id()));
            if (!existed || (options.rotate() && selected(g, options))) {
                created.add(g.id());
            }
        }
        String cloudPassword = (options.gateway() == null ? rotating : kept).password(BrokerFiles.CLOUD_ACCOUNT);

        Map<String, String> lines = new LinkedHashMap<>();
        passwords.forEach((user, pw) -> lines.put(user, MosquittoPasswords.line(user, pw, random)));
        lines.put(BrokerFiles.CLOUD_ACCOUNT, MosquittoPasswords.line(BrokerFiles.CLOUD_ACCOUNT, cloudPassword, random));
        OutputFiles.write(brokerDir.resolve("passwd"), BrokerFiles.passwd(lines), OutputFiles.SECRET);
        OutputFiles.write(brokerDir.resolve("acl"), BrokerFiles.acl(site.id(), List.copyOf(passwords.keySet())), OutputFiles.PUBLIC);
        OutputFiles.write(brokerDir.resolve("mosquitto-linli.conf"), BrokerFiles.conf(options.cloudBroker(), options.tls()), OutputFiles.PUBLIC);
        OutputFiles.write(brokerDir.resolve("cloud.env"),
                BrokerFiles.cloudEnv(kept.file(BrokerFiles.CLOUD_ACCOUNT).toAbsolutePath().toString(), options.tls()), OutputFiles.PUBLIC);

        TlsFiles tls = options.tls() ? TlsFiles.prepare(out, site.id(), URI.create(options.cloudBroker()).getHost(),
                options.rotate() && options.gateway() == null, now, random) : null;

        List<RenderResult.Gateway> rendered = new ArrayList<>();
        for (GatewaySpec g : site.gateways()) {
            if (selected(g, options)) {
                Path dir = out.resolve("gateways").resolve(g.id());
                List<PiFile> piFiles = piFiles(site, g, options, passwords.get(g.id()), tls, dir.resolve("linli"), now);
                boolean firstBoot = options.sshPublicKey() != null;
                if (firstBoot) {
                    writeFirstBoot(site, g, options, piFiles, dir);
                }
                rendered.add(new RenderResult.Gateway(g.id(), dir, g.sensors().size(), firstBoot, created.contains(g.id())));
            }
        }
        return new RenderResult(brokerDir, secretsDir, rendered);
    }

    /** Writes {@code DIR/gateways/ID/linli/*} and returns them as files for the Pi's /etc/linli. */
    private List<PiFile> piFiles(Site site, GatewaySpec g, RenderOptions options, String password, TlsFiles tls,
                                 Path linliDir, Instant now) throws IOException {
        OutputFiles.privateDir(linliDir.getParent());
        List<PiFile> files = new ArrayList<>();
        files.add(new PiFile(PI_DIR + "gateway.yaml",
                GatewayYaml.render(site.id(), g, options.lanBroker(), options.cloudBroker(), tls != null,
                        site.canteens().stream().filter(c -> g.id().equals(c.gateway()) && !c.terminals().isEmpty())
                                .findFirst().orElse(null), site.zone()), false));
        files.add(new PiFile(GatewayYaml.CLOUD_PASSWORD_FILE, password + "\n", true));
        if (tls != null) {
            SiteCa.Issued client = tls.client(g.id(), linliDir, options.rotate(), now);
            files.add(new PiFile(GatewayYaml.CERT_FILE, client.certificatePem(), false));
            files.add(new PiFile(GatewayYaml.KEY_FILE, client.privateKeyPem(), true));
            files.add(new PiFile(GatewayYaml.CA_FILE, tls.caPem(), false));
        }
        for (PiFile f : files) {
            OutputFiles.write(linliDir.resolve(f.path().substring(PI_DIR.length())), f.content(),
                    f.secret() ? OutputFiles.SECRET : OutputFiles.PUBLIC);
        }
        return files;
    }

    private static void writeFirstBoot(Site site, GatewaySpec g, RenderOptions options, List<PiFile> files, Path dir)
            throws IOException {
        RenderOptions.Wifi wifi = options.wifi();
        String userData = CloudInit.userData(g.id(), options.user(), options.sshPublicKey(), site.zone().getId(),
                wifi == null ? null : wifi.country(), files);
        String network = CloudInit.networkConfig(wifi);
        // user-data carries the password and keys, network-config the Wi-Fi passphrase: both 0600.
        OutputFiles.write(dir.resolve("user-data"), userData, OutputFiles.SECRET);
        OutputFiles.write(dir.resolve("network-config"), network, wifi == null ? OutputFiles.PUBLIC : OutputFiles.SECRET);
        OutputFiles.write(dir.resolve("meta-data"), CloudInit.metaData(g.id(), userData, network), OutputFiles.PUBLIC);
        OutputFiles.write(dir.resolve("firstrun.sh"),
                FirstRun.script(g.id(), options.user(), options.sshPublicKey(), wifi, files), OutputFiles.SECRET);
        OutputFiles.write(dir.resolve("cmdline-append.txt"), FirstRun.cmdlineAppend(), OutputFiles.PUBLIC);
    }

    private static boolean selected(GatewaySpec g, RenderOptions options) {
        return options.gateway() == null || options.gateway().equals(g.id());
    }

    private static void check(Site site, RenderOptions options) {
        String scheme = brokerScheme("--cloud-broker", options.cloudBroker());
        brokerScheme("--lan-broker", options.lanBroker());
        if (options.tls() && !"ssl".equals(scheme)) {
            throw new IllegalArgumentException("--tls needs an ssl:// cloud broker, not " + options.cloudBroker());
        }
        if (options.gateway() != null && site.gateway(options.gateway()).isEmpty()) {
            throw new IllegalArgumentException("--gateway: site " + site.id() + " has no gateway '" + options.gateway()
                    + "' (known: " + String.join(", ", site.gateways().stream().map(GatewaySpec::id).toList()) + ")");
        }
        if (site.gateways().isEmpty()) {
            throw new IllegalArgumentException("site " + site.id() + " has no gateways to render");
        }
        if (options.sshPublicKey() != null && !options.sshPublicKey().matches("(ssh-|ecdsa-|sk-)\\S+ \\S+( .*)?")) {
            throw new IllegalArgumentException("--ssh-key: not an OpenSSH public key (expected e.g. 'ssh-ed25519 AAAA... you@host')");
        }
    }

    private static String brokerScheme(String option, String uri) {
        try {
            URI u = new URI(uri);
            if (u.getScheme() != null && SCHEMES.contains(u.getScheme()) && u.getHost() != null && u.getPort() > 0) {
                return u.getScheme();
            }
        } catch (URISyntaxException e) {
            // reported below with the accepted form
        }
        throw new IllegalArgumentException(option + ": '" + uri + "' is not a broker address (write tcp://host:port or ssl://host:port)");
    }
}
