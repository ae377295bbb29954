package org.linli.packages;

import org.linli.testkit.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** The .deb files this module's build made (failsafe passes target/ as {@code linli.packages.dir}). */
final class Debs {
    static final Duration DPKG_TIMEOUT = Duration.ofSeconds(60);

    private Debs() {
    }

    static Path target() {
        return Path.of(System.getProperty("linli.packages.dir", "target")).toAbsolutePath();
    }

    /** {@code target/NAME_VERSION_all.deb}; fails when the build made none or several. */
    static Path deb(String name) {
        try (Stream<Path> files = Files.list(target())) {
            var found = files.filter(f -> f.getFileName().toString().startsWith(name + "_")
                    && f.getFileName().toString().endsWith("_all.deb")).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one " + name + "_*_all.deb in " + target() + ", found " + found);
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks the data of {@code deb} into {@code dir} with dpkg-deb -x, as dpkg would lay it out. */
    static Path extract(Path deb, Path dir) {
        Command.run(dir.getParent(), DPKG_TIMEOUT, "dpkg-deb", "-x", deb.toString(), dir.toString()).ok();
        return dir;
    }

    /** One maintainer script or control file, from dpkg-deb -I DEB NAME. */
    static String controlFile(Path deb, String name) {
        return Command.run(target(), DPKG_TIMEOUT, "dpkg-deb", "-I", deb.toString(), name).ok().stdout();
    }
}
