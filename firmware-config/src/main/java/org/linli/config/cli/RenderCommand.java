package org.linli.config.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.linli.config.ConfigException;
import org.linli.config.ConfigProblem;
import org.linli.config.Site;
import org.linli.config.SiteLoader;
import org.linli.config.render.RenderOptions;
import org.linli.config.render.RenderResult;
import org.linli.config.render.Renderer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code linli-config render SITE.yaml --out DIR}: broker files and one first-boot bundle per gateway.
 * Prints paths only; passwords and keys go into 0600 files and never to the terminal.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render the cloud broker's password file and ACL, and one flash-ready bundle per gateway "
                + "(gateway.yaml, credentials, cloud-init files for Trixie, firstrun.sh for Bookworm). "
                + "Passwords are kept in DIR/secrets across re-renders unless --rotate is given; nothing secret is printed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rendered", "1:the site file is invalid (every problem is listed)",
                "2:a file cannot be read or written, or the command line is wrong"})
final class RenderCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SITE.yaml", description = "the site inventory")
    Path site;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created if missing)")
    Path out;

    @Option(names = "--cloud-broker", required = true, paramLabel = "URI",
            description = "the cloud broker as gateways reach it: ssl://host:8883 or tcp://host:1883")
    String cloudBroker;

    @Option(names = "--lan-broker", paramLabel = "URI", defaultValue = RenderOptions.DEFAULT_LAN_BROKER,
            description = "the gateway's local broker (default: ${DEFAULT-VALUE})")
    String lanBroker;

    @Option(names = "--ssh-key", paramLabel = "FILE",
            description = "OpenSSH public key for the Pi user; without it no first-boot files are written")
    Path sshKey;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "linli", description = "the Pi's login user (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--wifi-ssid", paramLabel = "SSID", description = "join this Wi-Fi network (else Ethernet, DHCP)")
    String wifiSsid;

    @Option(names = "--wifi-password-file", paramLabel = "FILE", description = "file holding the Wi-Fi passphrase (needs --wifi-ssid)")
    Path wifiPasswordFile;

    @Option(names = "--wifi-country", paramLabel = "CC", defaultValue = "CN", description = "Wi-Fi regulatory country (default: ${DEFAULT-VALUE})")
    String wifiCountry;

    @Option(names = "--tls", description = "create a site CA and per-gateway client certificates (needs an ssl:// cloud broker)")
    boolean tls;

    @Option(names = "--rotate", description = "new passwords and keys even where they exist (deployed Pis need the new bundle)")
    boolean rotate;

    @Option(names = "--gateway", paramLabel = "ID", description = "render only this gateway's bundle (the broker files still list all)")
    String gateway;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Site loaded;
        try {
            loaded = SiteLoader.load(site);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                err.println(p);
            }
            return e.unreadable() ? LinliConfigCli.UNUSABLE : LinliConfigCli.INVALID;
        }
        try {
            RenderOptions options = new RenderOptions(out, cloudBroker, lanBroker, readSshKey(), user, wifi(), tls, rotate, gateway);
            RenderResult result = new Renderer(new SecureRandom(), Clock.systemUTC()).render(loaded, options);
            summary(loaded, result, spec.commandLine().getOut());
            return LinliConfigCli.OK;
        } catch (IllegalArgumentException e) {
            err.println("linli-config render: " + e.getMessage());
            return LinliConfigCli.UNUSABLE;
        } catch (IOException e) {
            // An I/O message names a path, never file contents, so it is safe to show.
            err.println("linli-config render: cannot read or write: " + e.getMessage());
            return LinliConfigCli.UNUSABLE;
        }
    }

    private String readSshKey() throws IOException {
        if (sshKey == null) {
            return null;
        }
        String key = Files.readString(sshKey, StandardCharsets.UTF_8).strip();
        if (key.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException("--ssh-key " + sshKey + " is a private key; give the .pub file");
        }
        return key;
    }

    private RenderOptions.Wifi wifi() throws IOException {
        if (wifiSsid == null) {
            if (wifiPasswordFile != null) {
                throw new IllegalArgumentException("--wifi-password-file needs --wifi-ssid");
            }
            return null;
        }
        if (wifiPasswordFile == null) {
            throw new IllegalArgumentException("--wifi-ssid needs --wifi-password-file (the passphrase is never given on the command line)");
        }
        if (!wifiCountry.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("--wifi-country: '" + wifiCountry + "' is not a two-letter country code such as CN");
        }
        String password = Files.readString(wifiPasswordFile, StandardCharsets.UTF_8).strip();
        if (password.length() < 8 || password.length() > 63) {
            throw new IllegalArgumentException("--wifi-password-file: a WPA passphrase has 8 to 63 characters");
        }
        return new RenderOptions.Wifi(wifiSsid, password, wifiCountry);
    }

    private void summary(Site s, RenderResult result, PrintWriter out) {
        out.printf("site %s: broker files in %s, passwords in %s%n", s.id(), result.brokerDir(), result.secretsDir());
        for (RenderResult.Gateway g : result.gateways()) {
            out.printf("  %-12s %d sensors  %s%s%s%n", g.id(), g.sensors(), g.dir(),
                    g.firstBoot() ? "  (cloud-init + firstrun.sh)" : "  (no first-boot files: give --ssh-key)",
                    g.newPassword() ? "  new password" : "");
        }
        out.flush();
    }
}
