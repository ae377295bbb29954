package org.linli.gateway.uplink;

/**
 * A batch as the uplink keeps it until the cloud broker acknowledges it: already encoded, so a
 * resend is byte for byte the first send, with the same boot id and sequence number.
 *
 * @param bootId   the boot it was formed in
 * @param seq      its number within that boot
 * @param readings how many readings it holds, for the buffer bound
 * @param payload  the encoded {@link org.linli.wire.ReadingBatch}
 */
public record StoredBatch(String bootId, long seq, int readings, byte[] payload) {

    /** Whether {@code other} is the same batch. */
    public boolean sameBatch(StoredBatch other) {
        return seq == other.seq && bootId.equals(other.bootId);
    }

    /** The batch as {@code bootId/seq}, for logs and as a key. */
    public String key() {
        return bootId + "/" + seq;
    }
}
