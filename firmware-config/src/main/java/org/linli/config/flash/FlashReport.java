package org.linli.config.flash;

import java.util.List;

/** What a flash wrote and read back, and notes for the installer (e.g. about cmdline.txt). */
public record FlashReport(String target, List<FileCheck> files, List<String> notes) {

    public FlashReport {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }

    public boolean ok() {
        return files.stream().allMatch(FileCheck::ok);
    }

    public List<String> failed() {
        return files.stream().filter(f -> !f.ok()).map(FileCheck::path).toList();
    }
}
