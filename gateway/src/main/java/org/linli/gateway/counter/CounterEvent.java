package org.linli.gateway.counter;

import org.linli.config.canteen.VerificationMethod;

import java.time.Instant;
import java.util.Objects;

/**
 * Someone presented themselves at a canteen terminal.
 *
 * @param terminalId the terminal
 * @param canteenId  the canteen the terminal stands in
 * @param method     how they were identified
 * @param memberId   the member the terminal or the roster named; null when nobody was recognised
 * @param matched    the terminal's verdict (face match; for card, ID and PIN: the credential was known)
 * @param score      the face match score, 0-100 (0 for the other methods)
 * @param item       a priced item ordered instead of the window's set meal; null for the set meal
 * @param time       when the edge received it, from the gateway's clock; null to let the engine stamp it.
 *                   A terminal's own clock is not used: it may drift, and Wiegand carries no time at all
 */
public record CounterEvent(String terminalId, String canteenId, VerificationMethod method, String memberId,
                           boolean matched, int score, String item, Instant time) {

    public CounterEvent {
        Objects.requireNonNull(terminalId, "terminalId");
        Objects.requireNonNull(canteenId, "canteenId");
        Objects.requireNonNull(method, "method");
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be 0-100, got " + score);
        }
    }

    /** A face check from the terminal: member id, verdict and score. */
    public static CounterEvent face(String terminalId, String canteenId, String memberId, boolean matched, int score,
                                    Instant time) {
        return new CounterEvent(terminalId, canteenId, VerificationMethod.FACE, memberId, matched, score, null, time);
    }

    /** A card, ID card or PIN; {@code memberId} is null when the roster does not know the credential. */
    public static CounterEvent credential(String terminalId, String canteenId, VerificationMethod method,
                                          String memberId, Instant time) {
        return new CounterEvent(terminalId, canteenId, method, memberId, memberId != null, 0, null, time);
    }

    /** The same event for a priced item instead of the set meal. */
    public CounterEvent withItem(String newItem) {
        return new CounterEvent(terminalId, canteenId, method, memberId, matched, score, newItem, time);
    }
}
