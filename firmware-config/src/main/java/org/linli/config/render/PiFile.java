package org.linli.config.render;

/**
 * A file the first boot places on the Pi.
 *
 * @param path    absolute path on the Pi, e.g. {@code /etc/linli/gateway.yaml}
 * @param content the file's text
 * @param secret  true for passwords and keys: mode 0600 (else 0644), owner root either way
 */
record PiFile(String path, String content, boolean secret) {
    String mode() {
        return secret ? "0600" : "0644";
    }

    @Override
    public String toString() {
        return "PiFile[" + path + "]";
    }
}
