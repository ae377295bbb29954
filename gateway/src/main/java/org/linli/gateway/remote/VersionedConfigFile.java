package org.linli.gateway.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway.yaml that knows its version: the first line is a YAML comment,
 * {@code # linli-config-version: 7}, so the file stays a plain gateway config that
 * {@code GatewayConfigLoader} and {@code linli-config validate} read as they are. A file without the
 * line (an installer's local gateway.yaml) has version 0.
 *
 * <p>Writes are atomic: a temporary file in the same directory, written and fsynced, renamed over
 * the target, and the directory fsynced, so after a power cut the file is the old one or the new
 * one, never half of each.
 */
public final class VersionedConfigFile {
    /** The name of the persisted remote config beside the uplink's buffer. */
    public static final String REMOTE_FILE_NAME = "gateway-remote.yaml";
    private static final String HEADER = "# linli-config-version: ";
    private static final Pattern HEADER_LINE = Pattern.compile("\\A\\uFEFF?# linli-config-version: (\\d{1,18})\\s*(\\r?\\n|\\z)");

    private VersionedConfigFile() {
    }

    /** The text to persist: the header line, then {@code yaml} as it came. */
    public static String render(long version, String yaml) {
        return HEADER + version + "\n" + yaml + (yaml.endsWith("\n") ? "" : "\n");
    }

    /** The version in {@code text}'s first line, 0 when it has none. */
    public static long versionOf(String text) {
        Matcher m = HEADER_LINE.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Writes {@code text} to {@code file} atomically and durably; creates the directory if missing. */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        // The rename is durable only once the directory entry is on disk.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the rename itself was atomic.
        }
    }
}
