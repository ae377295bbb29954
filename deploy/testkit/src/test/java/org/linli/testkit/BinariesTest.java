package org.linli.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinariesTest {

    @Test
    void shouldNameDebianPackageOfMissingBinary() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Binaries.require("no-such-binary-linli", "linli-pkg", List.of(Path.of("/usr/sbin"))));

        assertEquals("no-such-binary-linli not found on PATH or in /usr/sbin: install the Debian package"
                + " 'linli-pkg' (apt-get install --no-install-recommends linli-pkg), or run"
                + " deploy/local/stack.sh install", error.getMessage());
    }

    @Test
    void shouldFindExecutableInExtraDirectory(@TempDir Path dir) throws IOException {
        Path binary = executable(dir.resolve("linli-fake-binary"));

        assertEquals(Optional.of(binary), Binaries.search("linli-fake-binary", List.of(dir)));
    }

    @Test
    void shouldPickNewestPostgresVersionNumerically(@TempDir Path root) throws IOException {
        for (String version : List.of("9.6", "15", "13")) {
            Files.createDirectories(root.resolve(version).resolve("bin"));
            executable(root.resolve(version).resolve("bin/postgres"));
        }
        Files.createDirectories(root.resolve("16/bin")); // no server binary: a client-only install

        assertEquals(Optional.of(root.resolve("15/bin")), Binaries.newestVersionedBinDir(root));
    }

    @Test
    void shouldCompareVersionsPartByPart() {
        assertTrue(Binaries.compareVersions("9.6", "15") < 0);
        assertTrue(Binaries.compareVersions("15", "13") > 0);
        assertEquals(0, Binaries.compareVersions("15", "15.0"));
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
