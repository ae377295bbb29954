package org.linli.config.flash;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A FAT boot partition that bundle files go onto: inside a disk image (through mtools, no root mount) or
 * a mounted one. Paths are relative and {@code /}-separated.
 */
public interface BootTarget {

    /** For messages: the image and offset, or the directory. */
    String describe();

    /** The partition's size in bytes; a bundle larger than this cannot fit. */
    long capacityBytes() throws FlashException;

    boolean exists(String path) throws FlashException;

    void makeDirectory(String path) throws FlashException;

    /** Copies {@code source} to {@code path}, replacing a file that is there. */
    void copy(Path source, String path) throws FlashException;

    void write(String path, byte[] content) throws FlashException;

    /** The file's bytes as they are on the partition, or empty when there is no such file. */
    Optional<byte[]> read(String path) throws FlashException;
}
