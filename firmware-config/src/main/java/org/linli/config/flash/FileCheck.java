package org.linli.config.flash;

/**
 * One line of the flash report: a file on the boot partition, its expected size, and whether what was
 * read back is byte-equal (SHA-256) to what was meant to be written.
 */
public record FileCheck(String path, long size, Status status) {

    /** The outcome of reading the file back. */
    public enum Status {
        OK("ok"), MISMATCH("MISMATCH"), MISSING("MISSING");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
