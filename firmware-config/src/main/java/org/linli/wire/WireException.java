package org.linli.wire;

/** A message that breaks the wire contract: the reason to count it under, and a detail naming the field. */
public final class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public WireException(RejectReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
