package org.linli.config.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds FAT images the way Raspberry Pi OS ships them, with dosfstools and mtools, and reads files out
 * of them with mtools: independently of the code under test.
 */
final class FatImages {
    static final String CMDLINE = "console=serial0,115200 console=tty1 root=PARTUUID=1234-02 rootfstype=ext4 fsck.repair=yes rootwait";
    static final long BOOT_START_SECTOR = 8192;

    private FatImages() {
    }

    /** A 64 MiB bare FAT file system, no partition table. */
    static Path superfloppy(Path dir) throws IOException {
        Path img = dir.resolve("superfloppy.img");
        run(mkfs(), "-C", img.toString(), "65536");
        return img;
    }

    /** A 96 MiB image with an MBR, one FAT32-LBA partition at sector 8192, cmdline.txt and config.txt in it. */
    static Path raspiosLike(Path dir) throws IOException {
        Path img = dir.resolve("raspios.img");
        long totalSectors = 96L * 2048;
        long partSectors = totalSectors - BOOT_START_SECTOR;
        writeMbr(img, totalSectors * 512, 0x0c, BOOT_START_SECTOR, partSectors);
        run(mkfs(), "-F", "32", "--offset=" + BOOT_START_SECTOR, img.toString(), Long.toString(partSectors / 2));
        Path cmdline = dir.resolve("cmdline.txt");
        Files.writeString(cmdline, CMDLINE + "\n");
        Path config = dir.resolve("config.txt");
        Files.writeString(config, "dtparam=audio=on\ncamera_auto_detect=1\n");
        mcopy(img, BOOT_START_SECTOR * 512, cmdline, "::/cmdline.txt");
        mcopy(img, BOOT_START_SECTOR * 512, config, "::/config.txt");
        return img;
    }

    /** A sparse file of {@code size} bytes with an MBR holding one partition entry. */
    static void writeMbr(Path img, long size, int type, long startSector, long sectors) throws IOException {
        ByteBuffer mbr = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        mbr.put(446 + 4, (byte) type);
        mbr.putInt(446 + 8, (int) startSector);
        mbr.putInt(446 + 12, (int) sectors);
        mbr.put(510, (byte) 0x55).put(511, (byte) 0xaa);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(size);
            f.write(mbr.array());
        }
    }

    static void mcopy(Path img, long offset, Path source, String target) throws IOException {
        run("mcopy", "-o", "-i", img + "@@" + offset, source.toString(), target);
    }

    /** The file's bytes as mtools reads them from the image. */
    static byte[] readOut(Path img, long offset, String path, Path scratch) throws IOException {
        Path out = Files.createTempFile(scratch, "out-", ".bin");
        run("mcopy", "-n", "-o", "-i", img + "@@" + offset, "::/" + path, out.toString());
        return Files.readAllBytes(out);
    }

    static String readOutText(Path img, long offset, String path, Path scratch) throws IOException {
        return new String(readOut(img, offset, path, scratch), StandardCharsets.UTF_8);
    }

    // Debian keeps mkfs.vfat in /usr/sbin, which is not on a normal user's PATH.
    private static String mkfs() {
        for (String candidate : List.of("/usr/sbin/mkfs.vfat", "/sbin/mkfs.vfat")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "mkfs.vfat";
    }

    private static void run(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("MTOOLS_SKIP_CHECK", "1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(command[0] + " is missing; run deploy/local/stack.sh install-test-tools (mtools, dosfstools)", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
