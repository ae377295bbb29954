package org.linli.config.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.config.GatewaySpec;
import org.linli.config.Site;
import org.linli.config.SiteLoader;
import picocli.CommandLine;

class RenderCommandTest {
    private static final List<String> GATEWAYS = List.of("gw-north", "gw-central", "gw-south", "gw-east");
    private static final String WIFI_PASSWORD = "qinghe-office-2026";

    @TempDir
    Path tmp;

    private Path out;
    private String stdout = "";
    private String stderr = "";

    @Test
    void shouldRenderOneBundlePerGatewayWithEveryFirstBootFile() throws Exception {
        assertEquals(LinliConfigCli.OK, render());

        for (String gw : GATEWAYS) {
            Path dir = out.resolve("gateways").resolve(gw);
            for (String f : List.of("linli/gateway.yaml", "linli/cloud-mqtt.pass", "user-data", "network-config",
                    "meta-data", "firstrun.sh", "cmdline-append.txt")) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), dir.resolve(f) + " missing");
            }
            assertTrue(stdout.contains(dir.toString()), stdout);
        }
        for (String f : List.of("passwd", "acl", "mosquitto-linli.conf", "cloud.env")) {
            assertTrue(Files.isRegularFile(out.resolve("broker").resolve(f)), f);
        }
    }

    @Test
    void shouldRenderAGatewayYamlThatLoadsWithExactlyThatGatewaysSensors() throws Exception {
        render();

        Site site = SiteLoader.load(siteFile());
        for (GatewaySpec spec : site.gateways()) {
            Path file = out.resolve("gateways").resolve(spec.id()).resolve("linli/gateway.yaml");
            GatewayConfig config = GatewayConfigLoader.parse(file.toString(), Files.readString(file));
            assertEquals("qinghe", config.site());
            assertEquals(spec.id(), config.gateway());
            assertEquals(spec.sensors(), config.sensors());
            assertEquals(spec.id(), config.cloudBroker().username());
            assertEquals(Path.of("/etc/linli/cloud-mqtt.pass"), config.cloudBroker().passwordFile());
            assertEquals("tcp://127.0.0.1:1883", config.lanBroker().uri());
            assertFalse(config.cloudBroker().hasClientCertificate(), "no TLS files without --tls");
            assertEquals(null, config.cloudBroker().caFile());
        }
    }

    @Test
    void shouldWriteEverySecretFileOwnerOnly() throws Exception {
        render("--wifi-ssid", "Qinghe Office", "--wifi-password-file", wifiPasswordFile().toString());

        List<Path> secrets = new ArrayList<>(List.of(out.resolve("broker/passwd")));
        for (String account : List.of("gw-north", "gw-central", "gw-south", "gw-east", "linli-cloud")) {
            secrets.add(out.resolve("secrets").resolve(account + ".pass"));
        }
        for (String gw : GATEWAYS) {
            Path dir = out.resolve("gateways").resolve(gw);
            secrets.addAll(List.of(dir.resolve("linli/cloud-mqtt.pass"), dir.resolve("user-data"),
                    dir.resolve("network-config"), dir.resolve("firstrun.sh")));
        }
        for (Path f : secrets) {
            assertEquals("rw-------", mode(f), f.toString());
        }
        assertEquals("rwx------", mode(out.resolve("secrets")));
    }

    @Test
    void shouldNeverPrintASecret() throws Exception {
        render("--tls", "--wifi-ssid", "Qinghe Office", "--wifi-password-file", wifiPasswordFile().toString());

        List<String> secrets = new ArrayList<>(List.of(WIFI_PASSWORD));
        try (Stream<Path> files = Files.list(out.resolve("secrets"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pass")).toList()) {
                secrets.add(Files.readString(f).strip());
            }
        }
        assertEquals(6, secrets.size());
        for (String secret : secrets) {
            assertFalse(stdout.contains(secret), "stdout shows a secret");
            assertFalse(stderr.contains(secret), "stderr shows a secret");
        }
        assertFalse(stdout.contains("PRIVATE KEY") || stderr.contains("PRIVATE KEY"));
    }

    @Test
    void shouldKeepPasswordsWhenRenderingAgain() throws Exception {
        render();
        String before = Files.readString(out.resolve("secrets/gw-north.pass"));
        String passwdBefore = Files.readString(out.resolve("broker/passwd"));

        assertEquals(LinliConfigCli.OK, render());

        assertEquals(before, Files.readString(out.resolve("secrets/gw-north.pass")));
        assertEquals(before, Files.readString(out.resolve("gateways/gw-north/linli/cloud-mqtt.pass")));
        assertNotEquals(passwdBefore, Files.readString(out.resolve("broker/passwd")), "fresh salts, same passwords");
    }

    @Test
    void shouldChangeEveryPasswordOnRotate() throws Exception {
        render();
        List<String> before = passwords();

        assertEquals(LinliConfigCli.OK, render("--rotate"));

        List<String> after = passwords();
        for (int i = 0; i < before.size(); i++) {
            assertNotEquals(before.get(i), after.get(i));
        }
        assertEquals(after.get(0) + "\n", Files.readString(out.resolve("gateways/gw-north/linli/cloud-mqtt.pass")));
    }

    @Test
    void shouldRenderOnlyTheNamedGatewayButKeepEveryAccountInThePasswordFile() throws Exception {
        assertEquals(LinliConfigCli.OK, render("--gateway", "gw-south"));

        try (Stream<Path> dirs = Files.list(out.resolve("gateways"))) {
            assertEquals(List.of("gw-south"), dirs.map(p -> p.getFileName().toString()).toList());
        }
        String passwd = Files.readString(out.resolve("broker/passwd"));
        for (String account : List.of("gw-north", "gw-central", "gw-south", "gw-east", "linli-cloud")) {
            assertTrue(passwd.contains(account + ":$7$101$"), account);
        }
    }

    @Test
    void shouldBindGatewayRightsToTheUsernameNeverTheClientId() throws Exception {
        render();

        String acl = Files.readString(out.resolve("broker/acl"));
        assertTrue(acl.contains("pattern write linli/v1/qinghe/%u/readings\n"), acl);
        assertTrue(acl.contains("pattern write linli/v1/qinghe/%u/canteen/meals\n"), acl);
        assertTrue(acl.contains("pattern read linli/v1/qinghe/%u/config\n"), acl);
        assertTrue(acl.contains("pattern read linli/v1/qinghe/%u/canteen/roster\n"), acl);
        // A gateway must not write what the cloud sends it: its own config or roster.
        assertFalse(acl.contains("pattern write linli/v1/qinghe/%u/#"), acl);
        assertFalse(acl.contains("pattern write linli/v1/qinghe/%u/config\n"), acl);
        assertTrue(acl.contains("topic read linli/v1/qinghe/+/commissioning"), acl);
        assertFalse(acl.lines().filter(l -> !l.startsWith("#")).anyMatch(l -> l.contains("%c")), acl);
    }

    @Test
    void shouldLetTheCloudReadHealthAndConfigResults() throws Exception {
        render();

        String acl = Files.readString(out.resolve("broker/acl"));
        assertTrue(acl.contains("topic read linli/v1/qinghe/+/health\n"), acl);
        assertTrue(acl.contains("topic read linli/v1/qinghe/+/config/result\n"), acl);
        assertTrue(acl.contains("topic write linli/v1/qinghe/+/config\n"), acl);
        assertTrue(acl.contains("topic read linli/v1/qinghe/+/canteen/meals\n"), acl);
    }

    @Test
    void shouldWriteNoFirstBootFilesWithoutAnSshKey() throws Exception {
        out = tmp.resolve("out");
        assertEquals(LinliConfigCli.OK, run("render", siteFile().toString(), "--out", out.toString(),
                "--cloud-broker", "tcp://cloud.example.org:1883"));

        assertTrue(Files.isRegularFile(out.resolve("gateways/gw-north/linli/gateway.yaml")));
        assertFalse(Files.exists(out.resolve("gateways/gw-north/user-data")));
        assertTrue(stdout.contains("--ssh-key"), stdout);
    }

    @Test
    void shouldExitInvalidListingProblemsForAnInvalidSite() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(siteFile()).replace("space: fitness-4, transport", "space: fitness-9, transport"));
        out = tmp.resolve("out");

        assertEquals(LinliConfigCli.INVALID, run("render", bad.toString(), "--out", out.toString(),
                "--cloud-broker", "tcp://cloud.example.org:1883"));

        assertTrue(stderr.contains("unknown space 'fitness-9'"), stderr);
        assertFalse(Files.exists(out.resolve("broker")), "nothing rendered from an invalid site");
    }

    @Test
    void shouldExitUnusableForAMissingSiteFile() {
        assertEquals(LinliConfigCli.UNUSABLE, run("render", tmp.resolve("nope.yaml").toString(), "--out",
                tmp.resolve("out").toString(), "--cloud-broker", "tcp://cloud.example.org:1883"));
    }

    @Test
    void shouldExitUnusableForTlsWithoutAnSslBroker() throws Exception {
        assertEquals(LinliConfigCli.UNUSABLE, run("render", siteFile().toString(), "--out", tmp.resolve("out").toString(),
                "--cloud-broker", "tcp://cloud.example.org:1883", "--tls"));
        assertTrue(stderr.contains("ssl://"), stderr);
    }

    @Test
    void shouldExitUnusableWithoutTheCloudBroker() {
        assertEquals(LinliConfigCli.UNUSABLE, run("render", siteFile().toString(), "--out", tmp.resolve("out").toString()));
        assertTrue(stderr.contains("--cloud-broker"), stderr);
    }

    private int render(String... extra) throws Exception {
        out = tmp.resolve("out");
        Path key = tmp.resolve("id_ed25519.pub");
        Files.writeString(key, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJm3QeBc0Sxb3gXqS9Vq0m7cYg1o7G2B8kqEJr9tXkLd installer@laptop\n");
        List<String> args = new ArrayList<>(List.of("render", siteFile().toString(), "--out", out.toString(),
                "--cloud-broker", "ssl://cloud.example.org:8883", "--ssh-key", key.toString()));
        args.addAll(List.of(extra));
        int code = run(args.toArray(String[]::new));
        assertEquals(LinliConfigCli.OK, code, stderr);
        return code;
    }

    private int run(String... args) {
        CommandLine cli = LinliConfigCli.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cli.setOut(new PrintWriter(o, true));
        cli.setErr(new PrintWriter(e, true));
        int code = cli.execute(args);
        stdout = o.toString();
        stderr = e.toString();
        return code;
    }

    private Path wifiPasswordFile() throws Exception {
        Path f = tmp.resolve("wifi.pass");
        Files.writeString(f, WIFI_PASSWORD + "\n");
        return f;
    }

    private List<String> passwords() throws Exception {
        List<String> list = new ArrayList<>();
        for (String account : List.of("gw-north", "gw-central", "gw-south", "gw-east", "linli-cloud")) {
            list.add(Files.readString(out.resolve("secrets").resolve(account + ".pass")).strip());
        }
        return list;
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Path siteFile() {
        try {
            return Path.of(RenderCommandTest.class.getResource("/sites/qinghe-7grids.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
