package org.linli.config.flash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a bundle onto a boot partition, appends its kernel arguments to {@code cmdline.txt}, then reads
 * every file back and compares it byte for byte. Flashing the same bundle twice gives the same partition.
 */
public final class Flasher {
    static final String CMDLINE = "cmdline.txt";

    /** Flashes and verifies; a {@link FlashException} means the target or a tool is unusable. */
    public FlashReport flash(Bundle bundle, BootTarget target) throws FlashException {
        long capacity = target.capacityBytes();
        if (bundle.totalBytes() > capacity) {
            throw new FlashException("the boot partition of " + target.describe() + " is too small: "
                    + capacity + " bytes for a bundle of " + bundle.totalBytes() + " bytes");
        }
        for (String dir : bundle.directories()) {
            if (!target.exists(dir)) {
                target.makeDirectory(dir);
            }
        }
        for (BundleFile f : bundle.files()) {
            target.copy(f.source(), f.path());
        }
        List<String> notes = new ArrayList<>();
        Optional<Expected> cmdline = bundle.cmdlineSuffix().isPresent()
                ? appendToCmdline(bundle.cmdlineSuffix().get(), target, notes)
                : Optional.empty();

        List<FileCheck> checks = new ArrayList<>();
        for (BundleFile f : bundle.files()) {
            checks.add(verify(target, f.path(), f.size(), f.sha256()));
        }
        cmdline.ifPresent(c -> notes.add(0, c.note()));
        if (cmdline.isPresent()) {
            byte[] content = cmdline.get().content();
            checks.add(verify(target, CMDLINE, content.length, Hashes.sha256(content)));
        }
        return new FlashReport(target.describe(), checks, notes);
    }

    private record Expected(byte[] content, String note) {
    }

    private static Optional<Expected> appendToCmdline(String suffix, BootTarget target, List<String> notes)
            throws FlashException {
        Optional<byte[]> current = target.read(CMDLINE);
        if (current.isEmpty()) {
            notes.add("no cmdline.txt on the boot partition: kernel arguments from " + Bundle.CMDLINE_APPEND
                    + " not applied (" + Cmdline.oneLine(suffix) + ")");
            return Optional.empty();
        }
        Cmdline.Edit edit = Cmdline.append(new String(current.get(), StandardCharsets.UTF_8), suffix);
        byte[] content = edit.content().getBytes(StandardCharsets.UTF_8);
        if (edit.changed()) {
            target.write(CMDLINE, content);
            return Optional.of(new Expected(content, "cmdline.txt: appended " + Cmdline.oneLine(suffix)));
        }
        return Optional.of(new Expected(content, "cmdline.txt: already has the bundle's arguments, left as it was"));
    }

    private static FileCheck verify(BootTarget target, String path, long size, String sha256) throws FlashException {
        Optional<byte[]> back = target.read(path);
        if (back.isEmpty()) {
            return new FileCheck(path, size, FileCheck.Status.MISSING);
        }
        boolean same = Hashes.sha256(back.get()).equals(sha256);
        return new FileCheck(path, size, same ? FileCheck.Status.OK : FileCheck.Status.MISMATCH);
    }
}
