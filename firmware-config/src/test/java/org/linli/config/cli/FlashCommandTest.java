package org.linli.config.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlashCommandTest {
    private static final String SUFFIX = "systemd.run=/boot/firmware/firstrun.sh systemd.run_success_action=reboot";
    private static final String PASSWORD = "pw-d0-not-print-口令";
    private static final long OFFSET = FatImages.BOOT_START_SECTOR * 512;

    @TempDir
    Path tmp;
    Path bundle;
    Map<String, byte[]> files;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void bundle() throws IOException {
        bundle = tmp.resolve("out/gateways/gw-01");
        byte[] key = new byte[1500];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 31 + 7);
        }
        files = Map.of(
                "user-data", "#cloud-config\nhostname: gw-01\n".getBytes(StandardCharsets.UTF_8),
                "network-config", "version: 2\n".getBytes(StandardCharsets.UTF_8),
                "meta-data", "instance-id: gw-01\n".getBytes(StandardCharsets.UTF_8),
                "firstrun.sh", "#!/bin/bash\necho first\r\n".getBytes(StandardCharsets.UTF_8),
                "linli/gateway.yaml", "site: huayuan\ngateway: gw-01\n# 花园社区 北门网关\n".getBytes(StandardCharsets.UTF_8),
                "linli/cloud-mqtt.pass", PASSWORD.getBytes(StandardCharsets.UTF_8),
                "linli/client.key", key,
                "linli/ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.UTF_8));
        for (var f : files.entrySet()) {
            put(f.getKey(), f.getValue());
        }
        Files.writeString(bundle.resolve("cmdline-append.txt"), SUFFIX + "\n");
    }

    private void put(String path, byte[] content) throws IOException {
        Path p = bundle.resolve(path);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }

    private static Run flash(String... args) {
        CommandLine cli = LinliConfigCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 1];
        full[0] = "flash";
        System.arraycopy(args, 0, full, 1, args.length);
        return new Run(cli.execute(full), out.toString(), err.toString());
    }

    private void assertImageHoldsBundle(Path img, long offset) throws IOException {
        for (var f : files.entrySet()) {
            assertArrayEquals(f.getValue(), FatImages.readOut(img, offset, f.getKey(), tmp), f.getKey());
        }
    }

    @Test
    void shouldWriteEveryFileIntoTheFatPartitionOfAnMbrImage() throws IOException {
        Path img = FatImages.raspiosLike(tmp);

        Run run = flash(bundle.toString(), "--image", img.toString());

        assertEquals(LinliConfigCli.OK, run.exit(), run.err());
        assertImageHoldsBundle(img, OFFSET);
        assertEquals("dtparam=audio=on\ncamera_auto_detect=1\n", FatImages.readOutText(img, OFFSET, "config.txt", tmp));
        assertTrue(run.out().contains("partition 1, type 0x0c"), run.out());
        assertTrue(run.out().contains("linli/client.key") && run.out().contains("1500  ok"), run.out());
    }

    @Test
    void shouldWriteASuperfloppyImageAndSayThatItHasNoCmdlineTxt() throws IOException {
        Path img = FatImages.superfloppy(tmp);

        Run run = flash(bundle.toString(), "--image", img.toString());

        assertEquals(LinliConfigCli.OK, run.exit(), run.err());
        assertImageHoldsBundle(img, 0);
        assertTrue(run.out().contains("no cmdline.txt on the boot partition"), run.out());
    }

    @Test
    void shouldAppendTheKernelArgumentsToCmdlineTxtOnceWhenFlashedTwice() throws IOException {
        Path img = FatImages.raspiosLike(tmp);

        assertEquals(LinliConfigCli.OK, flash(bundle.toString(), "--image", img.toString()).exit());
        Run second = flash(bundle.toString(), "--image", img.toString());

        assertEquals(LinliConfigCli.OK, second.exit(), second.err());
        assertEquals(FatImages.CMDLINE + " " + SUFFIX + "\n", FatImages.readOutText(img, OFFSET, "cmdline.txt", tmp));
        assertTrue(second.out().contains("already has the bundle's arguments"), second.out());
        assertThrows(IOException.class, () -> FatImages.readOut(img, OFFSET, "cmdline-append.txt", tmp),
                "cmdline-append.txt is applied, not copied");
    }

    @Test
    void shouldOverwriteFilesWhenFlashedAgainWithChangedContent() throws IOException {
        Path img = FatImages.raspiosLike(tmp);
        flash(bundle.toString(), "--image", img.toString());
        byte[] changed = "site: huayuan\ngateway: gw-01\n# 第二版\n".getBytes(StandardCharsets.UTF_8);
        put("linli/gateway.yaml", changed);

        Run run = flash(bundle.toString(), "--image", img.toString());

        assertEquals(LinliConfigCli.OK, run.exit(), run.err());
        assertArrayEquals(changed, FatImages.readOut(img, OFFSET, "linli/gateway.yaml", tmp));
    }

    @Test
    void shouldFlashAMountedBootDirectory() throws IOException {
        Path boot = Files.createDirectories(tmp.resolve("bootfs"));
        Files.writeString(boot.resolve("cmdline.txt"), FatImages.CMDLINE + "\n");

        Run run = flash(bundle.toString(), "--boot-dir", boot.toString());
        Run again = flash(bundle.toString(), "--boot-dir", boot.toString());

        assertEquals(LinliConfigCli.OK, run.exit(), run.err());
        assertEquals(LinliConfigCli.OK, again.exit(), again.err());
        for (var f : files.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(boot.resolve(f.getKey())), f.getKey());
        }
        assertEquals(FatImages.CMDLINE + " " + SUFFIX + "\n", Files.readString(boot.resolve("cmdline.txt")));
        assertFalse(Files.exists(boot.resolve("cmdline-append.txt")));
    }

    @Test
    void shouldNeverPrintSecretContents() throws IOException {
        Path img = FatImages.raspiosLike(tmp);

        Run run = flash(bundle.toString(), "--image", img.toString());

        assertFalse((run.out() + run.err()).contains(PASSWORD));
        assertTrue(run.out().contains("linli/cloud-mqtt.pass"), run.out());
    }

    @Test
    void shouldRefuseAnImageWithoutAFatPartition() throws IOException {
        Path img = tmp.resolve("linux-only.img");
        FatImages.writeMbr(img, 16L << 20, 0x83, 2048, 30720);

        Run run = flash(bundle.toString(), "--image", img.toString());

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertTrue(run.err().contains("has no FAT partition (found: partition 1 type 0x83)"), run.err());
    }

    @Test
    void shouldRefuseAFatPartitionThatEndsBeyondTheImage() throws IOException {
        Path img = tmp.resolve("truncated.img");
        FatImages.writeMbr(img, 8L << 20, 0x0c, 8192, 524288);

        Run run = flash(bundle.toString(), "--image", img.toString());

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertTrue(run.err().contains("truncated or the partition too small"), run.err());
    }

    @Test
    void shouldRefuseAGptImage() throws IOException {
        Path img = tmp.resolve("gpt.img");
        FatImages.writeMbr(img, 8L << 20, 0xee, 1, 16383);

        Run run = flash(bundle.toString(), "--image", img.toString());

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertTrue(run.err().contains("GPT partition table"), run.err());
    }

    @Test
    void shouldRefuseAFileThatIsNotADiskImage() throws IOException {
        Path notImage = tmp.resolve("photo.img");
        byte[] noise = new byte[4096];
        new java.util.Random(42).nextBytes(noise);
        noise[510] = 0;
        Files.write(notImage, noise);

        Run run = flash(bundle.toString(), "--image", notImage.toString());

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertTrue(run.err().contains("is not a disk image"), run.err());
    }

    @Test
    void shouldRefuseAMissingImage() {
        Run run = flash(bundle.toString(), "--image", tmp.resolve("nope.img").toString());

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertTrue(run.err().contains("nope.img does not exist"), run.err());
    }

    @Test
    void shouldRefuseAMissingBundle() throws IOException {
        Path img = FatImages.superfloppy(tmp);

        Run run = flash(tmp.resolve("out/gateways/gw-99").toString(), "--image", img.toString());

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertTrue(run.err().contains("gw-99 does not exist"), run.err());
    }

    @Test
    void shouldNameTheMtoolsPackageWhenMcopyIsMissing() throws IOException {
        Path img = FatImages.superfloppy(tmp);

        Run run = flash(bundle.toString(), "--image", img.toString(), "--mtools-dir", tmp.resolve("no-mtools").toString());

        assertEquals(LinliConfigCli.UNUSABLE, run.exit());
        assertTrue(run.err().contains("mcopy not found"), run.err());
        assertTrue(run.err().contains("Debian package mtools"), run.err());
        assertTrue(run.err().contains("deploy/local/stack.sh install-test-tools"), run.err());
    }

    @Test
    void shouldRequireExactlyOneTarget() throws IOException {
        Path boot = Files.createDirectories(tmp.resolve("bootfs"));

        assertEquals(LinliConfigCli.UNUSABLE, flash(bundle.toString()).exit());
        assertEquals(LinliConfigCli.UNUSABLE, flash(bundle.toString(), "--image", "x.img", "--boot-dir", boot.toString()).exit());
    }

    @Test
    void shouldListTheTargetsAndExitCodesInTheUsage() {
        Run run = flash("--help");

        assertEquals(LinliConfigCli.OK, run.exit());
        for (String s : List.of("--image=FILE.img", "--boot-dir=DIR", "BUNDLE", "Exit codes")) {
            assertTrue(run.out().contains(s), run.out());
        }
    }
}
