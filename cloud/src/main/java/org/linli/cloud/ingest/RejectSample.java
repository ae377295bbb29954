package org.linli.cloud.ingest;

import java.time.Instant;

/**
 * A refused message kept for inspection.
 *
 * @param at      when it was refused
 * @param topic   the topic it came on
 * @param detail  what was wrong
 * @param payload the payload as text, cut to {@link IngestCounters#SAMPLE_CHARS} characters
 */
public record RejectSample(Instant at, String topic, String detail, String payload) {
}
