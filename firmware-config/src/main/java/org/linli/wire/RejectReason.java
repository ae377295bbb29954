package org.linli.wire;

import java.util.Locale;

/** Why a message or a reading was refused. Counted per reason by whoever refuses it. */
public enum RejectReason {
    /** Larger than {@link WireLimits#MAX_BYTES}. */
    TOO_LARGE,
    /** Not JSON, or nested deeper than a batch can be. */
    NOT_JSON,
    /** The contract version is not one this side speaks. */
    UNSUPPORTED_VERSION,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field has the wrong type or an impossible value. */
    BAD_FIELD,
    /** More readings or values than the limits allow. */
    TOO_MANY,
    /** The topic is not part of the contract. */
    BAD_TOPIC,
    /** The payload names another site or gateway than the topic it came on. */
    TOPIC_MISMATCH,
    /** The gateway is not in the site inventory. */
    UNKNOWN_GATEWAY,
    /** The sensor is not configured on that gateway. */
    UNKNOWN_SENSOR,
    /**
     * The payload carries something that looks like face data (an image, a template, a feature
     * vector): PIPL and the 2025 facial-recognition measures keep face data on the terminal.
     */
    FACE_DATA;

    /** The reason as a metric tag or log word: lower case with hyphens. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
