package org.linli.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the service binaries, and fails fast naming the Debian package that provides a missing one.
 * Debian installs mosquitto in /usr/sbin, which is not on a normal user's PATH, and the PostgreSQL
 * server binaries in /usr/lib/postgresql/VERSION/bin, which is never on PATH.
 */
final class Binaries {

    private static final Path POSTGRES_ROOT = Path.of("/usr/lib/postgresql");

    private Binaries() {
    }

    static Path mosquitto() {
        return require("mosquitto", "mosquitto", List.of(Path.of("/usr/sbin")));
    }

    static Path influxd() {
        return require("influxd", "influxdb", List.of(Path.of("/usr/bin")));
    }

    /** The directory holding initdb, postgres, pg_isready and createdb of the newest installed version. */
    static Path postgresBinDir() {
        Optional<Path> onPath = search("initdb", List.of());
        if (onPath.isPresent()) {
            return realPath(onPath.get()).getParent();
        }
        return newestVersionedBinDir(POSTGRES_ROOT).orElseThrow(() -> new IllegalStateException(
                missingMessage("initdb", "postgresql", List.of(POSTGRES_ROOT.resolve("VERSION/bin")))));
    }

    /** A binary found on PATH or else in one of {@code extraDirs}, or an exception naming the package. */
    static Path require(String name, String debianPackage, List<Path> extraDirs) {
        return search(name, extraDirs).orElseThrow(() -> new IllegalStateException(
                missingMessage(name, debianPackage, extraDirs)));
    }

    static String missingMessage(String name, String debianPackage, List<Path> extraDirs) {
        StringBuilder where = new StringBuilder("PATH");
        for (Path dir : extraDirs) {
            where.append(" or in ").append(dir);
        }
        return name + " not found on " + where + ": install the Debian package '" + debianPackage
                + "' (apt-get install --no-install-recommends " + debianPackage
                + "), or run deploy/local/stack.sh install";
    }

    static Optional<Path> search(String name, List<Path> extraDirs) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            Arrays.stream(path.split(File.pathSeparator))
                    .filter(entry -> !entry.isEmpty())
                    .map(Path::of)
                    .forEach(dirs::add);
        }
        dirs.addAll(extraDirs);
        return dirs.stream()
                .map(dir -> dir.resolve(name))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }

    /** Picks ROOT/VERSION/bin with the highest VERSION (compared numerically: 9.6 before 15). */
    static Optional<Path> newestVersionedBinDir(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions
                    .filter(dir -> Files.isExecutable(dir.resolve("bin/postgres")))
                    .max(Comparator.comparing(dir -> dir.getFileName().toString(), Binaries::compareVersions))
                    .map(dir -> dir.resolve("bin"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    static int compareVersions(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int difference = Integer.compare(number(a, i), number(b, i));
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private static int number(String[] parts, int index) {
        if (index >= parts.length) {
            return 0;
        }
        try {
            return Integer.parseInt(parts[index]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + path, e);
        }
    }
}
