package org.linli.config.flash;

import java.nio.file.Path;

/**
 * One file of a bundle: its path on the boot partition ({@code /}-separated, relative), where it is read
 * from, its size and SHA-256 (hex) at the time the bundle was read.
 */
public record BundleFile(String path, Path source, long size, String sha256) {
}
