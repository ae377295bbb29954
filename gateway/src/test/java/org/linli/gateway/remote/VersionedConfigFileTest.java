package org.linli.gateway.remote;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.GatewayConfigLoader;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VersionedConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadBackTheVersionItWrote() {
        assertEquals(12, VersionedConfigFile.versionOf(VersionedConfigFile.render(12, "site: huayuan\n")));
    }

    @Test
    void shouldGiveAFileWithoutTheHeaderVersionZero() {
        assertEquals(0, VersionedConfigFile.versionOf("site: huayuan\n# linli-config-version: 9\n"));
        assertEquals(0, VersionedConfigFile.versionOf(""));
    }

    @Test
    void shouldStayAGatewayConfigTheLoaderReads() throws Exception {
        Path file = dir.resolve("state/gateway-remote.yaml");

        VersionedConfigFile.writeAtomically(file, VersionedConfigFile.render(3, ConfigDecisionTest.GOOD));

        assertEquals("gw-01", GatewayConfigLoader.load(file).gateway());
        assertEquals(3, VersionedConfigFile.versionOf(Files.readString(file)));
    }

    @Test
    void shouldReplaceTheOldFileAndLeaveNoTemporaryFile() throws Exception {
        Path file = dir.resolve("gateway-remote.yaml");
        VersionedConfigFile.writeAtomically(file, VersionedConfigFile.render(1, "a: 1"));

        VersionedConfigFile.writeAtomically(file, VersionedConfigFile.render(2, "a: 2"));

        assertEquals("# linli-config-version: 2\na: 2\n", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
