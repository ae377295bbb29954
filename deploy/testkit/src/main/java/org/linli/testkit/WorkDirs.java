package org.linli.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work directories of the services started by {@link Services}: where they live, and how a stale one
 * from an earlier run is cleared. A stale directory can still have a live process in it when the
 * earlier test JVM was killed before its shutdown hook ran; that process is ended first, but only if
 * its command line names the directory, so that a reused pid is never hit.
 */
final class WorkDirs {

    /** System property overriding the root of all work directories. */
    static final String ROOT_PROPERTY = "linli.testkit.dir";

    private static final Logger LOG = LoggerFactory.getLogger(WorkDirs.class);

    private WorkDirs() {
    }

    /**
     * {@code ${linli.testkit.dir}}, by default {@code ${user.dir}/target/it-services}: surefire and
     * failsafe run with the module directory as {@code user.dir}.
     */
    static Path root() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.dir"), "target", "it-services").toAbsolutePath();
    }

    /** Ends processes left behind in {@code dir}, deletes it and creates it again, empty. */
    static Path reset(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                endLeftoverProcesses(dir);
                deleteRecursively(dir);
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset work directory " + dir, e);
        }
    }

    private static void endLeftoverProcesses(Path dir) throws IOException {
        List<Path> pidFiles;
        try (Stream<Path> files = Files.list(dir)) {
            pidFiles = files.filter(file -> file.getFileName().toString().endsWith(".pid")).toList();
        }
        for (Path pidFile : pidFiles) {
            String text = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
            if (!text.matches("\\d+")) {
                continue;
            }
            ProcessHandle.of(Long.parseLong(text))
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().commandLine().orElse("").contains(dir.toString()))
                    .ifPresent(handle -> {
                        LOG.warn("ending pid {} left behind in {} by an earlier run", handle.pid(), dir);
                        handle.destroyForcibly();
                        try {
                            handle.onExit().get(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            LOG.warn("pid {} did not exit after SIGKILL", handle.pid(), e);
                        }
                    });
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
