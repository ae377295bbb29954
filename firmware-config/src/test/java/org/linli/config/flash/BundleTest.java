package org.linli.config.flash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleTest {
    @TempDir
    Path dir;

    @Test
    void shouldKeepRelativePathsAndTakeCmdlineAppendAsArgumentsNotAFile() throws Exception {
        Files.createDirectories(dir.resolve("linli/sub"));
        Files.writeString(dir.resolve("linli/sub/a.txt"), "a");
        Files.writeString(dir.resolve("user-data"), "u");
        Files.writeString(dir.resolve("cmdline-append.txt"), "quiet\n");

        Bundle b = Bundle.read(dir);

        assertEquals(List.of("linli/sub/a.txt", "user-data"), b.files().stream().map(BundleFile::path).toList());
        assertEquals(List.of("linli", "linli/sub"), b.directories());
        assertEquals(Optional.of("quiet\n"), b.cmdlineSuffix());
    }

    @Test
    void shouldRefuseNamesThatDifferOnlyInCase() throws Exception {
        Files.writeString(dir.resolve("CA.crt"), "a");
        Files.writeString(dir.resolve("ca.crt"), "b");

        FlashException e = assertThrows(FlashException.class, () -> Bundle.read(dir));

        assertTrue(e.getMessage().contains("differ only in case"), e.getMessage());
    }

    @Test
    void shouldRefuseANameFatCannotHold() throws Exception {
        Files.writeString(dir.resolve("a:b"), "a");

        FlashException e = assertThrows(FlashException.class, () -> Bundle.read(dir));

        assertTrue(e.getMessage().contains("FAT cannot hold a name with ':'"), e.getMessage());
    }

    @Test
    void shouldRefuseAnEmptyBundle() {
        FlashException e = assertThrows(FlashException.class, () -> Bundle.read(dir));

        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }
}
