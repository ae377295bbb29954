package org.linli.packages;

import org.linli.testkit.Command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two packages as dpkg sees them: {@code dpkg-deb -c} (files, modes), {@code dpkg-deb -I} (control
 * fields, maintainer scripts, conffiles), and the jar inside each one run as the unit runs it.
 */
class PackageContentsIT {

    @Test
    void shouldShipGatewayJarUnitConfigAndMaintainerScripts() {
        Path deb = Debs.deb("linli-gateway");
        String listing = Command.run(Debs.target(), Debs.DPKG_TIMEOUT, "dpkg-deb", "-c", deb.toString()).ok().stdout();
        Set<String> files = paths(listing);
        for (String expected : List.of(
                "./usr/share/linli-gateway/linli-gateway.jar",
                "./usr/share/linli-gateway/jvm.options",
                "./usr/lib/systemd/system/linli-gateway.service",
                "./usr/lib/systemd/journald.conf.d/linli-gateway.conf",
                "./etc/mosquitto/conf.d/linli-lan.conf",
                "./etc/default/linli-gateway",
                "./etc/linli/",
                "./usr/share/linli-gateway/linli-gateway-cds",
                "./usr/share/linli-gateway/cds-training.yaml",
                "./usr/share/doc/linli-gateway/README.md")) {
            assertTrue(files.contains(expected), expected + " missing from " + deb.getFileName() + ":\n" + listing);
        }
        assertTrue(listing.lines().anyMatch(l -> l.startsWith("-rwxr-xr-x root/root") && l.endsWith("/linli-gateway-cds")),
                "the CDS script must be executable:\n" + listing);
        assertTrue(listing.lines().noneMatch(l -> l.contains("/etc/linli/") && !l.endsWith("/etc/linli/")),
                "/etc/linli must come from linli-config render, not the package:\n" + listing);
    }

    @Test
    void shouldDeclareJava17MosquittoAndArchitectureAll() {
        Path deb = Debs.deb("linli-gateway");
        String control = Debs.controlFile(deb, "control");
        assertTrue(control.contains("Package: linli-gateway\n"), control);
        assertTrue(control.contains("Architecture: all\n"), control);
        String depends = field(control, "Depends");
        assertTrue(depends.contains("openjdk-17-jre-headless | java17-runtime-headless"), depends);
        assertTrue(Arrays.stream(depends.split(",")).map(String::trim).anyMatch("mosquitto"::equals), depends);
        assertTrue(depends.contains("adduser"), "postinst uses adduser: " + depends);
        String info = Command.run(Debs.target(), Debs.DPKG_TIMEOUT, "dpkg-deb", "-I", deb.toString()).ok().stdout();
        for (String member : List.of("postinst", "prerm", "postrm", "conffiles", "md5sums")) {
            assertTrue(info.contains(" " + member), member + " missing from the control archive:\n" + info);
        }
    }

    @Test
    void shouldCreateSystemUserGroupsAndCdsArchiveInPostinst() {
        Path deb = Debs.deb("linli-gateway");
        String postinst = Debs.controlFile(deb, "postinst");
        assertTrue(postinst.contains("adduser --system --group"), postinst);
        assertTrue(postinst.contains("addgroup --system --quiet \"$group\""), postinst);
        assertTrue(postinst.contains("/usr/share/linli-gateway/linli-gateway-cds"), postinst);
        assertTrue(postinst.contains("/etc/mosquitto/linli-lan.passwd"), postinst);
        assertEquals(Set.of("/etc/default/linli-gateway", "/etc/mosquitto/conf.d/linli-lan.conf"),
                Set.copyOf(Debs.controlFile(deb, "conffiles").lines().toList()));
    }

    @Test
    void shouldHaveMaintainerScriptsThatParse(@TempDir Path dir) throws IOException {
        for (String name : List.of("linli-gateway", "linli-cloud")) {
            Path deb = Debs.deb(name);
            for (String script : List.of("postinst", "prerm", "postrm")) {
                Path file = dir.resolve(name + "." + script);
                Files.writeString(file, Debs.controlFile(deb, script));
                Command check = Command.run(dir, Debs.DPKG_TIMEOUT, "sh", "-n", file.toString());
                assertEquals(0, check.exitCode(), check.toString());
            }
        }
    }

    @Test
    void shouldShipCloudJarUnitAndEnvironmentFile() {
        Path deb = Debs.deb("linli-cloud");
        String listing = Command.run(Debs.target(), Debs.DPKG_TIMEOUT, "dpkg-deb", "-c", deb.toString()).ok().stdout();
        Set<String> files = paths(listing);
        for (String expected : List.of(
                "./usr/share/linli-cloud/linli-cloud.jar",
                "./usr/lib/systemd/system/linli-cloud.service",
                "./usr/lib/systemd/system/linli-cloud@.service",
                "./etc/linli/cloud.env")) {
            assertTrue(files.contains(expected), expected + " missing:\n" + listing);
        }
        String control = Debs.controlFile(deb, "control");
        assertTrue(control.contains("Architecture: all\n"), control);
        assertTrue(field(control, "Depends").contains("openjdk-17-jre-headless | java17-runtime-headless"), control);
        assertEquals("/etc/linli/cloud.env", Debs.controlFile(deb, "conffiles").strip());
        assertTrue(Debs.controlFile(deb, "postinst").contains("adduser --system --group"));
    }

    @Test
    void shouldCarryTheCloudSettingsAsEnvironmentWithoutSecrets(@TempDir Path dir) throws IOException {
        Path root = Debs.extract(Debs.deb("linli-cloud"), dir.resolve("root"));
        String env = Files.readString(root.resolve("etc/linli/cloud.env"));
        for (String key : List.of("LINLI_SITE_FILE=", "LINLI_MQTT_URI=", "LINLI_MQTT_USERNAME=", "LINLI_MQTT_PASSWORD_FILE=",
                "LINLI_INFLUX_URL=", "LINLI_INFLUX_DATABASE=linli", "DATASOURCES_DEFAULT_URL=jdbc:postgresql:",
                "MICRONAUT_SERVER_PORT=")) {
            assertTrue(env.lines().anyMatch(l -> l.startsWith(key)), key + " missing from cloud.env:\n" + env);
        }
        assertTrue(env.lines().noneMatch(l -> l.startsWith("LINLI_MQTT_PASSWORD=") || l.matches("LINLI_INFLUX_PASSWORD=.+")
                        || l.startsWith("DATASOURCES_DEFAULT_PASSWORD=")),
                "cloud.env must name password files, never passwords:\n" + env);
    }

    @Test
    void shouldRunTheGatewayJarFromThePackage(@TempDir Path dir) {
        Path root = Debs.extract(Debs.deb("linli-gateway"), dir.resolve("root"));
        Path jar = root.resolve("usr/share/linli-gateway/linli-gateway.jar");
        // A missing boot config is refused with exit code 2 (RestartPreventExitStatus=2 in the unit).
        Command run = Command.run(dir, Debs.DPKG_TIMEOUT, "java", "-Xmx64m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                dir.resolve("missing.yaml").toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("not a usable gateway config") || run.stderr().contains("not a usable gateway config"),
                run.toString());
    }

    private static Set<String> paths(String listing) {
        return listing.lines().map(l -> l.substring(l.indexOf("./"))).collect(Collectors.toSet());
    }

    private static String field(String control, String name) {
        return control.lines().filter(l -> l.startsWith(name + ": ")).map(l -> l.substring(name.length() + 2))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in\n" + control));
    }
}
