package org.linli.packages;

import org.linli.testkit.Command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemd-analyze verify} on every unit as the packages ship it (unpacked with dpkg-deb -x). It
 * exits 0 on many errors (an unknown key or a bad value is "ignored" with a message), so a unit passes
 * only with exit 0 and nothing on stderr; {@link #shouldFailTheCheckOnAUnitError} proves the check
 * notices a typo. verify needs the ExecStart binary to exist: /usr/bin/java does wherever the tests run.
 */
class SystemdUnitsIT {

    @Test
    void shouldVerifyTheGatewayUnit(@TempDir Path dir) throws IOException {
        Path unit = unit("linli-gateway", "linli-gateway.service", dir);
        assertVerifies(unit);
    }

    @Test
    void shouldVerifyTheCloudUnit(@TempDir Path dir) throws IOException {
        Path unit = unit("linli-cloud", "linli-cloud.service", dir);
        assertVerifies(unit);
    }

    @Test
    void shouldVerifyTheCloudInstanceTemplate(@TempDir Path dir) throws IOException {
        Path unit = unit("linli-cloud", "linli-cloud@.service", dir);
        assertVerifies(unit);
        String text = Files.readString(unit);
        assertTrue(text.lines().anyMatch("EnvironmentFile=/etc/linli/cloud-%i.env"::equals), text);
        assertTrue(text.lines().anyMatch("Environment=LINLI_MQTT_CLIENT_ID=linli-cloud-%H-%i"::equals),
                "each instance needs its own stable client id");
    }

    @Test
    void shouldFailTheCheckOnAUnitError(@TempDir Path dir) throws IOException {
        Path good = unit("linli-gateway", "linli-gateway.service", dir);
        Path typo = Files.writeString(dir.resolve("typo.service"),
                Files.readString(good).replace("WatchdogSec=60", "WatchdogSecs=60"));
        Path badValue = Files.writeString(dir.resolve("bad-value.service"),
                Files.readString(good).replace("Type=notify", "Type=notifyy"));
        Path noBinary = Files.writeString(dir.resolve("no-binary.service"),
                Files.readString(good).replace("/usr/bin/java ", "/usr/bin/no-such-java "));
        for (Path broken : List.of(typo, badValue, noBinary)) {
            Command verify = verify(broken);
            assertFalse(verify.exitCode() == 0 && verify.stderr().isBlank(), "the check passed a broken unit: " + verify);
        }
    }

    @Test
    void shouldHardenTheGatewayWithoutBreakingGpio(@TempDir Path dir) throws IOException {
        String unit = Files.readString(unit("linli-gateway", "linli-gateway.service", dir));
        for (String line : List.of("Type=notify", "NotifyAccess=all", "WatchdogSec=60", "Restart=on-failure",
                "RestartPreventExitStatus=2", "SuccessExitStatus=143", "User=linli", "SupplementaryGroups=gpio i2c",
                "ProtectSystem=strict", "ReadWritePaths=/var/lib/linli", "StateDirectory=linli", "NoNewPrivileges=yes",
                "DevicePolicy=closed", "DeviceAllow=char-gpiochip rw", "DeviceAllow=char-i2c rw",
                "Environment=LINLI_GATEWAY_CONFIG=/etc/linli/gateway.yaml", "Environment=MALLOC_ARENA_MAX=2")) {
            assertTrue(unit.lines().anyMatch(line::equals), line + " missing from the gateway unit");
        }
        String exec = execStart(unit);
        for (String flag : List.of("@/usr/share/linli-gateway/jvm.options", "-XX:SharedArchiveFile=/var/cache/linli-gateway/linli-gateway.jsa",
                "-Xshare:auto", "-jar /usr/share/linli-gateway/linli-gateway.jar")) {
            assertTrue(exec.contains(flag), flag + " missing from ExecStart: " + exec);
        }
        // PrivateDevices hides /dev/gpiochip* and /dev/i2c-*; MemoryDenyWriteExecute kills the JIT.
        assertTrue(unit.lines().noneMatch(l -> l.startsWith("PrivateDevices=yes") || l.startsWith("MemoryDenyWriteExecute=yes")
                || l.startsWith("ProtectClock=yes")), unit);
    }

    @Test
    void shouldConfigureTheCloudByEnvironmentFile(@TempDir Path dir) throws IOException {
        String unit = Files.readString(unit("linli-cloud", "linli-cloud.service", dir));
        assertTrue(unit.lines().anyMatch("EnvironmentFile=/etc/linli/cloud.env"::equals), unit);
        assertTrue(unit.lines().anyMatch("EnvironmentFile=-/etc/linli/cloud-secrets.env"::equals), unit);
        // ProtectSystem=strict: the cloud's own files (and an embedded H2) must go to its state directory.
        assertTrue(unit.lines().anyMatch("Environment=LINLI_DATA_DIR=/var/lib/linli-cloud"::equals), unit);
        assertTrue(unit.lines().anyMatch("Restart=on-failure"::equals), unit);
        assertTrue(execStart(unit).contains("-jar /usr/share/linli-cloud/linli-cloud.jar"), unit);
    }

    private static Path unit(String deb, String name, Path dir) {
        Path root = Debs.extract(Debs.deb(deb), dir.resolve("root-" + deb));
        return root.resolve("usr/lib/systemd/system").resolve(name);
    }

    private static void assertVerifies(Path unit) {
        Command verify = verify(unit);
        assertEquals(0, verify.exitCode(), verify.toString());
        assertTrue(verify.stderr().isBlank(), "systemd-analyze verify reported problems: " + verify);
    }

    private static Command verify(Path unit) {
        return Command.run(unit.getParent(), Debs.DPKG_TIMEOUT, "systemd-analyze", "verify", "--man=no", unit.toString());
    }

    private static String execStart(String unit) {
        String joined = unit.replace("\\\n", " ");
        return joined.lines().filter(l -> l.startsWith("ExecStart=")).findFirst()
                .orElseThrow(() -> new AssertionError("no ExecStart in\n" + unit)).replaceAll("\\s+", " ");
    }
}
