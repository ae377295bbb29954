package org.linli.config.flash;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mtools binaries (mcopy, mmd, mtype, mdir), found in a given directory or on PATH. They read and
 * write a FAT file system inside an image file at a byte offset, so flashing needs no root and no loop
 * mount.
 */
public final class Mtools {
    static final String INSTALL_HINT = "install the Debian package mtools (sudo apt-get install mtools;"
            + " on a development machine: deploy/local/stack.sh install-test-tools)";
    // Image files have no drive geometry; without this mtools refuses file systems whose size is not a
    // multiple of its idea of sectors per track, which mkfs.fat and the Pi OS images do not promise.
    private static final Map<String, String> ENV = Map.of("MTOOLS_SKIP_CHECK", "1");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path mcopy;
    private final Path mmd;
    private final Path mtype;
    private final Path mdir;

    private Mtools(Path mcopy, Path mmd, Path mtype, Path mdir) {
        this.mcopy = mcopy;
        this.mmd = mmd;
        this.mtype = mtype;
        this.mdir = mdir;
    }

    /** Finds the binaries in {@code dir}, or on PATH when it is empty; fails naming the package to install. */
    public static Mtools locate(Optional<Path> dir) throws FlashException {
        return new Mtools(find("mcopy", dir), find("mmd", dir), find("mtype", dir), find("mdir", dir));
    }

    private static Path find(String name, Optional<Path> dir) throws FlashException {
        List<Path> places = new ArrayList<>();
        if (dir.isPresent()) {
            places.add(dir.get());
        } else {
            for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!p.isEmpty()) {
                    places.add(Path.of(p));
                }
            }
        }
        for (Path place : places) {
            Path candidate = place.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String where = dir.map(d -> "in " + d).orElse("on PATH");
        throw new FlashException(name + " not found " + where + "; " + INSTALL_HINT);
    }

    Exec.Result mcopy(String... args) throws FlashException {
        return run(mcopy, args);
    }

    Exec.Result mmd(String... args) throws FlashException {
        return run(mmd, args);
    }

    Exec.Result mtype(String... args) throws FlashException {
        return run(mtype, args);
    }

    Exec.Result mdir(String... args) throws FlashException {
        return run(mdir, args);
    }

    private static Exec.Result run(Path binary, String... args) throws FlashException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        try {
            return Exec.run(command, ENV, TIMEOUT);
        } catch (IOException e) {
            throw new FlashException("cannot run " + binary + ": " + e.getMessage() + "; " + INSTALL_HINT, e);
        }
    }
}
