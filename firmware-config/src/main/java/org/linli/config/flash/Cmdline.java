package org.linli.config.flash;

/**
 * Appends the bundle's kernel arguments to {@code cmdline.txt}. The Pi firmware reads only the first line
 * of that file, so the result is always one line; and a second flash of the same bundle must not append
 * the arguments again.
 */
final class Cmdline {
    private Cmdline() {
    }

    /** The new file content and whether it differs from what was there. */
    record Edit(String content, boolean changed) {
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    static Edit append(String existing, String rawSuffix) {
        String suffix = oneLine(rawSuffix);
        String line = oneLine(existing);
        // Compared on word boundaries, so "quiet" is not taken as present in "quietly".
        if (suffix.isEmpty() || (" " + line + " ").contains(" " + suffix + " ")) {
            return new Edit(existing, false);
        }
        return new Edit((line.isEmpty() ? suffix : line + " " + suffix) + "\n", true);
    }
}
