package org.linli.cloud.tickets;

import java.util.Optional;

/**
 * The image types a ticket photo may be, told by the file's first bytes (its magic number), never by
 * the client's file name or {@code Content-Type}: JPEG ({@code FF D8 FF}), PNG ({@code 89 50 4E 47 0D 0A 1A 0A})
 * and WebP ({@code RIFF....WEBP}). Pure.
 */
public enum ImageType {
    JPEG("image/jpeg", "jpg"),
    PNG("image/png", "png"),
    WEBP("image/webp", "webp");

    private final String contentType;
    private final String extension;

    ImageType(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The {@code Content-Type} the photo is served with. */
    public String contentType() {
        return contentType;
    }

    /** The extension of the stored file. */
    public String extension() {
        return extension;
    }

    /** The type whose magic number {@code head} starts with; empty for anything else (HTML, SVG, PDF, text …). */
    public static Optional<ImageType> sniff(byte[] head) {
        if (head == null) {
            return Optional.empty();
        }
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /** The type of a stored photo by its content type; empty for an unknown one. */
    public static Optional<ImageType> ofContentType(String contentType) {
        for (ImageType t : values()) {
            if (t.contentType.equals(contentType)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int offset, int... magic) {
        if (data.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
