package org.linli.config.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes rendered files with their permissions. A secret file is created 0600 from the start (never
 * written first and narrowed later), then moved into place so a reader never sees half a file.
 */
final class OutputFiles {
    static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> SCRIPT = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private OutputFiles() {
    }

    static void write(Path file, String text, Set<PosixFilePermission> mode) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    static void write(Path file, byte[] bytes, Set<PosixFilePermission> mode) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(SECRET));
        try {
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, mode);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates {@code dir} if missing and makes it 0700 either way. */
    static Path privateDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PRIVATE_DIR);
        return dir;
    }
}
