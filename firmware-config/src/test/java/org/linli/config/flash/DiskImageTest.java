package org.linli.config.flash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskImageTest {
    @TempDir
    Path tmp;

    private static String refusal(Path image) {
        return assertThrows(FlashException.class, () -> DiskImage.locate(image)).getMessage();
    }

    /** A minimal FAT boot sector: jump, 512 bytes per sector, 4 sectors per cluster, 1 reserved, 2 FATs. */
    private static byte[] fatBootSector() {
        byte[] s = new byte[512];
        s[0] = (byte) 0xeb;
        s[1] = 0x3c;
        s[2] = (byte) 0x90;
        s[12] = 2;
        s[13] = 4;
        s[14] = 1;
        s[16] = 2;
        s[510] = 0x55;
        s[511] = (byte) 0xaa;
        return s;
    }

    @Test
    void shouldUseOffsetZeroForABareFatFileSystem() throws Exception {
        Path img = tmp.resolve("floppy.img");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(1 << 20);
            f.write(fatBootSector());
        }

        FatPartition p = DiskImage.locate(img);

        assertEquals(0, p.offset());
        assertEquals(1 << 20, p.size());
    }

    @Test
    void shouldUseTheLbaStartOfTheFirstFatPartition() throws Exception {
        Path img = tmp.resolve("pi.img");
        byte[] mbr = new byte[512];
        mbr[446 + 4] = 0x0c;
        mbr[446 + 8 + 1] = 0x20; // start 8192
        mbr[446 + 12 + 1] = 0x20; // 8192 sectors
        mbr[510] = 0x55;
        mbr[511] = (byte) 0xaa;
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(16L << 20);
            f.write(mbr);
            f.seek(8192L * 512);
            f.write(fatBootSector());
        }

        FatPartition p = DiskImage.locate(img);

        assertEquals(8192L * 512, p.offset());
        assertEquals(8192L * 512, p.size());
        assertTrue(p.description().contains("FAT32 LBA"), p.description());
    }

    @Test
    void shouldSayThatAFatPartitionIsNotFormatted() throws Exception {
        Path img = tmp.resolve("blank.img");
        byte[] mbr = new byte[512];
        mbr[446 + 4] = 0x0e;
        mbr[446 + 8 + 1] = 0x08;
        mbr[446 + 12 + 1] = 0x08;
        mbr[510] = 0x55;
        mbr[511] = (byte) 0xaa;
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(4L << 20);
            f.write(mbr);
        }

        assertTrue(refusal(img).contains("holds no FAT file system"));
    }

    @Test
    void shouldTellAnXzDownloadFromAnImage() throws Exception {
        Path img = tmp.resolve("raspios.img.xz");
        byte[] xz = new byte[1024];
        System.arraycopy(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, 0, xz, 0, 6);
        Files.write(img, xz);

        assertTrue(refusal(img).contains("xz-compressed (unpack it first"));
    }

    @Test
    void shouldRefuseAFileShorterThanASector() throws Exception {
        Path img = Files.writeString(tmp.resolve("short.img"), "hello");

        assertTrue(refusal(img).contains("not a disk image: only 5 bytes"));
    }

    @Test
    void shouldRefuseADirectoryAndPointToBootDir() {
        assertTrue(refusal(tmp).contains("use --boot-dir"));
    }
}
