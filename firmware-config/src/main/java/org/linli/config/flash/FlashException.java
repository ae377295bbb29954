package org.linli.config.flash;

/**
 * Flashing cannot start or cannot finish: the bundle or the target is unusable, or a tool failed.
 * The message is meant for the installer and names the file, the reason and, where there is one, the fix.
 * It never carries the content of a bundle file.
 */
public final class FlashException extends Exception {
    public FlashException(String message) {
        super(message);
    }

    public FlashException(String message, Throwable cause) {
        super(message, cause);
    }
}
