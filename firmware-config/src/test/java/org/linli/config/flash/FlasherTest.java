package org.linli.config.flash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlasherTest {
    @TempDir
    Path tmp;

    /** A partition in memory that can be told to hand back one file damaged. */
    static final class MemoryTarget implements BootTarget {
        final Map<String, byte[]> files = new HashMap<>();
        final long capacity;
        String damaged;

        MemoryTarget(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public String describe() {
            return "memory";
        }

        @Override
        public long capacityBytes() {
            return capacity;
        }

        @Override
        public boolean exists(String path) {
            return files.containsKey(path);
        }

        @Override
        public void makeDirectory(String path) {
            files.put(path, new byte[0]);
        }

        @Override
        public void copy(Path source, String path) {
            try {
                files.put(path, Files.readAllBytes(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(String path, byte[] content) {
            files.put(path, content.clone());
        }

        @Override
        public Optional<byte[]> read(String path) {
            byte[] b = files.get(path);
            if (b == null || !path.equals(damaged)) {
                return Optional.ofNullable(b).map(byte[]::clone);
            }
            byte[] copy = b.clone();
            copy[0] ^= 1;
            return Optional.of(copy);
        }
    }

    private Bundle bundle() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("gw-01/linli"));
        Files.writeString(dir.resolve("gateway.yaml"), "gateway: gw-01\n");
        Files.writeString(dir.resolve("cloud-mqtt.pass"), "secret");
        Files.writeString(tmp.resolve("gw-01/user-data"), "#cloud-config\n");
        return Bundle.read(tmp.resolve("gw-01"));
    }

    @Test
    void shouldReportEveryFileOkWhenTheReadBackMatches() throws Exception {
        FlashReport report = new Flasher().flash(bundle(), new MemoryTarget(1 << 20));

        assertTrue(report.ok());
        assertEquals(List.of("linli/cloud-mqtt.pass", "linli/gateway.yaml", "user-data"),
                report.files().stream().map(FileCheck::path).toList());
    }

    @Test
    void shouldNameTheFileWhoseReadBackDiffers() throws Exception {
        MemoryTarget target = new MemoryTarget(1 << 20);
        target.damaged = "linli/gateway.yaml";

        FlashReport report = new Flasher().flash(bundle(), target);

        assertFalse(report.ok());
        assertEquals(List.of("linli/gateway.yaml"), report.failed());
    }

    @Test
    void shouldRefuseAPartitionSmallerThanTheBundle() {
        FlashException e = assertThrows(FlashException.class, () -> new Flasher().flash(bundle(), new MemoryTarget(10)));

        assertTrue(e.getMessage().contains("too small"), e.getMessage());
    }

    @Test
    void shouldVerifyTheEditedCmdlineTxt() throws Exception {
        Bundle bundle = bundle();
        Files.writeString(tmp.resolve("gw-01/cmdline-append.txt"), "quiet\n");
        MemoryTarget target = new MemoryTarget(1 << 20);
        target.write("cmdline.txt", "root=x rootwait\n".getBytes(StandardCharsets.UTF_8));
        target.damaged = "cmdline.txt";

        FlashReport report = new Flasher().flash(Bundle.read(bundle.root()), target);

        assertEquals(List.of("cmdline.txt"), report.failed());
    }
}
