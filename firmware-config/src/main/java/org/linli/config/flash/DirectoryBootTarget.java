package org.linli.config.flash;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A mounted boot partition, e.g. {@code /media/$USER/bootfs} after the SD card was written with
 * Raspberry Pi Imager or dd. Every file and directory is fsynced, because installers pull the card as
 * soon as the command returns.
 *
 * <p>The read-back goes through the page cache, so it proves what the kernel will write, not what the
 * card holds; the fsync is what gets it onto the card.
 */
public final class DirectoryBootTarget implements BootTarget {
    private final Path root;

    public DirectoryBootTarget(Path root) throws FlashException {
        if (!Files.exists(root)) {
            throw new FlashException("boot directory " + root + " does not exist; is the card's boot partition mounted?");
        }
        if (!Files.isDirectory(root)) {
            throw new FlashException("boot directory " + root + " is not a directory; for an image file use --image");
        }
        if (!Files.isWritable(root)) {
            throw new FlashException("boot directory " + root + " is not writable (mounted read-only, or owned by root?)");
        }
        this.root = root;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public long capacityBytes() throws FlashException {
        try {
            return Files.getFileStore(root).getTotalSpace();
        } catch (IOException e) {
            throw new FlashException("cannot read the size of " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(resolve(path));
    }

    @Override
    public void makeDirectory(String path) throws FlashException {
        Path dir = resolve(path);
        try {
            Files.createDirectories(dir);
            fsyncDirectory(dir.getParent());
        } catch (IOException e) {
            throw new FlashException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void copy(Path source, String path) throws FlashException {
        Path target = resolve(path);
        try {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            fsync(target);
        } catch (IOException e) {
            throw new FlashException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String path, byte[] content) throws FlashException {
        Path target = resolve(path);
        try {
            Files.write(target, content);
            fsync(target);
        } catch (IOException e) {
            throw new FlashException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> read(String path) throws FlashException {
        Path file = resolve(path);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new FlashException("cannot read back " + file + ": " + e.getMessage(), e);
        }
    }

    private Path resolve(String path) {
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root.normalize())) {
            throw new IllegalArgumentException("path leaves the boot directory: " + path);
        }
        return p;
    }

    private void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        fsyncDirectory(file.getParent());
    }

    // A new directory entry is only durable once its directory is synced too. Some file systems refuse
    // to open a directory for sync; the file data is synced already, so that is not fatal.
    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // see above
        }
    }
}
