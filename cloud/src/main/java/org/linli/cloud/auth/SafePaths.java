package org.linli.cloud.auth;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves a name taken from a request (a download's file name) inside a base folder, refusing
 * anything that could leave it: separators, {@code ..}, control characters, absolute paths, a
 * leading dot. Use it for every download whose name comes from a URL.
 */
public final class SafePaths {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private SafePaths() {
    }

    /** {@code base/name}, or empty when {@code name} is not a plain file name. */
    public static Optional<Path> resolve(Path base, String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        Path root = base.toAbsolutePath().normalize();
        Path file = root.resolve(name).normalize();
        return file.getParent() != null && file.getParent().equals(root) ? Optional.of(file) : Optional.empty();
    }
}
