package org.linli.wire;

import org.linli.config.canteen.VerificationMethod;

import java.util.Objects;

/**
 * What a networked face-check terminal (or card, ID or PIN reader) reports to the gateway, over the
 * LAN broker or HTTP. The face is matched on the terminal: only the member id, the verdict and a
 * score arrive; a payload with anything like face data is refused ({@link RejectReason#FACE_DATA}).
 *
 * <pre>{@code
 * {"eventId":"t1-000123","terminal":"t1","member":"m-8f3a","method":"face","matched":true,"score":91}
 * }</pre>
 *
 * @param eventId  the terminal's id for this event (a retry repeats it); unique per terminal
 * @param terminal the terminal
 * @param member   the member the terminal named, or null when nobody was recognised
 * @param method   face, card, id or pin
 * @param matched  the terminal's verdict
 * @param score    face match score 0-100 (0 for the other methods)
 * @param item     a priced item instead of the window's set meal, or null
 */
public record TerminalEvent(String eventId, String terminal, String member, VerificationMethod method,
                            boolean matched, int score, String item) {

    public TerminalEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(method, "method");
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be 0-100, got " + score);
        }
    }
}
