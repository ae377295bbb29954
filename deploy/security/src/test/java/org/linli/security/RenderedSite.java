package org.linli.security;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.linli.config.cli.LinliConfigCli;
import picocli.CommandLine;

/**
 * The demo site (deploy/local/demo/site.yaml) with a second gateway, rendered by the installers' CLI
 * with {@code --tls}: accounts, ACL, site CA, server and client certificates, as an installer makes them.
 */
record RenderedSite(Path out) {
    static final String SITE = "huayuan";
    static final String GW_A = "gw-01";
    static final String GW_B = "gw-02";
    static final String CLOUD = "linli-cloud";
    /** The host the server certificate names; tests connect to it. */
    static final String BROKER_HOST = "127.0.0.1";

    /** Copies the demo site with gw-02 added and runs {@code linli-config render} on it into {@code dir/out}. */
    static RenderedSite render(Path dir) throws IOException {
        Path demo = repoRoot().resolve("deploy/local/demo/site.yaml");
        String site = Files.readString(demo);
        String second = """
                  - id: gw-02
                    name: second gateway of the security tests
                    sensors:
                      - id: pir-20
                        kind: pir
                        space: plaza-east
                        transport: gpio
                        pin: 27

                """;
        int canteens = site.indexOf("\ncanteens:");
        if (!site.contains("\n  - id: gw-01\n") || canteens < 0) {
            throw new IllegalStateException(demo + " changed shape: cannot add a second gateway before 'canteens:'");
        }
        Path siteFile = Files.writeString(dir.resolve("site.yaml"), site.substring(0, canteens + 1) + second
                + site.substring(canteens + 1));
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        CommandLine cli = LinliConfigCli.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute("render", siteFile.toString(), "--out", out.toString(),
                "--cloud-broker", "ssl://" + BROKER_HOST + ":8883", "--tls");
        if (code != 0) {
            throw new IllegalStateException("linli-config render exited " + code + ": " + err);
        }
        return new RenderedSite(out);
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("linli.repo.root", "../..")).toAbsolutePath().normalize();
    }

    Path broker() {
        return out.resolve("broker");
    }

    String password(String account) throws IOException {
        return Files.readString(out.resolve("secrets").resolve(account + ".pass")).strip();
    }

    /** The gateway's bundle directory holding client.crt, client.key and ca.crt. */
    Path gatewayFiles(String gateway) {
        return out.resolve("gateways").resolve(gateway).resolve("linli");
    }

    Path siteCaCert() {
        return out.resolve("site-ca/ca.crt");
    }

    Path siteCaKey() {
        return out.resolve("site-ca/ca.key");
    }

    static String topic(String gateway, String channel) {
        return "linli/v1/" + SITE + "/" + gateway + "/" + channel;
    }
}
