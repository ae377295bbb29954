package org.linli.cloud.spaces;

import java.util.Objects;

/**
 * What an uploaded site plan is, told from its bytes alone (the name and the declared type are never
 * trusted): a PNG or a JPEG with its size in pixels. Anything else is refused with a reason. Pure: no
 * decoder runs on the upload, only the header is read, so a crafted file cannot make the server decode
 * gigapixels.
 *
 * @param contentType {@code image/png} or {@code image/jpeg}
 * @param width       pixels
 * @param height      pixels
 */
public record PlanImage(String contentType, int width, int height) {
    /** Widest and highest plan accepted, in pixels. */
    public static final int MAX_SIDE = 16_384;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    public PlanImage {
        Objects.requireNonNull(contentType, "contentType");
    }

    /** Why an upload is refused: {@code code} is the counter's name, {@code getMessage()} the text for the admin. */
    public static final class Refused extends Exception {
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** The image in {@code bytes}, or {@link Refused} when they are not a PNG or JPEG of a sensible size. */
    public static PlanImage of(byte[] bytes, long maxBytes) throws Refused {
        if (bytes == null || bytes.length == 0) {
            throw new Refused("plan-empty", "the upload is empty");
        }
        if (bytes.length > maxBytes) {
            throw new Refused("plan-oversize", "the plan is " + bytes.length + " bytes, at most " + maxBytes + " are accepted");
        }
        PlanImage image;
        if (startsWith(bytes, PNG)) {
            image = png(bytes);
        } else if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            image = jpeg(bytes);
        } else {
            throw new Refused("plan-not-image", "not a PNG or JPEG image (its content was checked, not its name)");
        }
        if (image.width() < 1 || image.height() < 1 || image.width() > MAX_SIDE || image.height() > MAX_SIDE) {
            throw new Refused("plan-bad-size", "the image is " + image.width() + "×" + image.height()
                    + " pixels; each side must be 1 to " + MAX_SIDE);
        }
        return image;
    }

    private static PlanImage png(byte[] b) throws Refused {
        // signature, then the IHDR chunk: length (4), "IHDR", width (4), height (4)
        if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw new Refused("plan-not-image", "a PNG without its IHDR header");
        }
        return new PlanImage("image/png", int32(b, 16), int32(b, 20));
    }

    private static PlanImage jpeg(byte[] b) throws Refused {
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xff) != 0xff) {
                throw new Refused("plan-not-image", "a JPEG with a broken segment at byte " + i);
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) {
                i++;
                continue;
            }
            if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                i += 2;
                continue;
            }
            if (marker == 0xd9 || marker == 0xda) {
                break;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (frame) {
                if (i + 9 > b.length) {
                    break;
                }
                int height = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                int width = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                return new PlanImage("image/jpeg", width, height);
            }
            if (length < 2) {
                break;
            }
            i += 2 + length;
        }
        throw new Refused("plan-not-image", "a JPEG without a frame header");
    }

    private static int int32(byte[] b, int at) {
        long v = ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
