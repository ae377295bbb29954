package org.linli.config.flash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Finds the FAT boot partition of a Raspberry Pi OS image by reading its MBR. The boot partition is the
 * first FAT partition (Pi OS puts it first); an image that is one bare FAT file system ("superfloppy")
 * is used from offset 0.
 */
public final class DiskImage {
    private static final int SECTOR = 512;
    private static final int TABLE = 446;
    private static final int GPT_PROTECTIVE = 0xee;
    private static final Map<Integer, String> FAT_TYPES = Map.of(
            0x04, "FAT16 <32M", 0x06, "FAT16", 0x0b, "FAT32 CHS", 0x0c, "FAT32 LBA", 0x0e, "FAT16 LBA");
    // Installers download Pi OS as .img.xz; say so instead of "not an image".
    private static final Map<String, String> PACKED = Map.of(
            "fd377a585a00", "xz-compressed (unpack it first: xz -dk FILE)",
            "1f8b", "gzip-compressed (unpack it first: gunzip -k FILE)",
            "504b0304", "a zip archive (unpack it first: unzip FILE)");

    private DiskImage() {
    }

    /** The FAT boot partition of {@code image}, or a refusal that says why there is none. */
    public static FatPartition locate(Path image) throws FlashException {
        if (!Files.exists(image)) {
            throw new FlashException("image " + image + " does not exist");
        }
        if (Files.isDirectory(image)) {
            throw new FlashException("image " + image + " is a directory; for a mounted boot partition use --boot-dir");
        }
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            return locate(image, ch);
        } catch (IOException e) {
            throw new FlashException("cannot read image " + image + ": " + e.getMessage(), e);
        }
    }

    private static FatPartition locate(Path image, FileChannel ch) throws IOException, FlashException {
        long fileSize = ch.size();
        if (fileSize < SECTOR) {
            throw new FlashException(image + " is not a disk image: only " + fileSize + " bytes");
        }
        ByteBuffer first = sector(ch, 0);
        String hex = HexFormat.of().formatHex(first.array(), 0, 6);
        for (var packed : PACKED.entrySet()) {
            if (hex.startsWith(packed.getKey())) {
                throw new FlashException(image + " is " + packed.getValue());
            }
        }
        if (!hasBootSignature(first)) {
            throw new FlashException(image + " is not a disk image: no MBR or boot sector (0x55AA at byte 510)");
        }
        boolean superfloppy = isFatBootSector(first);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int entry = TABLE + 16 * i;
            int type = first.get(entry + 4) & 0xff;
            long start = first.getInt(entry + 8) & 0xffffffffL;
            long sectors = first.getInt(entry + 12) & 0xffffffffL;
            if (type == 0) {
                continue;
            }
            if (type == GPT_PROTECTIVE && !superfloppy) {
                throw new FlashException(image + " has a GPT partition table; Raspberry Pi OS images use MBR,"
                        + " so this is not one (or mount its boot partition and use --boot-dir)");
            }
            String name = FAT_TYPES.get(type);
            // A start of 0 is the fake table mkfs.fat writes into a superfloppy's own boot sector.
            if (name == null || start == 0) {
                seen.add(String.format("partition %d type 0x%02x", i + 1, type));
                continue;
            }
            String description = String.format("partition %d, type 0x%02x %s", i + 1, type, name);
            long offset = start * SECTOR;
            long size = sectors * SECTOR;
            if (offset + size > fileSize) {
                throw new FlashException(image + ": " + description + " ends at byte " + (offset + size)
                        + " but the file has only " + fileSize + " bytes; the image is truncated or the partition too small");
            }
            if (!isFatBootSector(sector(ch, offset))) {
                throw new FlashException(image + ": " + description + " holds no FAT file system (not formatted?)");
            }
            return new FatPartition(offset, size, description);
        }
        if (superfloppy) {
            return new FatPartition(0, fileSize, "whole image, no partition table");
        }
        throw new FlashException(image + " has no FAT partition"
                + (seen.isEmpty() ? " (the partition table is empty)" : " (found: " + String.join(", ", seen) + ")"));
    }

    private static ByteBuffer sector(FileChannel ch, long offset) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && ch.read(b, offset + b.position()) >= 0) {
            // read until full or end of file
        }
        return b.clear();
    }

    private static boolean hasBootSignature(ByteBuffer s) {
        return (s.get(510) & 0xff) == 0x55 && (s.get(511) & 0xff) == 0xaa;
    }

    /** A FAT volume boot record: a jump instruction and a plausible BIOS parameter block. */
    static boolean isFatBootSector(ByteBuffer s) {
        int jump = s.get(0) & 0xff;
        boolean jumps = (jump == 0xeb && (s.get(2) & 0xff) == 0x90) || jump == 0xe9;
        int bytesPerSector = s.getShort(11) & 0xffff;
        int sectorsPerCluster = s.get(13) & 0xff;
        int reserved = s.getShort(14) & 0xffff;
        int fats = s.get(16) & 0xff;
        return jumps && hasBootSignature(s)
                && (bytesPerSector == 512 || bytesPerSector == 1024 || bytesPerSector == 2048 || bytesPerSector == 4096)
                && sectorsPerCluster > 0 && Integer.bitCount(sectorsPerCluster) == 1
                && reserved >= 1 && fats >= 1;
    }
}
