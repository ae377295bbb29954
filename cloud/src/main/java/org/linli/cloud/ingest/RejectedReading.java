package org.linli.cloud.ingest;

import org.linli.wire.Reading;
import org.linli.wire.RejectReason;

/**
 * A reading refused while the rest of its batch was taken.
 *
 * @param reading the reading as it came
 * @param reason  why
 * @param detail  what exactly, for the log
 */
public record RejectedReading(Reading reading, RejectReason reason, String detail) {
}
