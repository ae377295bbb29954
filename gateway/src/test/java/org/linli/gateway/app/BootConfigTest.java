package org.linli.gateway.app;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.ConfigException;
import org.linli.gateway.remote.VersionedConfigFile;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootConfigTest {
    @TempDir
    Path dir;
    private Path local;
    private Path remote;
    private String yaml;

    @BeforeEach
    void localFile() throws Exception {
        yaml = DriverPlanTest.exampleConfig().replace("maxBuffered: 100000",
                "maxBuffered: 100000\n  storePath: " + dir.resolve("state/buffer.db"));
        local = dir.resolve("gateway.yaml");
        Files.writeString(local, yaml);
        remote = dir.resolve("state/gateway-remote.yaml");
    }

    @Test
    void shouldRunTheLocalFileWhenNothingWasPersisted() throws Exception {
        BootConfig boot = BootConfig.choose(local);

        assertEquals(local, boot.source());
        assertEquals(0, boot.version());
        assertEquals(remote, boot.remoteFile());
        assertNull(boot.note());
    }

    @Test
    void shouldRunANewerPersistedConfig() throws Exception {
        VersionedConfigFile.writeAtomically(remote, VersionedConfigFile.render(4, yaml.replace("pin: 17", "pin: 27")));

        BootConfig boot = BootConfig.choose(local);

        assertEquals(remote, boot.source());
        assertEquals(4, boot.version());
        assertTrue(boot.config().sensors().get(0).binding().toString().contains("27"), boot.config().sensors().get(0).toString());
    }

    @Test
    void shouldPreferALocalFileWithAHigherVersion() throws Exception {
        VersionedConfigFile.writeAtomically(remote, VersionedConfigFile.render(4, yaml));
        Files.writeString(local, VersionedConfigFile.render(5, yaml));

        BootConfig boot = BootConfig.choose(local);

        assertEquals(local, boot.source());
        assertEquals(5, boot.version());
        assertTrue(boot.note().contains("(version 4) is not newer than"), boot.note());
    }

    @Test
    void shouldFallBackToTheLocalFileWhenThePersistedOneIsBroken() throws Exception {
        VersionedConfigFile.writeAtomically(remote, VersionedConfigFile.render(4, yaml.replace("pin: 17", "pin: 3")));

        BootConfig boot = BootConfig.choose(local);

        assertEquals(local, boot.source());
        assertTrue(boot.note().contains("BCM 3"), boot.note());
    }

    @Test
    void shouldIgnoreAPersistedConfigOfAnotherGateway() throws Exception {
        VersionedConfigFile.writeAtomically(remote, VersionedConfigFile.render(4, yaml.replace("gateway: gw-01", "gateway: gw-02")));

        BootConfig boot = BootConfig.choose(local);

        assertEquals(local, boot.source());
        assertTrue(boot.note().contains("is for huayuan/gw-02, not huayuan/gw-01"), boot.note());
    }

    @Test
    void shouldRunTheLocalFileAndKnowTheVersionThatFailedToStart() throws Exception {
        VersionedConfigFile.writeAtomically(remote.resolveSibling("gateway-remote.yaml.failed"),
                VersionedConfigFile.render(4, yaml));

        BootConfig boot = BootConfig.choose(local);

        assertEquals(local, boot.source());
        assertEquals(4, boot.failedVersion());
        assertEquals(false, boot.remote());
    }

    @Test
    void shouldRefuseToBootWithoutAUsableLocalFile() throws Exception {
        VersionedConfigFile.writeAtomically(remote, VersionedConfigFile.render(4, yaml));
        Files.writeString(local, yaml.replace("site: huayuan", ""));

        assertThrows(ConfigException.class, () -> BootConfig.choose(local));
    }
}
