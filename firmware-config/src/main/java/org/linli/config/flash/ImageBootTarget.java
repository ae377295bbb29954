package org.linli.config.flash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The FAT boot partition inside a disk image, written with mtools ({@code -i FILE@@OFFSET}): no root, no
 * loop device, and the image can then be written to cards with Raspberry Pi Imager or dd.
 */
public final class ImageBootTarget implements BootTarget {
    private final Mtools mtools;
    private final Path image;
    private final FatPartition partition;
    private final String drive;

    public ImageBootTarget(Mtools mtools, Path image, FatPartition partition) {
        this.mtools = mtools;
        this.image = image;
        this.partition = partition;
        this.drive = image + "@@" + partition.offset();
    }

    /** Finds the boot partition of {@code image} and checks that mtools is there, before anything is written. */
    public static ImageBootTarget open(Mtools mtools, Path image) throws FlashException {
        return new ImageBootTarget(mtools, image, DiskImage.locate(image));
    }

    public FatPartition partition() {
        return partition;
    }

    @Override
    public String describe() {
        return image + " (" + partition.description() + ", byte offset " + partition.offset() + ")";
    }

    @Override
    public long capacityBytes() {
        return partition.size();
    }

    @Override
    public boolean exists(String path) throws FlashException {
        return mtools.mdir("-b", "-i", drive, fat(path)).ok();
    }

    @Override
    public void makeDirectory(String path) throws FlashException {
        check(mtools.mmd("-i", drive, fat(path)), "create directory " + path);
    }

    @Override
    public void copy(Path source, String path) throws FlashException {
        check(mtools.mcopy("-o", "-i", drive, source.toString(), fat(path)), "write " + path);
    }

    @Override
    public void write(String path, byte[] content) throws FlashException {
        Path temp = null;
        try {
            temp = Files.createTempFile("linli-flash-", ".tmp");
            Files.write(temp, content);
            copy(temp, path);
        } catch (IOException e) {
            throw new FlashException("cannot stage " + path + " for the image: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    // mtype streams the file to us, so secrets (client.key) are never put into a temp file to compare.
    @Override
    public Optional<byte[]> read(String path) throws FlashException {
        if (!exists(path)) {
            return Optional.empty();
        }
        Exec.Result r = mtools.mtype("-i", drive, fat(path));
        check(r, "read back " + path);
        return Optional.of(r.stdout());
    }

    private static String fat(String path) {
        return "::/" + path;
    }

    private void check(Exec.Result r, String what) throws FlashException {
        if (!r.ok()) {
            String detail = r.stderr().isEmpty() ? "exit code " + r.exitCode() : r.stderr().replace('\n', ' ');
            throw new FlashException("cannot " + what + " in " + describe() + ": " + detail);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a left-over temp file holds only cmdline.txt, nothing secret
            }
        }
    }
}
