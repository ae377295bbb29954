package org.linli.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of service log files, to put into the message of a failed start. */
final class LogTail {

    static final int LINES = 25;

    private LogTail() {
    }

    static String of(List<Path> files) {
        StringBuilder out = new StringBuilder();
        for (Path file : files) {
            out.append(System.lineSeparator()).append("--- last lines of ").append(file).append(':');
            for (String line : lastLines(file, LINES)) {
                out.append(System.lineSeparator()).append(line);
            }
        }
        return out.toString();
    }

    static List<String> lastLines(Path file, int count) {
        if (!Files.isRegularFile(file)) {
            return List.of("(no such file)");
        }
        try {
            // Service logs in tests stay small, and a decoding error must not hide the real failure.
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read: " + e + ")");
        }
    }
}
